/**
 * What a site's list page (search results, tag and fandom listings, author pages, series, bookmarks,
 * the reader's own follows) is to the extension: the stories it shows, as story refs, and where its
 * next page is. Each site folder's list.ts reads its own pages; this file holds the shape they share
 * and their common helpers.
 *
 * List adapters are pure like the chapter adapters: (document, url) -> StoryList | ListError. They
 * only read the document they are given (happy-dom in tests, the live page in the content script,
 * linkedom in the service worker when an import fetches further pages). Everything read from a page
 * is hostile: ids are digits, URLs are rebuilt from the site's own origin and the id, numbers are
 * parsed strictly, text is trimmed and capped.
 */

/** One story as a list shows it. Fields a list does not give are null. */
export interface StoryRef {
  /** Adapter id ("ao3", "ffnet", "fictionpress", "royalroad", …): with storyId, the library key. */
  site: string;
  storyId: string;
  title: string;
  /** Author name(s) as shown, joined with ", "; null for anonymous works or when not shown. */
  author: string | null;
  /** The story's page on the site, rebuilt from the site's origin and the id. */
  url: string;
  /** Fandoms (AO3 fandom tags, FFN category / crossover pair). */
  fandoms: string[];
  /** Other tags the list shows (AO3 relationships, characters, freeforms; FFN genres and characters). */
  tags: string[];
  /** Language as shown ("English"), null when the list does not say. */
  language: string | null;
  /** True when the story spans several fandoms; null when unknown. */
  crossover: boolean | null;
  words: number | null;
  /** Chapters posted. */
  chapters: number | null;
  /** Chapters planned (AO3 "5/7" → 7), null when unknown ("5/?"). */
  chapterTotal: number | null;
  complete: boolean | null;
  /** When the list says the story was last updated (ms since epoch, UTC), null when it does not. */
  updated: number | null;
}

/**
 * What kind of list a page is. `own-*` lists are the reader's own (their follows, favourites,
 * subscriptions, bookmarks, history, library): the import offer appears there only.
 */
export type ListKind =
  | 'works-list'
  | 'series'
  | 'author'
  | 'bookmarks'
  | 'own-follows'
  | 'own-favourites'
  | 'own-bookmarks'
  | 'own-history'
  | 'own-library';

export interface StoryList {
  site: string;
  kind: ListKind;
  stories: StoryRef[];
  /** The page element each story is shown in (its blurb / row), same order as `stories`: where marks go. */
  elements: Element[];
  /** Absolute URL of the next page of the same list on the same site, or null. */
  nextPage: string | null;
}

export type ListErrorKind =
  /** The page is not one of the site's story lists (a chapter, a profile without stories, a 404). */
  | 'not-a-list'
  /** A bot check or "retry later" page stands where the list should be. */
  | 'blocked'
  /** The list container was found but its entries could not be read: the site's layout changed. */
  | 'layout-changed';

export interface ListError {
  error: string;
  site: string;
  kind: ListErrorKind;
}

export function isListError(x: StoryList | ListError): x is ListError {
  return typeof (x as ListError).error === 'string';
}

/**
 * `known`: entries already read from this page (the list script's later reads of a page that draws
 * more entries after load): an adapter may leave them out and read only the new ones.
 */
export type ListAdapter = (doc: Document, url: string, known?: (entry: Element) => boolean) => StoryList | ListError;

const LIST_ERROR_TEXT: Record<'blocked' | 'not-a-list' | 'layout-changed' | 'no-list', string> = {
  blocked: 'A bot check stands in front of this list; open it in the tab and try again.',
  'not-a-list': 'This page is not a list of stories.',
  'layout-changed': 'Story entries were found but could not be read: the layout may have changed.',
  'no-list': 'No list of stories was found on this page.',
};

/** One of the refusals the list adapters share, worded once ("no-list" is a not-a-list without a list container). */
export function listError(site: string, why: keyof typeof LIST_ERROR_TEXT): ListError {
  return { error: LIST_ERROR_TEXT[why], site, kind: why === 'no-list' ? 'not-a-list' : why };
}

/** Whether the page's title is a bot check's (Cloudflare and the like); `extra` adds a site's own wording. */
export function isBotCheckPage(doc: Document, extra?: RegExp): boolean {
  const title = textOf(doc.querySelector('title'));
  return /just a moment|attention required|checking your browser/i.test(title) || (extra?.test(title) ?? false);
}

/**
 * The refusal after reading a list page, or null when it is a list: entries were there but none
 * could be read (the layout changed), or nothing was read and the page has no list container.
 */
export function unreadListError(site: string, found: number, read: number, hasContainer: () => boolean): ListError | null {
  if (found > 0 && read === 0) return listError(site, 'layout-changed');
  if (read === 0 && !hasContainer()) return listError(site, 'no-list');
  return null;
}

/** The first link among `links` whose text starts with "Next". */
export function nextByText(links: Iterable<Element>, also?: (a: Element) => boolean): Element | undefined {
  return [...links].find((a) => also?.(a) || /^next\b/i.test(textOf(a)));
}

/** Is the reader's own list: where the "add these stories to your library" offer appears. */
export const isOwnList = (kind: ListKind): boolean => kind.startsWith('own-');

const MAX_TEXT = 500;

/** Collapsed, trimmed text of an element, capped; '' for null. */
export function textOf(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
}

