/**
 * Scribble Hub chapter pages. Author's notes are marked up (div.wi_authornotes), placed before or
 * after the chapter text; series news boxes (div.wi_news) are not part of the story.
 * The page does not state the chapter's position.
 */
import { absUrl, blocksFrom, inertCopy, inertDocument, missing, noteBlocks, notChapter, text, commentsMeta } from '../blocks';
import type { Block, Chapter, ExtractError, SiteAdapter } from '../types';
import { EXAMPLE_URLS, MATCHES, ORIGIN, parseScribbleHubUrl } from './urls';

const SITE = 'scribblehub';
const SEL = {
  body: '#chp_raw, div.chp_raw',
  note: 'div.wi_authornotes, .wi_authornotes',
  noteBody: '.wi_authornotes_body',
  news: '.wi_news',
  chapterTitle: '.chapter-title',
  /** The breadcrumb, else the by-line: "<a series>Story</a> by <a profile>Author</a>". */
  title: '.wi_breadcrumb a[href*="/series/"], .chp_byauthor a[href*="/series/"]',
  storyLink: 'a.btn-toc[href*="/series/"], .wi_breadcrumb a[href*="/series/"], .chp_byauthor a[href*="/series/"]',
  /** The by-line's first link is the story: only its profile link names the author. */
  author: '.chp_byauthor a[href*="/profile/"], .auth_name_fic',
  /** "Modern Footnotes" (WordPress plugin): a numbered <sup> marker and the note's text in a tooltip span. */
  footnote: '.modern-footnotes-footnote__note',
  prev: 'a.btn-prev',
  next: 'a.btn-next',
} as const;

function navHref(el: Element | null, url: string): string | null {
  if (!el || el.classList.contains('disabled') || el.getAttribute('aria-disabled') === 'true') return null;
  const href = absUrl(el.getAttribute('href'), url);
  return href && /\/chapter\/\d+/.test(href) ? href : null;
}

function extractScribbleHub(doc: Document, url: string): Chapter | ExtractError {
  const parsed = parseScribbleHubUrl(url);
  if (!parsed) return notChapter(SITE, 'This Scribble Hub page is not a story page.');
  if (!parsed.chapterId) return notChapter(SITE, 'This is the series page; open a chapter to read it.');
  const body = doc.querySelector(SEL.body);
  if (!body) return missing(SITE, 'chapter text', SEL.body);
  const chapterTitleEl = doc.querySelector(SEL.chapterTitle);
  if (!chapterTitleEl) return missing(SITE, 'chapter title', SEL.chapterTitle);
  const storyLink = doc.querySelector(SEL.storyLink);
  const titleEl = doc.querySelector(SEL.title);
  let title = text(titleEl);
  if (!title) {
    // og:title is "Chapter title - Story title"
    const og = doc.querySelector('meta[property="og:title"]')?.getAttribute('content') ?? '';
    const ct = text(chapterTitleEl);
    if (ct && og.startsWith(`${ct} - `)) title = og.slice(ct.length + 3).trim();
  }
  if (!title) return missing(SITE, 'title', SEL.title);

  const skip = (el: Element): boolean => el.matches(SEL.note) || el.matches(SEL.news);
  // Footnote texts sit inline, right after their marker: read them apart, after the chapter.
  const bodyCopy = inertCopy(body);
  const footnotes = inertDocument(doc).createElement('div');
  for (const fn of Array.from(bodyCopy.querySelectorAll(SEL.footnote))) {
    if (fn.closest(SEL.note) || fn.closest(SEL.news)) continue;
    const p = footnotes.ownerDocument.createElement('p');
    const n = fn.getAttribute('data-mfn');
    if (n) p.append(`${n}. `);
    while (fn.firstChild) p.appendChild(fn.firstChild);
    fn.remove();
    if (text(p)) footnotes.appendChild(p);
  }
  const storyBlocks = blocksFrom(bodyCopy, { skip });
  if (!storyBlocks.length) return missing(SITE, 'chapter text', SEL.body);

  // A note is "before" when it precedes the first story paragraph, else "after".
  const firstText = Array.from(body.querySelectorAll('p, div')).find(
    (el) => !el.closest(SEL.note) && !el.closest(SEL.news) && text(el) && !el.querySelector('p, div'),
  );
  const before: Block[] = [];
  const after: Block[] = [];
  for (const note of Array.from(doc.querySelectorAll(SEL.note))) {
    if (note.parentElement?.closest(SEL.note)) continue;
    const anchor = firstText ?? body;
    const isBefore = !body.contains(note)
      ? !!(body.compareDocumentPosition(note) & 2)
      : !!(anchor.compareDocumentPosition(note) & 2);
    const where = isBefore ? 'before' : 'after';
    const content = note.querySelector(SEL.noteBody) ?? note;
    const noteSkip = (el: Element): boolean => el.matches('.wi_authornotes_header');
    (isBefore ? before : after).push(...noteBlocks(content, where, "Author's note", noteSkip));
  }

  // right after the chapter text, before the author's closing note
  after.unshift(...noteBlocks(footnotes, 'after', 'Footnotes'));

  const storyUrl = absUrl(storyLink?.getAttribute('href'), url) ?? `${ORIGIN}/series/${parsed.storyId}/`;
  const u = new URL(url);
  u.hash = '';
  u.search = '';
  return {
    site: SITE,
    storyId: parsed.storyId,
    title,
    author: text(doc.querySelector(SEL.author)) || null,
    chapterIndex: null,
    chapterCount: null,
    chapterTitle: text(chapterTitleEl) || null,
    chapterId: parsed.chapterId,
    url: u.href,
    storyUrl,
    prevUrl: navHref(doc.querySelector(SEL.prev), url),
    nextUrl: navHref(doc.querySelector(SEL.next), url),
    summary: null,
    blocks: [...before, ...storyBlocks, ...after],
    ...commentsMeta(doc, u.href, 'comments', 'Comments on Scribble Hub'),
  };
}

export const scribblehub: SiteAdapter = {
  id: SITE,
  name: 'Scribble Hub',
  matches: MATCHES,
  exampleUrls: EXAMPLE_URLS,
  parseUrl: parseScribbleHubUrl,
  extract: extractScribbleHub,
};
