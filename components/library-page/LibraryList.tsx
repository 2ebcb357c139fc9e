import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { LibraryApi } from '../../lib/library-page/api';
import type { ReadingStatus, StoryRecord } from '../../lib/library/types';
import { checkResultText, countText, READING_STATUSES, statusLabel } from '../../lib/library-page/format';
import { t, tn } from '../../lib/i18n';
import { readingUrl } from '../../lib/sites/hosts';
import {
  buildIndex,
  EMPTY_FILTER,
  filterItems,
  warmUpFilter,
  isFiltered,
  sitesIn,
  sortItems,
  type LibraryFilter,
  type SortKey,
  type StatusFilter,
} from '../../lib/library-page/query';
import { SelectField, type Option } from '../shared/SelectField';
import { CheckboxField } from '../shared/CheckboxField';
import { useRowHeight } from './hooks';
import { StoryRow, type RowActions } from './StoryRow';
import { VirtualList } from './VirtualList';

const sortOptions = (): readonly Option<SortKey>[] => [
  { value: 'last-read', label: t('sortLastRead') },
  { value: 'last-updated', label: t('sortLastUpdated') },
  { value: 'unread', label: t('sortUnread') },
  { value: 'title', label: t('sortTitle') },
];

const statusFilterOptions = (): readonly Option<StatusFilter>[] => [
  { value: 'any', label: t('anyStatus') },
  ...READING_STATUSES.map((s) => ({ value: s, label: statusLabel(s) })),
  { value: 'none', label: t('noStatus') },
];

export interface LibraryListProps {
  api: LibraryApi;
  stories: StoryRecord[];
  /** Only the most recent stories have arrived so far. */
  partial?: boolean;
  replaceStory(story: StoryRecord): void;
  removeStory(key: string): void;
  /** Announce the outcome of an action (polite) or an error (alert). */
  announce(text: string, kind?: 'status' | 'error'): void;
}

