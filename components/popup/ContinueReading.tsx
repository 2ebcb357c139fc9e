import type { PopupApi } from '../../lib/popup/api';
import { continueStories, lastChapterLabel, newText, unreadText } from '../../lib/popup/format';
import { RECENT_LIMIT } from '../../lib/library/first-read';
import { readingUrl } from '../../lib/sites/hosts';
import { useLibrary } from './hooks';
import { t } from '../../lib/i18n';

export function ContinueReading({ api }: { api: PopupApi }) {
  const library = useLibrary(api, RECENT_LIMIT);
  const stories = library.kind === 'ready' ? continueStories(library.stories, RECENT_LIMIT) : [];
  return (
    <section
      class="cr-panel cr-continue"
      aria-labelledby="cr-continue-heading"
      aria-busy={library.kind === 'loading' || (library.kind === 'ready' && library.fromSnapshot === true)}
    >
      <h2 id="cr-continue-heading" class="cr-heading">
        {t('continueReading')}
      </h2>
      {library.kind === 'loading' && <p class="cr-muted">{t('loadingLibrary')}</p>}
      {library.kind === 'failed' && <p class="cr-muted">{t('libraryNotLoaded')}</p>}
      {library.kind === 'ready' && stories.length === 0 && (
        <p class="cr-muted" data-testid="continue-empty" data-source={library.fromSnapshot ? 'snapshot' : 'library'}>
          {t('continueEmpty')}
        </p>
      )}
      {stories.length > 0 && (
        <ul
          class="cr-continue-list"
          data-testid="continue-list"
          data-source={library.kind === 'ready' && library.fromSnapshot ? 'snapshot' : 'library'}
        >
          {stories.map((s) => {
            const where = lastChapterLabel(s);
            const news = newText(s);
            const unread = unreadText(s);
            return (
              <li key={s.key}>
                <button
                  type="button"
                  class="cr-continue-item"
                  data-story-key={s.key}
                  onClick={() => {
                    const url = readingUrl(s);
                    if (url) void api.openTab(url);
                  }}
                >
                  <span class="cr-continue-title">{s.title}</span>
                  {where && <span class="cr-continue-where">{where}</span>}
                  {news && (
                    <span class="cr-continue-new" data-testid="new-count">
                      {news}
                    </span>
                  )}
                  {unread && (
                    <span class="cr-continue-unread" data-testid="unread-count">
                      {unread}
                    </span>
                  )}
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <button type="button" class="cr-button cr-open-library" data-testid="open-library" onClick={() => void api.openLibrary()}>
        {t('openLibrary')}
      </button>
    </section>
  );
}
