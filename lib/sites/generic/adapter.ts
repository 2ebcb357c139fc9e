/**
 * The generic extractor: any page the reader asks for (popup button, keyboard command), read with
 * Mozilla Readability. Never auto-matched and not in the registry: it runs only when injected on
 * request (activeTab). Readability works on a clone, so the host page is never changed.
 * Body blocks have source 'body': the notes detector decides author's notes as on FFN.
 */
import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { absUrl, blocksFrom, collapse, notChapter, refused, text } from '../blocks';
import type { Chapter, ExtractError, ParsedUrl, SiteAdapter } from '../types';
import { fnv1a, FNV_SEED_2 } from '../../shared/fnv';

export const GENERIC_ID = 'generic';
const NAME = 'Web page';

/** Below this much text a page that does not look like an article is not read. */
const MIN_TEXT = 500;

export const NOT_ARTICLE_MESSAGE =
  "Calm Reader couldn't find a story or article on this page: it looks like a list, a menu or an app rather than text to read.";

export const LISTING_MESSAGE =
  'This page is not an article: it is mostly a list of links. Open one of them, then ask for the reader view there.';

/**
 * True when the text Readability found is mostly links (a blog archive, search results, a table of
 * contents): more than half of its text is link text, over many links.
 */
export function isMostlyLinks(container: Element): boolean {
  const all = collapse(container.textContent ?? '').length;
  const links = Array.from(container.querySelectorAll('a[href]'));
  if (links.length < 8 || all === 0) return false;
  const linked = links.reduce((n, a) => n + collapse(a.textContent ?? '').length, 0);
  return linked / all > 0.5;
}

