import { useCallback, useRef, useState } from 'preact/hooks';
import type { LibraryApi } from '../../lib/library-page/api';
import { BackupSection } from './BackupSection';
import { useLibrary, useReaderTheme } from './hooks';
import { LibraryList } from './LibraryList';
import { UpdateSettingsSection } from './UpdateSettingsSection';
import { SyncSection } from './SyncSection';

/** Shown when the library has no stories yet. */
export function EmptyLibrary() {
  return (
    <div class="lib-empty lib-welcome" data-testid="library-empty">
      <h2>Your library is empty</h2>
      <p>
        Stories appear here by themselves: open a chapter on a supported site (Archive of Our Own, FanFiction.net and
        others) and Calm Reader remembers where you stopped.
      </p>
      <p>
        To hear about new chapters, follow a story from the toolbar popup or from the reader view. You can also import a
        backup below.
      </p>
    </div>
  );
}

/** The Library page: every story across sites, update settings and backup. */
export function Library({ api, root }: { api: LibraryApi; root?: HTMLElement }) {
  useReaderTheme(api, root);
  const { state, reload, replaceStory, removeStory } = useLibrary(api);
  const [message, setMessage] = useState<{ text: string; kind: 'status' | 'error'; n: number } | null>(null);
  const n = useRef(0);

  const announce = useCallback((text: string, kind: 'status' | 'error' = 'status') => {
    setMessage({ text, kind, n: ++n.current });
  }, []);

  return (
    <div class="lib-page">
      <header class="lib-header">
        <h1>Calm Reader library</h1>
        <nav aria-label="Sections">
          <a href="#stories">Stories</a>
          <a href="#updates">New chapters</a>
          <a href="#backup">Backup</a>
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
            Loading your library…
          </p>
        )}
        {state.kind === 'failed' && (
          <div class="lib-error" role="alert" data-testid="library-failed">
            <p>Couldn't load your library. {state.message}</p>
            <button type="button" class="lib-button" onClick={() => void reload()}>
              Try again
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
