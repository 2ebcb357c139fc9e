/**
 * Royal Road chapter pages. Author notes are marked up (div.author-note-portlet, before or after
 * the chapter by position). Hidden anti-piracy paragraphs are dropped: the page's own <style>
 * rules that hide a class (display:none / speak:never) name them; no class name is hard-coded.
 */
import { absUrl, blocksFrom, missing, noteBlocks, notChapter, text, inertCopy, commentsMeta } from '../blocks';
import type { Block, Chapter, ExtractError, SiteAdapter } from '../types';
import { EXAMPLE_URLS, MATCHES, ORIGIN, parseRoyalRoadUrl } from './urls';

const SITE = 'royalroad';
const SEL = {
  body: 'div.chapter-inner.chapter-content, div.chapter-content, .chapter-inner',
  note: 'div.author-note-portlet, .author-note-portlet',
  noteBody: '.author-note, .portlet-body',
  chapterTitle: '.fic-header h1, .fic-title h1, h1.font-white',
  title: '.fic-header h2, .fic-title h2, h2.font-white',
  storyLink: '.fic-header a[href*="/fiction/"], .fic-title a[href*="/fiction/"]',
  author: '.fic-header h3 a, .fic-title h3 a, .fic-header a[href^="/profile/"], h3.font-white a',
  navLinks: '.nav-buttons a[href]',
  /** Spoiler boxes: the content is hidden inline until the reader clicks; it is story text. */
  spoilerInner: '.spoiler-inner, .spoiler > div[style]',
} as const;