function httpUrl(url: string): URL | null {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/**
 * A stable short id for the page: host plus a hash of origin + path (query and fragment ignored,
 * trailing slash ignored), e.g. "example.org-1k2j3h4g5f".
 */
export function genericStoryId(url: string): string | null {
  const u = httpUrl(url);
  if (!u) return null;
  const path = u.pathname.replace(/\/+$/, '') || '/';
  const key = `${u.origin.toLowerCase()}${path}`;
  const hash = fnv1a(key).toString(36) + fnv1a(key, FNV_SEED_2).toString(36);
  return `${u.hostname.toLowerCase()}-${hash}`;
}

const NEXT_TEXT = /^(?:next\s+(?:chapter|part|episode|page|post)|next)\s*[»›→>]*$|^[»›→>]+$/i;
const PREV_TEXT = /^[«‹←<]*\s*(?:prev(?:ious)?\.?\s+(?:chapter|part|episode|page|post)|prev(?:ious)?\.?)$/i;
const NEXT_LONG = /^\s*next\s+(?:chapter|part|episode)\b/i;
const PREV_LONG = /^\s*prev(?:ious)?\.?\s+(?:chapter|part|episode)\b/i;

function relHas(el: Element, rel: string): boolean {
  return (el.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes(rel);
}

/** Same-site http(s) link that is not this page. */
function usable(href: string | null, base: string): string | null {
  const abs = absUrl(href, base);
  if (!abs) return null;
  const here = httpUrl(base);
  const there = httpUrl(abs);
  if (!here || !there || there.origin !== here.origin) return null;
  const noHash = base.replace(/#.*$/, '');
  return abs === noHash ? null : abs;
}

/** prev/next chapter: <link rel>, <a rel>, then links whose text says "Next chapter" / "Previous chapter". */
export function findChapterLink(doc: Document, url: string, dir: 'next' | 'prev'): string | null {
  for (const el of Array.from(doc.querySelectorAll('link[rel], a[rel]'))) {
    if (relHas(el, dir) || (dir === 'prev' && relHas(el, 'previous'))) {
      const u = usable(el.getAttribute('href'), url);
      if (u) return u;
    }
  }
  const strict = dir === 'next' ? NEXT_LONG : PREV_LONG;
  const loose = dir === 'next' ? NEXT_TEXT : PREV_TEXT;
  let fallback: string | null = null;
  for (const a of Array.from(doc.querySelectorAll('a[href]'))) {
    const t = collapse(text(a) || a.getAttribute('aria-label') || a.getAttribute('title') || '');
    if (!t || t.length > 60) continue;
    if (strict.test(t)) {
      const u = usable(a.getAttribute('href'), url);
      if (u) return u;
    } else if (!fallback && loose.test(t)) {
      fallback = usable(a.getAttribute('href'), url);
    }
  }
  return fallback;
}

function cleanByline(b: string | null | undefined): string | null {
  const t = collapse(b ?? '').replace(/^(?:by|written by|posted by|author:)\s+/i, '').trim();
  return t && t.length <= 120 ? t : null;
}

/** The page's own heading when the document title is that heading plus the site's name. */
function bestTitle(doc: Document, title: string): string {
  const headings = Array.from(doc.querySelectorAll('h1'))
    .map((h) => collapse(text(h)))
    .filter((t) => t.length > 0 && t.length <= 200);
  const lower = title.toLowerCase();
  const h = headings.find((t) => lower.startsWith(t.toLowerCase()) || lower.endsWith(t.toLowerCase()));
  return h ?? title;
}

function parseUrl(url: string): ParsedUrl | null {
  const storyId = genericStoryId(url);
  return storyId ? { storyId, chapterId: '1' } : null;
}

function extract(doc: Document, url: string): Chapter | ExtractError {
  const storyId = genericStoryId(url);
  if (!storyId) return notChapter(GENERIC_ID, 'Calm Reader reads web pages only (http and https).');
  const readerable = isProbablyReaderable(doc);
  // Readability rewrites the tree it reads: give it a copy, never the page itself.
  const clone = doc.cloneNode(true) as Document;
  let article: ReturnType<Readability['parse']> = null;
  try {
    article = new Readability(clone, { charThreshold: 300 }).parse();
  } catch {
    article = null;
  }
  const content = article?.content ?? '';
  const textLength = collapse(article?.textContent ?? '').length;
  if (!article || !content || textLength === 0 || (!readerable && textLength < MIN_TEXT)) {
    return notChapter(GENERIC_ID, NOT_ARTICLE_MESSAGE);
  }
  // An inert document: nothing in the article loads or runs while it is split into blocks.
  const inert = doc.implementation.createHTMLDocument('');
  const container = inert.createElement('div');
  container.innerHTML = content;
  if (isMostlyLinks(container)) return refused(GENERIC_ID, 'listing', LISTING_MESSAGE);
  const title = bestTitle(doc, collapse(article.title ?? '') || collapse(doc.title)) || new URL(url).hostname;
  let blocks = blocksFrom(container, { source: 'body' });
  // The page's own heading repeats the title shown above the text.
  const first = blocks.findIndex((b) => b.kind !== 'separator');
  if (first >= 0 && /^<h[1-3][\s>]/i.test(blocks[first].html) && blocks[first].text.toLowerCase() === title.toLowerCase()) {
    blocks = blocks.filter((_, i) => i !== first);
  }
  const pageUrl = url.replace(/#.*$/, '');
  const u = new URL(pageUrl);
  const storyUrl = `${u.origin}${u.pathname}`;
  return {
    site: GENERIC_ID,
    storyId,
    title,
    author: cleanByline(article.byline),
    chapterIndex: null,
    chapterCount: null,
    chapterTitle: null,
    chapterId: '1',
    url: pageUrl,
    storyUrl,
    prevUrl: findChapterLink(doc, pageUrl, 'prev'),
    nextUrl: findChapterLink(doc, pageUrl, 'next'),
    summary: null,
    blocks,
  };
}

export const generic: SiteAdapter = {
  id: GENERIC_ID,
  name: NAME,
  matches: [],
  exampleUrls: ['https://example.org/2024/05/the-lighthouse-keeper-part-2/'],
  parseUrl,
  extract,
};
