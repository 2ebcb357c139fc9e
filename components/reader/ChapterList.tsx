/**
 * The chapter list drawer inside the reader view: every chapter with its title, a tick for the
 * chapters read, where the reader stopped, and the chapter open now. Links jump with the mouse or
 * the keyboard (Tab, or ↑ / ↓ between chapters; Esc closes the list).
 */
import { useEffect, useRef } from 'preact/hooks';
import type { StoryState } from '../../lib/reader/story-state';
import { t, tn } from '../../lib/i18n';

export function ChapterList({
  story,
  currentId,
  onGo,
  onClose,
}: {
  story: StoryState;
  currentId: string;
  onGo(url: string): void;
  onClose(): void;
}) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    // Focus the chapter open now, so ↑ / ↓ start from there.
    const list = ref.current;
    (list?.querySelector<HTMLElement>('[aria-current=page]') ?? list?.querySelector<HTMLElement>('a'))?.focus();
  }, []);
  const onKeyDown = (e: KeyboardEvent) => {
    const links = Array.from(ref.current?.querySelectorAll<HTMLAnchorElement>('a[data-chapter-id]') ?? []);
    const at = links.indexOf(e.target as HTMLAnchorElement);
    let to = -1;
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key === 'ArrowDown') to = Math.min(links.length - 1, at + 1);
    else if (e.key === 'ArrowUp') to = Math.max(0, at - 1);
    else if (e.key === 'Home') to = 0;
    else if (e.key === 'End') to = links.length - 1;
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      // Inside the list the arrows move in the list, not to another chapter.
      e.stopPropagation();
      return;
    }
    if (to < 0) return;
    e.preventDefault();
    e.stopPropagation();
    links[to]?.focus();
  };
  return (
    <nav class="cr-drawer" aria-label={t('chapterList')} data-testid="chapter-list" ref={ref} onKeyDown={onKeyDown}>
      <div class="cr-drawer-head">
        <h2>{t('chapters')}</h2>
        <button type="button" class="cr-btn" data-testid="chapter-list-close" onClick={onClose}>
          {t('close')}
        </button>
      </div>
      <ol>
        {story.toc.map((e, i) => {
          const current = e.id === currentId;
          const read = story.read.has(e.id);
          const stopped = e.id === story.stoppedAt && !current;
          return (
            <li key={e.id} data-read={read ? 'true' : undefined}>
              <a
                href={e.url}
                data-chapter-id={e.id}
                aria-current={current ? 'page' : undefined}
                onClick={(ev) => {
                  if (ev.button !== 0 || ev.ctrlKey || ev.metaKey || ev.shiftKey || ev.altKey) return;
                  ev.preventDefault();
                  if (current) onClose();
                  else onGo(e.url);
                }}
              >
                <span class="cr-tick" aria-hidden="true">
                  {read ? '✓' : ''}
                </span>
                <span>
                  {t('tocEntry', [i + 1, e.title || t('chapterN', i + 1)])}
                </span>
                {read ? <span class="cr-sr-only"> {t('tocRead')}</span> : null}
                {current ? <span class="cr-here"> — {t('tocReadingNow')}</span> : null}
                {stopped ? <span class="cr-here"> — {t('tocStoppedHere')}</span> : null}
                {e.words ? <span class="cr-muted"> · {tn('words', e.words)}</span> : null}
              </a>
            </li>
          );
        })}
      </ol>
    </nav>
  );
}
