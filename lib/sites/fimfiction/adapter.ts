/**
 * Fimfiction chapter pages. Author's notes are marked up (div.authors-note), before or after the
 * chapter body by document order. The chapter number in the URL is the chapter's position.
 */
import { absUrl, blocksFrom, inertCopy, missing, noteBlocks, notChapter, text, commentsMeta } from '../blocks';
import type { Block, Chapter, ExtractError, SiteAdapter } from '../types';
import { EXAMPLE_URLS, MATCHES, ORIGIN, parseFimfictionUrl } from './urls';

const SITE = 'fimfiction';
const SEL = {
  body: '#chapter-body, div.chapter-body, #chapter_body',
  note: 'div.authors-note, .authors-note',
  noteChrome: '.author-avatar, .authors-note-header, .authors-note-title',
  chapterTitle: '#chapter_title, h1.chapter-title, .chapter-title',
  title: '.story-info a.story_name, a.story_name, .story_name',
  /** The story's info box names the author first (FanFicFare and WebToEpub read div.info-container a). */
  author: '.story-info .author a, .info-container a[href^="/user/"], .author a[href^="/user/"]',
  /** Floated extras inside the chapter heading (date, word count): not part of the title. */
  chapterTitleChrome: 'div, .chapter-info, .date, .word_count',
  chapterItems: '.chapter-selector-list li, ul.chapters li',
  prev: 'a.chapter-nav-prev, .chapter-nav a[rel="prev"], a.chapter_footer_prev',
  next: 'a.chapter-nav-next, .chapter-nav a[rel="next"], a.chapter_footer_next',
} as const;

/** The chapter heading's own text, without the floated date / word count some layouts put inside it. */
function chapterTitleText(el: Element): string {
  const copy = inertCopy(el);
  for (const c of Array.from(copy.querySelectorAll(SEL.chapterTitleChrome))) c.remove();
  return text(copy) || text(el);
}

function extractFimfiction(doc: Document, url: string): Chapter | ExtractError {
  const parsed = parseFimfictionUrl(url);
  if (!parsed) return notChapter(SITE, 'This Fimfiction page is not a story page.');
  const body = doc.querySelector(SEL.body);
  if (!body) {
    if (!parsed.chapterId) return notChapter(SITE, 'This is the story page; open a chapter to read it.');
    return missing(SITE, 'chapter text', SEL.body);
  }
  const titleEl = doc.querySelector(SEL.title);
  const title = text(titleEl);
  if (!title) return missing(SITE, 'title', SEL.title);
  const chapterTitleEl = doc.querySelector(SEL.chapterTitle);
  if (!chapterTitleEl) return missing(SITE, 'chapter title', SEL.chapterTitle);

  const storyBlocks = blocksFrom(body, { skip: (el) => el.matches(SEL.note) });
  if (!storyBlocks.length) return missing(SITE, 'chapter text', SEL.body);

  const before: Block[] = [];
  const after: Block[] = [];
  for (const note of Array.from(doc.querySelectorAll(SEL.note))) {
    if (note.parentElement?.closest(SEL.note)) continue;
    const where = body.compareDocumentPosition(note) & 2 /* PRECEDING */ ? 'before' : 'after';
    const skip = (el: Element): boolean => el.matches(SEL.noteChrome);
    (where === 'before' ? before : after).push(...noteBlocks(note, where, "Author's note", skip));
  }

  // Position: the URL's chapter number; the chapter list gives the count and neighbours.
  // one entry per chapter link (a page may repeat the list)
  const seenHref = new Set<string>();
  const items = Array.from(doc.querySelectorAll(SEL.chapterItems)).filter((li) => {
    const href = absUrl(li.querySelector('a[href*="/story/"]')?.getAttribute('href'), url);
    if (!href || seenHref.has(href)) return false;
    seenHref.add(href);
    return true;
  });
  let current = items.findIndex((li) => li.classList.contains('current') || li.classList.contains('active'));
  const n = parsed.chapterId ? parseInt(parsed.chapterId, 10) : null;
  if (current < 0 && n !== null && n <= items.length) current = n - 1;
  const chapterIndex = n ?? (current >= 0 ? current + 1 : null);
  const chapterCount = items.length || null;
  const hrefAt = (i: number): string | null =>
    i >= 0 && i < items.length ? absUrl(items[i].querySelector('a')?.getAttribute('href'), url) : null;
  const prevUrl = absUrl(doc.querySelector(SEL.prev)?.getAttribute('href'), url) ?? (current >= 0 ? hrefAt(current - 1) : null);
  const nextUrl = absUrl(doc.querySelector(SEL.next)?.getAttribute('href'), url) ?? (current >= 0 ? hrefAt(current + 1) : null);

  const u = new URL(url);
  u.hash = '';
  u.search = '';
  return {
    site: SITE,
    storyId: parsed.storyId,
    title,
    author: text(doc.querySelector(SEL.author)) || null,
    chapterIndex,
    chapterCount,
    chapterTitle: chapterTitleText(chapterTitleEl) || null,
    chapterId: parsed.chapterId ?? String(chapterIndex ?? 1),
    url: u.href,
    storyUrl: absUrl(titleEl?.getAttribute('href'), url) ?? `${ORIGIN}/story/${parsed.storyId}`,
    prevUrl,
    nextUrl,
    summary: null,
    blocks: [...before, ...storyBlocks, ...after],
    ...commentsMeta(doc, u.href, 'story_comments', 'Comments on Fimfiction'),
  };
}

export const fimfiction: SiteAdapter = {
  id: SITE,
  name: 'Fimfiction',
  matches: MATCHES,
  exampleUrls: EXAMPLE_URLS,
  parseUrl: parseFimfictionUrl,
  extract: extractFimfiction,
};
