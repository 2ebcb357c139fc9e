/**
 * Table-of-contents arithmetic shared by visits, update checks and backup merges: which chapters are
 * unread, and what a newly seen chapter list adds. Pure functions, no database.
 */
import type { ChapterRecord, TocEntry } from './types';

/** A chapter the reader opened, as far as unread counting cares. */
export type ReadChapter = Pick<ChapterRecord, 'chapterId' | 'index' | 'url'>;

function sameUrl(a: string, b: string): boolean {
  if (!a || !b) return false;
  const norm = (u: string) => u.replace(/#.*$/, '').replace(/\/+$/, '').replace(/^https?:\/\/(www\.)?/i, '');
  return norm(a) === norm(b);
}

/**
 * How many chapters of the story come after the furthest chapter read.
 * A read chapter is found in the table of contents by id, then by URL. When none is found (an
 * AO3 one-shot read before its chapter ids were known, a partial list) the furthest 1-based
 * chapter index read is compared with the chapter count. 0 when unknown.
 */
export function computeUnread(toc: readonly TocEntry[], chapterCount: number | null, read: readonly ReadChapter[]): number {
  if (read.length === 0) return 0;
  const real = read.filter((c) => c.chapterId !== 'full');
  if (toc.length > 0) {
    const byId = new Map<string, number>();
    toc.forEach((e, i) => byId.set(e.id, i));
    let furthest = -1;
    for (const c of real) {
      let i = byId.get(c.chapterId);
      if (i === undefined && c.url) i = toc.findIndex((e) => sameUrl(e.url, c.url));
      if (i !== undefined && i > furthest) furthest = i;
    }
    if (furthest >= 0) return toc.length - 1 - furthest;
  }
  const count = Math.max(toc.length, chapterCount ?? 0);
  let maxIndex = 0;
  for (const c of real) if (c.index !== null && Number.isInteger(c.index) && c.index > maxIndex) maxIndex = c.index;
  if (count > 0 && maxIndex > 0) return Math.max(0, count - maxIndex);
  return 0;
}

/** Entries of `next` whose id was not in `prev`. */
export function addedEntries(prev: readonly TocEntry[], next: readonly TocEntry[]): TocEntry[] {
  const known = new Set(prev.map((e) => e.id));
  return next.filter((e) => !known.has(e.id));
}

/**
 * Merge a partial list (only the latest chapters: an RSS feed, the newest page of a table of
 * contents) into the known one: known entries are refreshed in place, unknown ones appended in the
 * order given (oldest first).
 */
export function mergePartialToc(prev: readonly TocEntry[], latest: readonly TocEntry[]): TocEntry[] {
  const fresh = new Map(latest.map((e) => [e.id, e]));
  const merged = prev.map((e) => fresh.get(e.id) ?? e);
  return [...merged, ...addedEntries(prev, latest)];
}

/** Copy only the TocEntry fields (a visit's list comes from a web page: keep nothing else). */
export function cleanToc(toc: ReadonlyArray<{ id: string; title: string | null; url: string; date?: number | null }>): TocEntry[] {
  const seen = new Set<string>();
  const out: TocEntry[] = [];
  for (const e of toc) {
    if (!e || typeof e.id !== 'string' || !e.id || seen.has(e.id) || typeof e.url !== 'string') continue;
    seen.add(e.id);
    const entry: TocEntry = { id: e.id, title: typeof e.title === 'string' ? e.title : null, url: e.url };
    if (typeof e.date === 'number' && Number.isFinite(e.date)) entry.date = e.date;
    out.push(entry);
  }
  return out;
}
