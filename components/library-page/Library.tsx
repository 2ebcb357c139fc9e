import { useCallback, useRef, useState } from 'preact/hooks';
import type { LibraryApi } from '../../lib/library-page/api';
import { BackupSection } from './BackupSection';
import { useLibrary, usePopupSnapshot, useReaderTheme } from './hooks';
import { LibraryList } from './LibraryList';
import { UpdateSettingsSection } from './UpdateSettingsSection';
import { SyncSection } from './SyncSection';
import { t } from '../../lib/i18n';

/** Shown when the library has no stories yet. */
export function EmptyLibrary() {
  return (
    <div class="lib-empty lib-welcome" data-testid="library-empty">
      <h2>{t('emptyLibrary')}</h2>
      <p>{t('emptyLibraryHow')}</p>
      <p>{t('emptyLibraryFollow')}</p>
    </div>
  );
}

/** The Library page: every story across sites, update settings and backup. */
export function Library({ api, root }: { api: LibraryApi; root?: HTMLElement }) {
  useReaderTheme(api, root);
  const { state, reload, replaceStory, removeStory } = useLibrary(api);
  usePopupSnapshot(api, state);
  const [message, setMessage] = useState<{ text: string; kind: 'status' | 'error'; n: number } | null>(null);
  const n = useRef(0);

  const announce = useCallback((text: string, kind: 'status' | 'error' = 'status') => {
    setMessage({ text, kind, n: ++n.current });
  }, []);

  return (
    <div class="lib-page">
      <header class="lib-header">
        <h1>{t('libraryTitle')}</h1>
        <nav aria-label={t('sections')}>
          <a href="#stories">{t('storiesHeading')}</a>
          <a href="#updates">{t('newChaptersHeading')}</a>
          <a href="#backup">{t('backupHeading')}</a>
        </nav>
      </header>
      <main id="stories">
        <div role="status" class="lib-announce" data-testid="library-status">
          {message?.kind === 'status' ? message.text : ''}
        </div>
        <div role="alert" class="lib-alert-slot">
          {message?.kind === 'error' && (
            <p class="lib-error" data-testid="library-error">
              {message.text}
            </p>
          )}
        </div>
        {state.kind === 'loading' && (
          <p class="lib-muted" data-testid="library-loading">
            {t('loadingLibrary')}
          </p>
        )}
        {state.kind === 'failed' && (
          <div class="lib-error" role="alert" data-testid="library-failed">
            <p>{t('libraryLoadFailed', state.message)}</p>
            <button type="button" class="lib-button" onClick={() => void reload()}>
              {t('tryAgain')}
            </button>
          </div>
        )}
        {state.kind === 'ready' &&
          (state.stories.length === 0 ? (
            <EmptyLibrary />
          ) : (
            <LibraryList
              api={api}
              stories={state.stories}
              partial={state.partial === true}
              replaceStory={replaceStory}
              removeStory={removeStory}
              announce={announce}
            />
          ))}
        <UpdateSettingsSection api={api} onChecked={() => void reload()} />
        <SyncSection api={api} active={state.kind === 'failed' || (state.kind === 'ready' && !state.partial)} />
        <BackupSection api={api} onImported={() => void reload()} />
      </main>
    </div>
  );
}
