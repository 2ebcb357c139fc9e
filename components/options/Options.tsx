import type { OptionsApi } from '../../lib/options/api';
import type { PopupApi } from '../../lib/popup/api';
import { BackupSection } from '../library/BackupSection';
import { useReaderTheme } from '../library/hooks';
import { SyncSection } from '../library/SyncSection';
import { UpdateSettingsSection } from '../library/UpdateSettingsSection';
import { useSettings } from '../popup/hooks';
import { ListsSection } from './ListsSection';
import { NotesSection } from './NotesSection';
import { PrivacySection } from './PrivacySection';
import { ReadingSection } from './ReadingSection';
import { SitesSection } from './SitesSection';

const SECTIONS = [
  ['reading', 'Reading'],
  ['notes', "Author's notes"],
  ['sites', 'Sites'],
  ['lists', 'Story lists'],
  ['updates', 'New chapters'],
  ['sync', 'Sync'],
  ['backup', 'Backup'],
  ['privacy', 'Privacy'],
] as const;

/** The options page: every setting in one place (the popup keeps the quick ones). */
export function Options({ api, root }: { api: OptionsApi; root?: HTMLElement }) {
  useReaderTheme(api, root);
  // The settings hook needs only the storage of the popup's API.
  const { settings, update } = useSettings({ storage: api.storage } as PopupApi);
  return (
    <div class="lib-page opt-page">
      <header class="lib-header">
        <h1>Calm Reader settings</h1>
        <nav aria-label="Sections" class="opt-nav">
          {SECTIONS.map(([id, label]) => (
            <a key={id} href={`#${id}`}>
              {label}
            </a>
          ))}
        </nav>
      </header>
      <main>
        <ReadingSection settings={settings} update={update} />
        <NotesSection api={api} settings={settings} update={update} />
        <SitesSection api={api} settings={settings} update={update} />
        <ListsSection api={api} />
        <UpdateSettingsSection api={api} onChecked={() => undefined} />
        <SyncSection api={api} />
        <BackupSection api={api} onImported={() => undefined} />
        <p class="lib-muted">
          Your stories are on the{' '}
          <a
            href="library.html"
            data-testid="open-library"
            onClick={(e) => {
              e.preventDefault();
              void api.openLibrary();
            }}
          >
            library page
          </a>
          .
        </p>
        <PrivacySection />
      </main>
    </div>
  );
}
