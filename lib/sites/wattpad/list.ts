/**
 * Wattpad's story lists: searches (/search/…), tag and browse pages (/stories/…), reading lists
 * (/list/ID-slug) and the reader's own library (/library). Wattpad draws much of its markup with
 * generated class names and fills lists in with scripts, so entries are found by what cannot be
 * generated away: links to /story/ID. Each story's entry is the highest element around its link
 * that holds links to no other story (stopping at a list item or article), outside the page's
 * header, navigation, footer and side rails. Known markup is used when present: search and tag
 * cards (`a.story-card` around `.story-card-data` with `.story-info .title` / `.sr-only`, the
 * `.username`, the "Complete" `.tag-item`, `.new-story-stats` with a "Parts" label) and reading
 * list rows (`.list-group-item` with `.content h5 a` and `.numParts`).
 *
 * A reading list is the reader's own when the page's account menu (the signed-in reader's
 * profile link in the site header) names the list's owner (the owner's profile link outside the
 * header): only then is the import offered. The library is always the reader's own.
 */
import { countOf, isBotCheckPage, lazyRef, listError, sameSiteUrl, textOf, uniqueEntries, uniqueTexts, type Entry, type ListError, type ListKind, type StoryList } from '../story-list';
import { siteUrl } from '../url';
import { HOST_RE, ORIGIN } from './urls';

const SITE = 'wattpad';

export const LIST_MATCHES: string[] = ['www.wattpad.com', 'wattpad.com', 'm.wattpad.com'].flatMap((h) =>
  ['/search/*', '/stories/*', '/list/*', '/library*'].map((p) => `*://${h}${p}`),
);

/** What the path says the page is (a reading list's owner is decided from the page); null: no list page. */
export function wattpadListKind(url: string): ListKind | 'reading-list' | null {
  const u = siteUrl(url, HOST_RE);
  if (!u) return null;
  const p = u.pathname;
  if (/^\/library(?:\/[^/]*)?\/?$/.test(p)) return 'own-library';
  if (/^\/list\/\d{1,15}(?:-[^/]*)?\/?$/.test(p)) return 'reading-list';
  if (/^\/search\/[^/]+\/?$/.test(p) || /^\/stories\/[^/]+\/?$/.test(p)) return 'works-list';
  return null;
}

