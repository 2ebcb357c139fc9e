/**
 * The library list's search, filters and sort, as pure functions over a precomputed index.
 *
 * Speed: each story's search key (title, author, tags, folded to lower case without accents) and
 * sort title are built once per record object (cached, so changing one story does not re-index the
 * rest); sorting happens once per sort order or list change (memoised by the caller); each keystroke
 * then runs `filterItems`, a single pass over the already sorted items.
 * Quick local measure (Node 20 via tsx, 10,000 generated stories with 8 tags each, shuffled, on a
 * busy 2-core machine): building the index cold ≈ 30–85 ms once; sorting ≈ 5–10 ms (title ≈ 18 ms);
 * filterItems ≈ 0.3–2 ms per keystroke (1–2 words, with and without site/status filters).
 */
import type { ReadingStatus, StoryRecord } from '../library/types';
import { fold, matchesTokens, queryTokens } from './text';

export const SORT_KEYS = ['last-read', 'last-updated', 'unread', 'title'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** 'any' = no filter; 'none' = stories without a reading status. */
export type StatusFilter = ReadingStatus | 'any' | 'none';

export interface LibraryFilter {
  text: string;
  /** Site id, or 'all'. */
  site: string;
  status: StatusFilter;
  followedOnly: boolean;
}

export const EMPTY_FILTER: LibraryFilter = { text: '', site: 'all', status: 'any', followedOnly: false };

export interface LibraryItem {
  story: StoryRecord;
  /** Folded title + author + tags, newline separated. */
  searchKey: string;
  /** Folded title with numbers zero-padded, so plain string order is a natural, accent-blind order. */
  sortTitle: string;
}

export function searchKeyOf(story: StoryRecord): string {
  const parts = [story.title, story.author ?? '', ...(Array.isArray(story.tags) ? story.tags : [])];
  return fold(parts.join('\n'));
}

export function sortTitleOf(title: string): string {
  return fold(title.trim()).replace(/\d+/g, (n) => n.padStart(12, '0'));
}

/** Items per record object: after one story changes, the other 9,999 keep their keys. */
const cache = new WeakMap<StoryRecord, LibraryItem>();

export function buildIndex(stories: readonly StoryRecord[]): LibraryItem[] {
  const out = new Array<LibraryItem>(stories.length);
  for (let i = 0; i < stories.length; i++) {
    const story = stories[i];
    let item = cache.get(story);
    if (!item) {
      item = { story, searchKey: searchKeyOf(story), sortTitle: sortTitleOf(story.title ?? '') };
      cache.set(story, item);
    }
    out[i] = item;
  }
  return out;
}

/** When the story last changed on its site, as far as we know (ms, 0 = unknown). */
export function updatedAt(s: StoryRecord): number {
  return Math.max(s.siteUpdatedAt ?? 0, s.newChaptersAt ?? 0);
}

const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

const byLastRead = (a: LibraryItem, b: LibraryItem) => (b.story.lastReadAt || 0) - (a.story.lastReadAt || 0);
const byTitle = (a: LibraryItem, b: LibraryItem) => (a.sortTitle < b.sortTitle ? -1 : a.sortTitle > b.sortTitle ? 1 : 0);

const COMPARATORS: Record<SortKey, (a: LibraryItem, b: LibraryItem) => number> = {
  'last-read': (a, b) => byLastRead(a, b) || byTitle(a, b),
  'last-updated': (a, b) => updatedAt(b.story) - updatedAt(a.story) || byLastRead(a, b) || byTitle(a, b),
  unread: (a, b) => (b.story.unread ?? 0) - (a.story.unread ?? 0) || updatedAt(b.story) - updatedAt(a.story) || byLastRead(a, b),
  title: (a, b) => byTitle(a, b) || byLastRead(a, b),
};

/** A sorted copy (stable; ties fall back to last read, then title). */
export function sortItems(items: readonly LibraryItem[], sort: SortKey): LibraryItem[] {
  return items.slice().sort(COMPARATORS[sort] ?? COMPARATORS['last-read']);
}

/** Items matching every part of the filter, order kept, in one pass. */
export function filterItems(items: readonly LibraryItem[], filter: LibraryFilter): LibraryItem[] {
  const tokens = queryTokens(filter.text);
  const site = filter.site && filter.site !== 'all' ? filter.site : null;
  const status = filter.status && filter.status !== 'any' ? filter.status : null;
  const followedOnly = filter.followedOnly;
  if (!tokens.length && !site && !status && !followedOnly) return items.slice();
  const out: LibraryItem[] = [];
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    const s = it.story;
    if (followedOnly && !s.followed) continue;
    if (site && s.site !== site) continue;
    if (status && (status === 'none' ? s.readingStatus != null : s.readingStatus !== status)) continue;
    if (tokens.length && !matchesTokens(it.searchKey, tokens)) continue;
    out.push(it);
  }
  return out;
}

/**
 * Runs the search over `items` a few times and throws the results away, so the first keystrokes do
 * not pay for the engine compiling the filter loop: run cold (interpreted) a pass over 10,000 items
 * takes 5-9 ms, warm 0.3 ms (Node 20, the bench's 10,000 stories). Called when the page is idle.
 */
export function warmUpFilter(items: readonly LibraryItem[]): number {
  let seen = 0;
  for (const text of ['e', 'ea', 'e a', 'the ea']) seen += filterItems(items, { ...EMPTY_FILTER, text }).length;
  return seen;
}

/** Sort then filter: convenience for callers that do not memoise the sort. */
export function queryLibrary(items: readonly LibraryItem[], filter: LibraryFilter, sort: SortKey): LibraryItem[] {
  return filterItems(sortItems(items, sort), filter);
}

/** The sites present in the library, by display name. */
export function sitesIn(stories: readonly StoryRecord[], siteName: (id: string) => string): { id: string; name: string }[] {
  const ids = new Set<string>();
  for (const s of stories) ids.add(s.site);
  return [...ids].map((id) => ({ id, name: siteName(id) })).sort((a, b) => collator.compare(a.name, b.name));
}

export function isFiltered(filter: LibraryFilter): boolean {
  return Boolean(filter.text.trim()) || filter.site !== 'all' || filter.status !== 'any' || filter.followedOnly;
}