/** Class names the page's own stylesheets hide (display:none or speak:never on a class selector). */
export function hiddenClasses(doc: Document): Set<string> {
  const out = new Set<string>();
  for (const style of Array.from(doc.querySelectorAll('style'))) {
    const css = (style.textContent ?? '').replace(/\/\*[\s\S]*?\*\//g, '');
    const rule = /([^{}]+)\{([^{}]*)\}/g;
    for (let m = rule.exec(css); m; m = rule.exec(css)) {
      const decl = m[2];
      if (!/(?:^|;|\s)display\s*:\s*none\b/i.test(decl) && !/(?:^|;|\s)speak\s*:\s*never\b/i.test(decl)) continue;
      for (const sel of m[1].split(',')) {
        // a plain class selector, optionally on an element: ".cnXyz", "p.cnXyz"
        const cm = /^\s*[a-z]*\.(-?[_a-zA-Z][\w-]*)\s*$/i.exec(sel);
        if (cm) out.add(cm[1]);
      }
    }
  }
  return out;
}

function isHiddenInline(el: Element): boolean {
  return /(?:^|;)\s*display\s*:\s*none/i.test(el.getAttribute('style') ?? '');
}

/** A copy of `root` without the elements the page hides (hidden classes, inline display:none), at any depth. */
function visibleCopy(root: Element, hidden: Set<string>): Element {
  const copy = inertCopy(root);
  for (const el of Array.from(copy.querySelectorAll('[class], [style]'))) {
    if (Array.from(el.classList).some((c) => hidden.has(c))) el.remove();
    // a spoiler's content is hidden until clicked, not hidden from readers: show it
    else if (isHiddenInline(el) && el.matches(SEL.spoilerInner)) el.removeAttribute('style');
    else if (isHiddenInline(el)) el.remove();
  }
  return copy;
}

/** The JSON array assigned to `window.chapters` in an inline script, or null. */
function chapterList(doc: Document): { id: number; url?: string; order?: number }[] | null {
  for (const s of Array.from(doc.querySelectorAll('script:not([src])'))) {
    const src = s.textContent ?? '';
    const at = /window\.chapters\s*=\s*\[/.exec(src);
    if (!at) continue;
    const start = at.index + at[0].length - 1;
    let depth = 0;
    let inStr = false;
    for (let i = start; i < src.length; i++) {
      const c = src[i];
      if (inStr) {
        if (c === '\\') i++;
        else if (c === '"') inStr = false;
        continue;
      }
      if (c === '"') inStr = true;
      else if (c === '[' || c === '{') depth++;
      else if (c === ']' || c === '}') {
        depth--;
        if (depth === 0) {
          try {
            const list = JSON.parse(src.slice(start, i + 1));
            return Array.isArray(list) ? list : null;
          } catch {
            return null;
          }
        }
      }
    }
  }
  return null;
}

function scriptNumber(doc: Document, name: string): string | null {
  const re = new RegExp(`window\\.${name}\\s*=\\s*(\\d+)`);
  for (const s of Array.from(doc.querySelectorAll('script:not([src])'))) {
    const m = re.exec(s.textContent ?? '');
    if (m) return m[1];
  }
  return null;
}

function navLink(doc: Document, label: RegExp, url: string): string | null {
  const a = Array.from(doc.querySelectorAll(SEL.navLinks)).find((x) => label.test(text(x)));
  return a ? absUrl(a.getAttribute('href'), url) : null;
}

function extractRoyalRoad(doc: Document, url: string): Chapter | ExtractError {
  const parsed = parseRoyalRoadUrl(url);
  if (!parsed) return notChapter(SITE, 'This Royal Road page is not a fiction page.');
  const body = doc.querySelector(SEL.body);
  if (!body) {
    if (!parsed.chapterId) return notChapter(SITE, 'This is the fiction page; open a chapter to read it.');
    return missing(SITE, 'chapter text', SEL.body);
  }
  const chapterTitleEl = doc.querySelector(SEL.chapterTitle);
  if (!chapterTitleEl) return missing(SITE, 'chapter title', SEL.chapterTitle);
  const titleEl = doc.querySelector(SEL.title);
  const title = text(titleEl);
  if (!title) return missing(SITE, 'title', SEL.title);

  const storyHref = doc.querySelector(SEL.storyLink)?.getAttribute('href') ?? null;
  const storyId =
    parsed.storyId || /\/fiction\/(\d+)/.exec(storyHref ?? '')?.[1] || scriptNumber(doc, 'fictionId');
  if (!storyId) return missing(SITE, 'fiction id', SEL.storyLink);
  const chapterId = parsed.chapterId ?? scriptNumber(doc, 'chapterId');
  if (!chapterId) return missing(SITE, 'chapter id', 'window.chapterId');

  const hidden = hiddenClasses(doc);
  const storyBlocks = blocksFrom(visibleCopy(body, hidden), { skip: (el) => el.matches(SEL.note) });
  if (!storyBlocks.length) return missing(SITE, 'chapter text', SEL.body);

  const before: Block[] = [];
  const after: Block[] = [];
  for (const note of Array.from(doc.querySelectorAll(SEL.note))) {
    if (note.parentElement?.closest(SEL.note)) continue;
    const where = body.compareDocumentPosition(note) & 2 /* PRECEDING */ ? 'before' : 'after';
    const content = visibleCopy(note.querySelector(SEL.noteBody) ?? note, hidden);
    (where === 'before' ? before : after).push(
      ...noteBlocks(content, where, where === 'before' ? 'Chapter notes' : 'End notes', (el) => el.matches('.portlet-title')),
    );
  }

  const list = chapterList(doc);
  let chapterIndex: number | null = null;
  let chapterCount: number | null = null;
  let prevUrl = navLink(doc, /^previous/i, url);
  let nextUrl = navLink(doc, /^next/i, url);
  if (list && list.length) {
    const sorted = [...list].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
    const i = sorted.findIndex((c) => String(c.id) === chapterId);
    chapterCount = sorted.length;
    if (i >= 0) {
      chapterIndex = i + 1;
      if (!prevUrl && i > 0) prevUrl = absUrl(sorted[i - 1].url, url);
      if (!nextUrl && i < sorted.length - 1) nextUrl = absUrl(sorted[i + 1].url, url);
    }
  }

  const u = new URL(url);
  u.hash = '';
  u.search = '';
  return {
    site: SITE,
    storyId,
    title,
    author: text(doc.querySelector(SEL.author)) || null,
    chapterIndex,
    chapterCount,
    chapterTitle: text(chapterTitleEl) || null,
    chapterId,
    url: u.href,
    storyUrl: absUrl(storyHref, url) ?? `${ORIGIN}/fiction/${storyId}`,
    prevUrl,
    nextUrl,
    summary: null,
    blocks: [...before, ...storyBlocks, ...after],
    ...commentsMeta(doc, u.href, 'comments', 'Comments on Royal Road'),
  };
}

export const royalroad: SiteAdapter = {
  id: SITE,
  name: 'Royal Road',
  matches: MATCHES,
  exampleUrls: EXAMPLE_URLS,
  parseUrl: parseRoyalRoadUrl,
  extract: extractRoyalRoad,
};