/** "26,735" → 26735; "1.2k" → 1200; null when no number. */
export function countOf(s: string | null | undefined): number | null {
  if (!s) return null;
  const m = /(\d[\d,.]*)\s*([kKmM])?/.exec(s);
  if (!m) return null;
  const mult = m[2] ? (m[2].toLowerCase() === 'k' ? 1e3 : 1e6) : 1;
  const raw = mult === 1 ? m[1].replace(/[,.]/g, '') : m[1].replace(/,/g, '');
  const n = Number(raw) * mult;
  return Number.isFinite(n) ? Math.round(n) : null;
}

/** The absolute URL of href against the page, when it stays on one of the site's hosts; null otherwise. */
export function sameSiteUrl(href: string | null | undefined, pageUrl: string, host: RegExp): string | null {
  if (!href) return null;
  try {
    const u = new URL(href, pageUrl);
    return /^https?:$/.test(u.protocol) && host.test(u.hostname) ? u.href : null;
  } catch {
    return null;
  }
}

/** Unique texts, in order, dropping empties. */
export function uniqueTexts(els: Iterable<Element>): string[] {
  const out: string[] = [];
  for (const el of els) {
    const t = textOf(el);
    if (t && !out.includes(t)) out.push(t);
  }
  return out;
}

/** What a list says of a story beyond who and where: read only when something asks (lazyRef). */
export type RefDetail = Omit<StoryRef, 'site' | 'storyId' | 'title' | 'url'>;

/**
 * A story ref whose detail (author, fandoms, tags, language, counts, dates) is read from the page
 * the first time any of it is asked for, then kept: marking a list needs the ids and titles only,
 * hide rules and the import read the rest. Its fields, once read, are the same as an eager ref's
 * (same names, same order, JSON and copies alike).
 */
export function lazyRef(site: string, storyId: string, title: string, url: string, read: () => RefDetail): StoryRef {
  let detail: RefDetail | undefined;
  const d = () => (detail ??= read());
  return {
    site,
    storyId,
    title,
    get author() {
      return d().author;
    },
    url,
    get fandoms() {
      return d().fandoms;
    },
    get tags() {
      return d().tags;
    },
    get language() {
      return d().language;
    },
    get crossover() {
      return d().crossover;
    },
    get words() {
      return d().words;
    },
    get chapters() {
      return d().chapters;
    },
    get chapterTotal() {
      return d().chapterTotal;
    },
    get complete() {
      return d().complete;
    },
    get updated() {
      return d().updated;
    },
  };
}

/** One story and the element it is shown in. */
export type Entry = [StoryRef, Element];

/** Stories and their elements, by id, first one wins (a page may show a story twice); entries null are skipped. */
export function uniqueEntries(entries: (Entry | null)[]): { stories: StoryRef[]; elements: Element[] } {
  const seen = new Set<string>();
  const stories: StoryRef[] = [];
  const elements: Element[] = [];
  for (const e of entries) {
    if (!e || seen.has(e[0].storyId)) continue;
    seen.add(e[0].storyId);
    stories.push(e[0]);
    elements.push(e[1]);
  }
  return { stories, elements };
}

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };

/** "17 Jan 2026" → ms (UTC midnight); null when not such a date. */
export function dayMonthYear(s: string): number | null {
  const m = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})/.exec(s);
  if (!m) return null;
  const month = MONTHS[m[2].toLowerCase()];
  return month === undefined ? null : Date.UTC(Number(m[3]), month, Number(m[1]));
}

const isStr = (v: unknown, max = MAX_TEXT): v is string => typeof v === 'string' && v.length <= max;
const isNum = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v) && v >= 0);
const isStrList = (v: unknown) => Array.isArray(v) && v.length <= 500 && v.every((t) => isStr(t));

/**
 * Story refs from a message (a content script's list): the shape checked field by field, every
 * problem named. Throws on the first bad ref: nothing of a bad batch is written.
 */
export function checkStoryRefs(v: unknown, max: number): StoryRef[] {
  if (!Array.isArray(v) || v.length > max) throw new Error('stories: not a list of at most ' + max);
  return v.map((r: Partial<StoryRef> | null, i) => {
    const problems: string[] = [];
    if (!r || typeof r !== 'object') throw new Error(`stories[${i}]: not a story`);
    if (!isStr(r.site, 40) || !r.site) problems.push('site');
    if (!isStr(r.storyId, 40) || !/^[\w.-]+$/.test(r.storyId)) problems.push('storyId');
    if (!isStr(r.title) || !r.title) problems.push('title');
    if (r.author !== null && !isStr(r.author)) problems.push('author');
    if (!isStr(r.url, 2048)) problems.push('url');
    if (!isStrList(r.fandoms)) problems.push('fandoms');
    if (!isStrList(r.tags)) problems.push('tags');
    if (r.language !== null && !isStr(r.language, 100)) problems.push('language');
    if (r.crossover !== null && typeof r.crossover !== 'boolean') problems.push('crossover');
    if (r.complete !== null && typeof r.complete !== 'boolean') problems.push('complete');
    for (const f of ['words', 'chapters', 'chapterTotal', 'updated'] as const) if (!isNum(r[f])) problems.push(f);
    if (problems.length) throw new Error(`stories[${i}]: invalid ${problems.join(', ')}`);
    const s = r as StoryRef;
    return {
      site: s.site,
      storyId: s.storyId,
      title: s.title,
      author: s.author,
      url: s.url,
      fandoms: s.fandoms,
      tags: s.tags,
      language: s.language,
      crossover: s.crossover,
      words: s.words,
      chapters: s.chapters,
      chapterTotal: s.chapterTotal,
      complete: s.complete,
      updated: s.updated,
    };
  });
}
