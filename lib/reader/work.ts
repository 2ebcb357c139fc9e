/**
 * The words the reader view says about a work and a chapter: the work card's facts, the chapter
 * line ("Chapter 1 of 14?"), the heading without repeats, and what the end of a chapter says.
 * Pure: a Chapter in, strings out.
 */
import type { Chapter, WorkMeta } from '../sites/types';
import { date, num, t, type MessageKey } from '../i18n';

export type Fact = [name: string, id: string, value: string];

const STATUS_WORDS = { complete: 'complete', 'in-progress': 'statusInProgress' } as const satisfies Record<string, MessageKey>;

/** "12 May 2024" (UTC: sites give days, not instants). */
export function dayText(ms: number): string {
  return date(ms, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** The metadata to show: the adapter's, over what every adapter may give (words, status; tags when it gives no card). */
export function metaOf(ch: Chapter): WorkMeta {
  const base: WorkMeta = { words: ch.words ?? null, status: ch.status ?? null };
  return ch.meta ? { ...base, ...ch.meta } : { ...base, tags: ch.tags ?? [] };
}

/** Posted chapters as the page says ("5" of "5/?"), else the chapter count. */
function posted(ch: Chapter, m: WorkMeta): number | null {
  return m.chaptersPosted ?? ch.chapterCount ?? null;
}

/** "4/4", "2/?" */
function chaptersText(ch: Chapter, m: WorkMeta): string | null {
  const p = posted(ch, m);
  if (p === null) return null;
  const total = m.chaptersTotal !== undefined ? m.chaptersTotal : ch.chapterCount;
  return `${p}/${total ?? '?'}`;
}

/** The work card's rows: always shown, and the foldable tags. Null when the page says nothing. */
export function workFacts(ch: Chapter): { always: Fact[]; tags: Fact[]; tagCount: number } | null {
  const m = metaOf(ch);
  const always: Fact[] = [];
  const add = (list: Fact[], name: string, id: string, v: string | null | undefined | string[]) => {
    const value = Array.isArray(v) ? v.join(', ') : v;
    if (value) list.push([name, id, value]);
  };
  add(always, t('factRating'), 'rating', m.rating);
  add(always, m.warnings && m.warnings.length > 1 ? t('factWarnings') : t('factWarning'), 'warnings', m.warnings);
  add(always, t('factCategory'), 'categories', m.categories);
  add(always, t('factGenre'), 'genres', m.genres);
  add(always, t('factLanguage'), 'language', m.language);
  add(always, t('factWords'), 'words', m.words != null ? num(m.words) : null);
  add(always, t('chapters'), 'chapters', chaptersText(ch, m));
  add(always, t('status'), 'status', m.status ? t(STATUS_WORDS[m.status]) : null);
  add(always, t('factPublished'), 'published', m.published != null ? dayText(m.published) : null);
  add(always, m.status === 'complete' ? t('factCompleted') : t('factUpdated'), 'updated', m.updated != null && m.updated !== m.published ? dayText(m.updated) : null);
  const tags: Fact[] = [];
  add(tags, t('factFandoms'), 'fandoms', m.fandoms);
  add(tags, t('factRelationships'), 'relationships', m.relationships);
  add(tags, t('factCharacters'), 'characters', m.characters);
  add(tags, m.fandoms?.length || m.relationships?.length || m.characters?.length ? t('factAdditionalTags') : t('factTags'), 'tags', m.tags);
  const tagCount = [m.fandoms, m.relationships, m.characters, m.tags].reduce((n, l) => n + (l?.length ?? 0), 0);
  if (!always.length && !tags.length) return null;
  return { always, tags, tagCount };
}

/** True when the story is known to go on (in progress, or fewer chapters than planned). */
export function isInProgress(ch: Chapter): boolean {
  const m = metaOf(ch);
  return m.status === 'in-progress' || (m.status == null && ch.status === 'in-progress');
}

/**
 * "Chapter 3 of 12"; "Chapter 1 of 14?" for a work in progress whose planned length is unknown
 * (14 chapters posted so far); "Chapter 3". Null for a page that is no single chapter.
 */
export function chapterLine(ch: Chapter): string | null {
  if (ch.chapterIndex === null) return null;
  const m = metaOf(ch);
  const planned = m.chaptersTotal ?? (isInProgress(ch) ? null : ch.chapterCount);
  if (planned != null) return t('chapterOf', [ch.chapterIndex, planned]);
  const p = posted(ch, m);
  if (p != null && p >= ch.chapterIndex) return t(isInProgress(ch) ? 'chapterOfSoFar' : 'chapterOf', [ch.chapterIndex, p]);
  return t('chapterN', ch.chapterIndex);
}

const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** A chapter title that only repeats the number ("Chapter 23", "23.", "Ch. 23"): no title. */
export function ownTitle(ch: Chapter): string | null {
  const t = ch.chapterTitle?.trim();
  if (!t) return null;
  if (ch.chapterIndex !== null && new RegExp(`^(?:chapter|ch\\.?|part)?\\s*0*${ch.chapterIndex}\\s*[:.]?$`, 'i').test(t)) return null;
  return t;
}

/** The chapter's heading: its own title, else "Chapter N", else the story title. */
export function chapterHeading(ch: Chapter): string {
  return ownTitle(ch) ?? (ch.chapterIndex !== null ? t('chapterN', ch.chapterIndex) : ch.title);
}

/**
 * The index of a first story block that only repeats the heading ("Chapter 23", "Chapter 23: Title",
 * the title itself), so the view does not say it twice; -1 when none.
 */
export function repeatedHeadingBlock(ch: Chapter): number {
  const i = ch.blocks.findIndex((b) => b.kind !== 'note' && b.text.trim() !== '');
  if (i < 0) return -1;
  const b = ch.blocks[i];
  if (b.text.length > 120) return -1;
  const t = norm(b.text);
  const title = ownTitle(ch);
  const candidates = [chapterHeading(ch)];
  if (ch.chapterIndex !== null) {
    // The page's own words (its language, often English), not the reader's.
    candidates.push(`Chapter ${ch.chapterIndex}`);
    if (title) candidates.push(`Chapter ${ch.chapterIndex} ${title}`, `${ch.chapterIndex} ${title}`);
  }
  if (title) candidates.push(title);
  return candidates.some((c) => norm(c) === t) ? i : -1;
}

export type EndKind = 'next' | 'caught-up' | 'the-end' | 'none';

/**
 * What the end of the chapter says: go on, "You're caught up" (work in progress) or "The end";
 * nothing for a web page read on request (the generic reader knows no story around it).
 */
export function endOf(ch: Chapter): EndKind {
  if (ch.nextUrl) return 'next';
  if (ch.site === 'generic') return 'none';
  return metaOf(ch).status === 'complete' ? 'the-end' : 'caught-up';
}