const storyIdOf = (href: string | null) => /^(?:https?:\/\/(?:www\.|m\.)?wattpad\.com)?\/story\/(\d{1,15})(?:[-/?#]|$)/i.exec(href ?? '')?.[1] ?? null;
const userOf = (href: string | null) => /^(?:https?:\/\/(?:www\.|m\.)?wattpad\.com)?\/user\/([\w.-]{1,64})\/?(?:[?#]|$)/i.exec(href ?? '')?.[1]?.toLowerCase() ?? null;

/** The page's chrome: story links there (recommendations, menus) are not the list's. */
const CHROME = 'header, nav, footer, aside, [role="banner"], [role="navigation"], [role="complementary"], [role="contentinfo"]';
/** Elements that close an entry: climbing stops there. */
const ENTRY_BOUNDARY = new Set(['LI', 'ARTICLE', 'TR']);

/** Each listed story's links, in page order, by id. */
function storyLinks(doc: Document): Map<string, Element[]> {
  const byId = new Map<string, Element[]>();
  for (const a of doc.querySelectorAll('a[href*="/story/"]')) {
    const id = storyIdOf(a.getAttribute('href'));
    if (!id || a.closest(CHROME)) continue;
    const list = byId.get(id);
    if (list) list.push(a);
    else byId.set(id, [a]);
  }
  return byId;
}

/**
 * The entry of each story: from its first link upwards, the highest element whose story links
 * are all this story's, stopping at a list item / article / row, and never the body itself.
 */
function entryElements(doc: Document, links: Map<string, Element[]>): Map<string, Element> {
  const idsUnder = new Map<Element, Set<string>>();
  for (const [id, els] of links) {
    for (const a of els) {
      for (let e: Element | null = a; e && e !== doc.body; e = e.parentElement) {
        let ids = idsUnder.get(e);
        if (!ids) idsUnder.set(e, (ids = new Set()));
        ids.add(id);
      }
    }
  }
  const entries = new Map<string, Element>();
  for (const [id, els] of links) {
    let entry: Element = els[0];
    for (let e: Element | null = els[0]; e && e !== doc.body; e = e.parentElement) {
      if ((idsUnder.get(e)?.size ?? 0) > 1) break;
      entry = e;
      if (ENTRY_BOUNDARY.has(e.tagName)) break;
    }
    // A card that is one link (search results) is marked beside the link, inside its list item or wrapper.
    if (entry.tagName === 'A' && entry.parentElement && entry.parentElement !== doc.body) entry = entry.parentElement;
    entries.set(id, entry);
  }
  return entries;
}

const BLOCKS = 'div, p, img, ul, ol, li, section, article, h1, h2, h3, h4, h5, h6';

function titleOf(entry: Element, links: Element[]): string {
  const known = textOf(entry.querySelector('.story-info .title, .content h5 a, .title'));
  if (known) return known;
  // A link holding only its words (not a whole card): its text is the title.
  const plain = links.find((a) => !a.querySelector(BLOCKS) && textOf(a));
  if (plain) return textOf(plain);
  const sr = textOf(entry.querySelector('.sr-only'));
  if (sr) return sr;
  for (const a of links) {
    const attr = (a.getAttribute('title') ?? a.getAttribute('aria-label') ?? a.querySelector('img[alt]')?.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim();
    if (attr) return attr.slice(0, 500);
  }
  return '';
}

function authorOf(entry: Element): string | null {
  const link = [...entry.querySelectorAll('a[href*="/user/"]')].find((a) => userOf(a.getAttribute('href')) && textOf(a));
  const text = textOf(link) || textOf(entry.querySelector('.username, .author'));
  return text.replace(/^by\s+/i, '') || null;
}

/** "12 parts", or a "Parts" label with its number beside it (`.new-story-stats`): the parts the entry shows. */
function partsOf(entry: Element): number | null {
  for (const el of entry.querySelectorAll('.numParts, li, span, div')) {
    if (el.children.length > 0 && !el.classList.contains('numParts')) continue;
    const t = textOf(el);
    if (t.length > 40 || !/\bparts?\b/i.test(t)) continue;
    const n = countOf(t);
    if (n !== null) return n;
    // A label: its number is a leaf of the same stat (the list item, else the label's parent).
    const stat = el.closest('li') ?? el.parentElement;
    const value = [...(stat?.querySelectorAll('*') ?? [])].find((x) => x !== el && x.children.length === 0 && countOf(textOf(x)) !== null);
    if (value) return countOf(textOf(value));
  }
  return null;
}

function completeOf(entry: Element): boolean | null {
  for (const el of entry.querySelectorAll('.tag-item, .completed, span, div')) {
    if (el.children.length > 0) continue;
    const t = textOf(el);
    if (/^completed?$/i.test(t)) return true;
    if (/^ongoing$/i.test(t)) return false;
  }
  return null;
}

/** A story's entry: its title now (no title, no entry), the rest when something reads it (lazyRef). */
function entryOf(id: string, entry: Element, links: Element[]): Entry | null {
  const title = titleOf(entry, links);
  if (!title) return null;
  const ref = lazyRef(SITE, id, title, `${ORIGIN}/story/${id}`, () => {
    const complete = completeOf(entry);
    const chapters = partsOf(entry);
    return {
      author: authorOf(entry),
      fandoms: [],
      tags: uniqueTexts(entry.querySelectorAll('a[href^="/stories/"], a[href*="wattpad.com/stories/"]')),
      language: null,
      crossover: null,
      words: null,
      chapters,
      chapterTotal: complete && chapters !== null ? chapters : null,
      complete,
      updated: null,
    };
  });
  return [ref, entry];
}

/** Is this reading list the signed-in reader's own? Both names must be found and be the same. */
function ownsReadingList(doc: Document): boolean {
  const me = [...doc.querySelectorAll('header a[href*="/user/"], nav a[href*="/user/"], [role="banner"] a[href*="/user/"]')]
    .map((a) => userOf(a.getAttribute('href')))
    .find(Boolean);
  if (!me) return false;
  const owner = [...doc.querySelectorAll('a[href*="/user/"]')]
    .filter((a) => !a.closest(CHROME) && !a.closest('li, article'))
    .map((a) => userOf(a.getAttribute('href')))
    .find(Boolean);
  return owner === me;
}

function nextPageOf(doc: Document, url: string): string | null {
  const next = doc.querySelector('a[rel="next"][href], link[rel="next"][href]');
  return sameSiteUrl(next?.getAttribute('href'), url, HOST_RE);
}

/** `known`: entries read before (the list script's reads after the page drew more): only the others are read. */
export function readWattpadList(doc: Document, url: string, known?: (entry: Element) => boolean): StoryList | ListError {
  if (isBotCheckPage(doc, /access denied/i)) return listError(SITE, 'blocked');
  const path = wattpadListKind(url);
  if (!path) return listError(SITE, 'not-a-list');
  const kind: ListKind = path === 'reading-list' ? (ownsReadingList(doc) ? 'own-library' : 'bookmarks') : path;
  const links = storyLinks(doc);
  const entries = entryElements(doc, links);
  const fresh = [...links].filter(([id]) => !known?.(entries.get(id)!));
  const { stories, elements } = uniqueEntries(fresh.map(([id, els]) => entryOf(id, entries.get(id)!, els)));
  if (fresh.length > 0 && stories.length === 0) return listError(SITE, 'layout-changed');
  // An empty list is still a list: Wattpad fills it in after load (the list script watches for that).
  return { site: SITE, kind, stories, elements, nextPage: nextPageOf(doc, url) };
}