export function LibraryList({ api, stories, partial = false, replaceStory, removeStory, announce }: LibraryListProps) {
  const [filter, setFilter] = useState<LibraryFilter>(EMPTY_FILTER);
  const [sort, setSort] = useState<SortKey>('last-read');
  const [confirmKey, setConfirmKey] = useState<string | null>(null);
  const [busyKeys, setBusyKeys] = useState<ReadonlySet<string>>(new Set());
  const rowHeight = useRowHeight();
  const listRef = useRef<HTMLDivElement>(null);

  const items = useMemo(() => buildIndex(stories), [stories]);
  const sorted = useMemo(() => sortItems(items, sort), [items, sort]);
  const shown = useMemo(() => filterItems(sorted, filter), [sorted, filter]);
  // Once the whole library is here, the search is compiled while the page is idle, not on the first keystrokes.
  useEffect(() => {
    if (partial) return;
    const idle = globalThis.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 1));
    const cancel = globalThis.cancelIdleCallback ?? clearTimeout;
    const id = idle(() => warmUpFilter(sorted));
    return () => cancel(id as number);
  }, [sorted, partial]);
  const sites = useMemo(() => sitesIn(stories, api.siteName), [stories, api]);
  const siteOptions = useMemo<Option<string>[]>(
    () => [{ value: 'all', label: t('allSites') }, ...sites.map((s) => ({ value: s.id, label: s.name }))],
    [sites],
  );
  // Dates are relative to when the list was (re)loaded, so rows stay memoised between renders.
  const now = useMemo(() => api.now(), [api, stories]);

  const patch = (p: Partial<LibraryFilter>) => setFilter((f) => ({ ...f, ...p }));
  const setBusy = (key: string, on: boolean) =>
    setBusyKeys((cur) => {
      const next = new Set(cur);
      if (on) next.add(key);
      else next.delete(key);
      return next;
    });

  const focusRowSoon = (key: string | null) => {
    // After a confirmation closes, put focus back on the row (or the list) so keyboard users keep their place.
    queueMicrotask(() => {
      const root = listRef.current;
      if (!root) return;
      const row = key ? root.querySelector<HTMLElement>(`[data-story-key="${CSS.escape(key)}"]`) : null;
      (row ?? root.querySelector<HTMLElement>('[role="listitem"][tabindex="0"]'))?.focus();
    });
  };

  const actions = useMemo<RowActions>(
    () => ({
      onContinue(s) {
        const url = readingUrl(s);
        if (url) api.openTab(url).catch(() => announce(t('openFailed', s.title), 'error'));
      },
      async onFollow(s, followed) {
        replaceStory({ ...s, followed });
        try {
          const res = await api.sendToBackground('story/follow', { storyKey: s.key, followed });
          if (res?.story) replaceStory(res.story);
          announce(followed ? t('nowFollowing', s.title) : t('stoppedFollowing', s.title));
        } catch {
          replaceStory(s);
          announce(t('followFailed', s.title), 'error');
        }
      },
      async onStatus(s, readingStatus: ReadingStatus | null) {
        replaceStory({ ...s, readingStatus });
        try {
          const res = await api.sendToBackground('story/set-status', { storyKey: s.key, readingStatus });
          if (res?.story) replaceStory(res.story);
          announce(t('statusSet', [s.title, readingStatus ? statusLabel(readingStatus) : t('noStatusLower')]));
        } catch {
          replaceStory(s);
          announce(t('statusFailed', s.title), 'error');
        }
      },
      async onCheck(s) {
        setBusy(s.key, true);
        try {
          const res = await api.sendToBackground('updates/check-now', { storyKey: s.key });
          announce(checkResultText(res ?? { checked: 0, newChapters: 0 }, s.title));
          const fresh = await api.sendToBackground('story/get', { storyKey: s.key });
          if (fresh?.story) replaceStory(fresh.story);
        } catch {
          announce(t('checkFailedFor', s.title), 'error');
        } finally {
          setBusy(s.key, false);
        }
      },
      onAskRemove(s) {
        setConfirmKey(s.key);
        queueMicrotask(() =>
          listRef.current?.querySelector<HTMLElement>(`[data-story-key="${CSS.escape(s.key)}"] [data-autofocus]`)?.focus(),
        );
      },
      onCancelRemove(s) {
        setConfirmKey(null);
        focusRowSoon(s.key);
      },
      async onConfirmRemove(s) {
        setConfirmKey(null);
        try {
          const res = await api.sendToBackground('story/delete', { storyKey: s.key });
          if (res && res.ok === false) throw new Error('refused');
          removeStory(s.key);
          announce(t('removed', s.title));
          focusRowSoon(null);
        } catch {
          announce(t('removeFailed', s.title), 'error');
        }
      },
    }),
    [api, replaceStory, removeStory, announce],
  );

  const onActivate = useCallback((i: number) => shown[i] && actions.onContinue(shown[i].story), [shown, actions]);

  const renderRow = (i: number, top: number, active: boolean) => {
    const s = shown[i].story;
    return (
      // Keyed by position, not by story: when a keystroke changes the rows, the rows in view are
      // updated in place (text and attributes) instead of about 400 elements made and styled anew.
      <StoryRow
        key={i}
        story={s}
        index={i}
        total={shown.length}
        top={top}
        height={rowHeight}
        active={active}
        confirming={confirmKey === s.key}
        busy={busyKeys.has(s.key)}
        siteName={api.siteName(s.site)}
        now={now}
        actions={actions}
      />
    );
  };

  const filtered = isFiltered(filter);
  const resetKey = JSON.stringify([filter, sort]);

  return (
    <section class="lib-section lib-stories" aria-labelledby="lib-stories-h">
      <div class="lib-section-head">
        <h2 id="lib-stories-h">{t('storiesHeading')}</h2>
        <p class="lib-count" id="lib-count" aria-live="polite" data-testid="library-count">
          {partial ? tn('partialList', stories.length) : countText(shown.length, stories.length)}
        </p>
      </div>
      <div class="lib-toolbar" role="search" aria-label={t('searchAndFilter')}>
        <div class="cr-field lib-search">
          <label for="lib-search" class="cr-label">
            {t('search')}
          </label>
          <input
            id="lib-search"
            type="search"
            class="lib-input"
            placeholder={t('searchPlaceholder')}
            autocomplete="off"
            spellcheck={false}
            value={filter.text}
            data-testid="library-search"
            aria-describedby="lib-count"
            onInput={(e) => patch({ text: (e.currentTarget as HTMLInputElement).value })}
          />
        </div>
        <SelectField label={t('sortBy')} value={sort} options={sortOptions()} onChange={(v: SortKey) => setSort(v)} testId="library-sort" />
        <SelectField label={t('site')} value={filter.site} options={siteOptions} onChange={(site) => patch({ site })} testId="library-filter-site" />
        <SelectField
          label={t('status')}
          value={filter.status}
          options={statusFilterOptions()}
          onChange={(status) => patch({ status })}
          testId="library-filter-status"
        />
        <CheckboxField
          label={t('followedOnly')}
          checked={filter.followedOnly}
          onChange={(followedOnly) => patch({ followedOnly })}
          testId="library-filter-followed"
        />
      </div>
      {shown.length === 0 ? (
        <div class="lib-empty" data-testid="no-matches">
          <p>{filter.text.trim() ? t('noMatchText', filter.text.trim()) : t('noMatchFilters')}</p>
          {filtered && (
            <button type="button" class="lib-button" data-testid="clear-filters" onClick={() => setFilter(EMPTY_FILTER)}>
              {t('clearFilters')}
            </button>
          )}
        </div>
      ) : (
        <div ref={listRef}>
          <p class="lib-hint" id="lib-keys">
            {t('listTip')}
          </p>
          <VirtualList
            count={shown.length}
            rowHeight={rowHeight}
            label={t('storiesHeading')}
            describedBy="lib-keys"
            resetKey={resetKey}
            renderRow={renderRow}
            onActivate={onActivate}
            testId="library-list"
          />
        </div>
      )}
    </section>
  );
}
