import type { OptionsApi } from '../../lib/options/api';
import type { PopupApi } from '../../lib/popup/api';
import { BackupSection } from '../library-page/BackupSection';
import { useReaderTheme } from '../library-page/hooks';
import { SyncSection } from '../library-page/SyncSection';
import { UpdateSettingsSection } from '../library-page/UpdateSettingsSection';
import { useSettings } from '../popup/hooks';
import { ListsSection } from './ListsSection';
import { NotesSection } from './NotesSection';
import { PrivacySection } from './PrivacySection';
import { ReadingSection } from './ReadingSection';
import { KeysSection } from './KeysSection';
import { SitesSection } from './SitesSection';
import { WebDavSection } from './WebDavSection';
import { t, type MessageKey } from '../../lib/i18n';

const SECTIONS = [
  ['reading', 'readingHeading'],
  ['keys', 'keysHeading'],
  ['notes', 'authorsNotes'],
  ['sites', 'sitesHeading'],
  ['lists', 'storyListsHeading'],
  ['updates', 'newChaptersHeading'],
  ['sync', 'syncShort'],
  ['webdav', 'ownServerHeading'],
  ['backup', 'backupHeading'],
  ['privacy', 'privacyHeading'],
] as const satisfies readonly (readonly [string, MessageKey])[];

/** The options page: every setting in one place (the popup keeps the quick ones). */
export function Options({ api, root }: { api: OptionsApi; root?: HTMLElement }) {
  useReaderTheme(api, root);
  // The settings hook needs only the storage of the popup's API.
  const { settings, update } = useSettings({ storage: api.storage } as PopupApi);
  // The link sits where the language puts it in the sentence.
  const storiesOn = t('storiesAreOn', '\u0001').split('\u0001');
  return (
    <div class="lib-page opt-page">
      <header class="lib-header">
        <h1>{t('settingsTitle')}</h1>
        <nav aria-label={t('sections')} class="opt-nav">
          {SECTIONS.map(([id, label]) => (
            <a key={id} href={`#${id}`}>
              {t(label)}
            </a>
          ))}
        </nav>
      </header>
      <main>
        <ReadingSection settings={settings} update={update} />
        <KeysSection settings={settings} update={update} />
        <NotesSection api={api} settings={settings} update={update} />
        <SitesSection api={api} settings={settings} update={update} />
        <ListsSection api={api} />
        <UpdateSettingsSection api={api} onChecked={() => undefined} />
        <SyncSection api={api} />
        <WebDavSection api={api} />
        <BackupSection api={api} onImported={() => undefined} />
        <p class="lib-muted">
          {storiesOn[0]}
          <a
            href="library.html"
            data-testid="open-library"
            onClick={(e) => {
              e.preventDefault();
              void api.openLibrary();
            }}
          >
            {t('libraryPage')}
          </a>
          {storiesOn[1]}
        </p>
        <PrivacySection />
      </main>
    </div>
  );
}
