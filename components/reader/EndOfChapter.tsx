/**
 * The end of a chapter: "End of chapter N" with the next chapter as a big target; on the last
 * posted chapter "You're caught up" (work in progress: Follow, when it last updated) or "The end"
 * (complete); and the site's own kudos / comments / reviews page for the chapter.
 */
import { dayText, endOf, metaOf } from '../../lib/reader/work';
import type { StoryState } from '../../lib/reader/story-state';
import type { Chapter } from '../../lib/sites/types';
import { t } from '../../lib/i18n';

/** "Next: Chapter 4: The Storm", "Next chapter". */
function nextLabel(n: number | null, title: string | null | undefined): string {
  if (n === null) return title ? t('nextTitled', title) : t('nextChapterLower');
  const next = t('chapterN', n + 1);
  return t('nextTitled', title ? t('labelTitled', [next, title]) : next);
}

export function EndOfChapter({
  chapter,
  story,
  onNext,
  onFollow,
  onSite,
}: {
  chapter: Chapter;
  story: StoryState;
  onNext(): void;
  onFollow?(on: boolean, event?: Event): void;
  onSite(url: string): void;
}) {
  const kind = endOf(chapter);
  if (kind === 'none') return null;
  const meta = metaOf(chapter);
  const n = chapter.chapterIndex;
  const at = story.toc.findIndex((e) => e.id === chapter.chapterId);
  const next = at >= 0 ? story.toc[at + 1] : undefined;
  const updated = meta.updated ?? chapter.siteUpdatedAt ?? meta.published ?? null;
  return (
    <section class="cr-end" data-testid="chapter-end" data-end={kind} aria-label={t('endOfChapter')}>
      {kind === 'next' ? (
        <>
          <p class="cr-end-title">{n !== null ? t('endOfChapterN', n) : t('endOfChapter')}</p>
          <a
            class="cr-btn cr-next-big"
            href={chapter.nextUrl!}
            data-testid="end-next"
            onClick={(e) => {
              if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
              e.preventDefault();
              onNext();
            }}
          >
            {nextLabel(n, next?.title)} →
          </a>
        </>
      ) : kind === 'the-end' ? (
        <p class="cr-end-title">{t('theEnd')}</p>
      ) : (
        <>
          <p class="cr-end-title">{t('caughtUp')}</p>
          <p class="cr-muted" data-testid="end-status">
            {[meta.status === 'in-progress' ? t('workInProgress') : '', updated ? t('lastUpdatedDay', dayText(updated)) : '']
              .filter(Boolean)
              .join(' ')}
          </p>
          {onFollow && story.followed !== null ? (
            <button
              type="button"
              class="cr-btn"
              data-testid="end-follow"
              aria-pressed={story.followed ? 'true' : 'false'}
              onClick={(e) => onFollow(!story.followed, e)}
            >
              {story.followed ? t('endFollowing') : t('followStory')}
            </button>
          ) : null}
        </>
      )}
      {meta.feedbackUrl ? (
        <p>
          <a
            href={meta.feedbackUrl}
            data-testid="end-feedback"
            onClick={(e) => {
              if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
              e.preventDefault();
              onSite(meta.feedbackUrl!);
            }}
          >
            {meta.feedbackLabel ?? t('commentsOnSite')}
          </a>
        </p>
      ) : null}
    </section>
  );
}
