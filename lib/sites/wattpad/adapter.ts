/**
 * Wattpad story parts. A part's text is paragraphs p[data-p-id] spread over one or more
 * div[data-page-number] pages: all pages are joined in order and paragraphs deduplicated by
 * data-p-id. Wattpad has no structured notes: every paragraph is a body block.
 * A part URL (/{partId}-{slug}) does not name the story; the story id is read from the page.
 */
import { absUrl, blocksFrom, distinctTags, missing, notChapter, text, inertDocument, inertCopy, commentsMeta } from '../blocks';
import type { Chapter, ExtractError, SiteAdapter, WorkMeta } from '../types';
import { EXAMPLE_URLS, MATCHES, ORIGIN, PART_RE, parseWattpadUrl } from './urls';

const SITE = 'wattpad';
const SEL = {
  pages: 'div[data-page-number]',
  paragraph: 'p[data-p-id]',
  /** Inline-comment counters and buttons inside a paragraph. */
  paragraphChrome: '.comment-marker, .num-comment, .component-wrapper, button',
  /** Tried in order; the first link with text wins (the cover link has none). */
  storyLink: ['.story-info a.title[href*="/story/"]', '.story-info a[href*="/story/"]', 'a.title[href*="/story/"]'],
  /** The story title for screen readers, when no story link has text (only the cover link). */
  storyTitleText: '.story-info .sr-only',
  /** Any link to the story, for its id (the cover link has no text). */
  anyStoryLink: '.story-info a[href*="/story/"]',
  author: '.story-info .author a[href*="/user/"], .author-info a[href*="/user/"], .story-info a[href*="/user/"]',
  partTitle: '.part-header h1, header h1.h2, h1.part-title, .part-title, h1.h2',
  toc: '.table-of-contents li, ul.table-of-contents li',
  next: 'a.next-part-link, #story-part-navigation a.next-part-link',
} as const;

interface PartMeta {
  title: string | null;
  storyId: string | null;
  storyTitle: string | null;
  author: string | null;
  parts: { id: string; title: string | null; url: string | null }[];
  /** What the story object says about itself (Wattpad's story fields `completed`, `mature`, `tags`, `language`). */
  facts: WorkMeta;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);
const idStr = (v: unknown): string | null =>
  (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^\d+$/.test(v)) ? String(v) : null;

/** The JSON object literal starting at `start` (a "{"), up to its matching "}" (strings skipped). */
function objectAt(src: string, start: number): string {
  let depth = 0;
  let inStr = false;
  for (let i = start; i < src.length; i++) {
    const c = src[i];
    if (inStr) {
      if (c === '\\') i++;
      else if (c === '"') inStr = false;
    } else if (c === '"') inStr = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return src.slice(start, i + 1);
    }
  }
  return src.slice(start);
}

/**
 * The part's metadata from the page's own `window.prefetched = {"part.ID.metadata": {"data": …}}`
 * script: part title, and the story ("group": id, title, author, parts) or at least its groupId.
 * Read by class-free tools (WebToEpub's WattpadParser finds `.metadata":{"data":` in the scripts);
 * Wattpad's class names are generated, so this is what survives a redesign.
 */
function partMeta(doc: Document, partId: string): PartMeta | null {
  for (const script of Array.from(doc.querySelectorAll('script:not([src])'))) {
    const src = script.textContent ?? '';
    const at = /window\.prefetched\s*=\s*\{/.exec(src);
    if (!at) continue;
    let all: unknown;
    try {
      all = JSON.parse(objectAt(src, at.index + at[0].length - 1));
    } catch {
      continue;
    }
    if (!all || typeof all !== 'object') continue;
    const entry = (all as Record<string, unknown>)[`part.${partId}.metadata`];
    const data = entry && typeof entry === 'object' ? (entry as { data?: unknown }).data : null;
    if (!data || typeof data !== 'object') continue;
    const d = data as Record<string, unknown>;
    if (idStr(d.id) !== partId) continue;
    const group = d.group && typeof d.group === 'object' ? (d.group as Record<string, unknown>) : {};
    const user = group.user && typeof group.user === 'object' ? (group.user as Record<string, unknown>) : {};
    const parts = Array.isArray(group.parts) ? group.parts : [];
    return {
      title: str(d.title),
      storyId: idStr(group.id) ?? idStr(d.groupId),
      storyTitle: str(group.title),
      author: str(user.name) ?? str(user.username),
      parts: parts
        .map((x) => (x && typeof x === 'object' ? (x as Record<string, unknown>) : {}))
        .filter((x) => idStr(x.id) !== null && x.draft !== true && x.deleted !== true)
        .map((x) => ({ id: idStr(x.id)!, title: str(x.title), url: str(x.url) })),
      facts: storyFacts(group),
    };
  }
  return null;
}

/**
 * The work card's facts from the story object in the part metadata, each only when it has the
 * expected type: `completed` (status), `mature` (Wattpad's one rating: Mature or not stated),
 * `tags` (strings), `language.name`.
 */
function storyFacts(group: Record<string, unknown>): WorkMeta {
  const facts: WorkMeta = {};
  if (typeof group.completed === 'boolean') facts.status = group.completed ? 'complete' : 'in-progress';
  if (group.mature === true) facts.rating = 'Mature';
  const tags = Array.isArray(group.tags) ? distinctTags(group.tags) : [];
  if (tags.length) facts.tags = tags;
  const language = group.language && typeof group.language === 'object' ? str((group.language as Record<string, unknown>).name) : null;
  if (language && language.length <= 40) facts.language = language;
  return facts;
}

function withFacts(feedback: { meta?: WorkMeta }, facts: WorkMeta): { meta?: WorkMeta } {
  const meta = { ...facts, ...feedback.meta };
  return Object.keys(meta).length ? { meta } : {};
}

function firstWithText(doc: Document, selectors: readonly string[]): Element | null {
  for (const sel of selectors) {
    const hit = Array.from(doc.querySelectorAll(sel)).find((el) => text(el));
    if (hit) return hit;
  }
  return null;
}

function partIdOf(href: string | null | undefined, base: string): string | null {
  const abs = absUrl(href, base);
  if (!abs) return null;
  return PART_RE.exec(new URL(abs).pathname)?.[1] ?? null;
}

function extractWattpad(doc: Document, url: string): Chapter | ExtractError {
  const parsed = parseWattpadUrl(url);
  if (!parsed) return notChapter(SITE, 'This Wattpad page is not a story page.');
  if (!parsed.chapterId) return notChapter(SITE, 'This is the story page; open a part to read it.');
  const partId = parsed.chapterId;

  const pageEls = Array.from(doc.querySelectorAll(SEL.pages)).sort(
    (a, b) => (parseInt(a.getAttribute('data-page-number') ?? '0', 10) || 0) - (parseInt(b.getAttribute('data-page-number') ?? '0', 10) || 0),
  );
  // Without page containers, the paragraphs themselves (p[data-p-id] is what every tool reads).
  const pages: Element[] = pageEls.length ? pageEls : doc.body && doc.querySelector(SEL.paragraph) ? [doc.body] : [];
  if (!pages.length) return missing(SITE, 'part pages', SEL.pages);
  const seen = new Set<string>();
  const container = inertDocument(doc).createElement('div');
  for (const page of pages) {
    for (const p of Array.from(page.querySelectorAll(SEL.paragraph))) {
      const id = p.getAttribute('data-p-id') ?? '';
      if (seen.has(id)) continue;
      seen.add(id);
      const clone = inertCopy(p);
      for (const c of Array.from(clone.querySelectorAll(SEL.paragraphChrome))) c.remove();
      container.appendChild(clone);
    }
  }
  if (!seen.size) return missing(SITE, 'paragraphs', `${SEL.pages} ${SEL.paragraph}`);
  const blocks = blocksFrom(container);
  if (!blocks.length) return missing(SITE, 'paragraphs', `${SEL.pages} ${SEL.paragraph}`);

  const meta = partMeta(doc, partId);
  const storyLink = firstWithText(doc, SEL.storyLink) ?? doc.querySelector(SEL.anyStoryLink);
  const linkHref = storyLink?.getAttribute('href') ?? null;
  const storyId = /\/story\/(\d+)/.exec(linkHref ?? '')?.[1] ?? meta?.storyId ?? null;
  if (!storyId) return missing(SITE, 'story title link', SEL.storyLink.join(', '));
  const storyHref = linkHref && /\/story\/\d+/.test(linkHref) ? linkHref : null;
  const title = text(storyLink) || text(doc.querySelector(SEL.storyTitleText)) || meta?.storyTitle || '';
  if (!title) return missing(SITE, 'title', `${SEL.storyLink.join(', ')}, ${SEL.storyTitleText}`);
  const partTitleEl = doc.querySelector(SEL.partTitle);
  const partTitle = text(partTitleEl) || meta?.title || null;
  if (!partTitleEl && !partTitle) return missing(SITE, 'part title', SEL.partTitle);

  // one entry per part (a page may repeat the table of contents)
  const seenParts = new Set<string>();
  const items = Array.from(doc.querySelectorAll(SEL.toc)).filter((li) => {
    const id = partIdOf(li.querySelector('a[href]')?.getAttribute('href'), url);
    if (!id || seenParts.has(id)) return false;
    seenParts.add(id);
    return true;
  });
  // The table of contents on the page, else the story's part list in the page's metadata.
  const list: { id: string | null; url: string | null; active: boolean }[] = items.length
    ? items.map((li) => {
        const href = li.querySelector('a')?.getAttribute('href');
        return { id: partIdOf(href, url), url: absUrl(href, url), active: li.classList.contains('active') };
      })
    : (meta?.parts ?? []).map((p) => ({
        id: p.id,
        // only Wattpad's own addresses, else the short part URL
        url: p.url && /^https:\/\/(?:www\.)?wattpad\.com\//.test(p.url) ? p.url : `${ORIGIN}/${p.id}`,
        active: false,
      }));
  let i = list.findIndex((e) => e.id === partId);
  if (i < 0) i = list.findIndex((e) => e.active);
  const hrefAt = (k: number): string | null => (k >= 0 && k < list.length ? list[k].url : null);
  const prevUrl = i >= 0 ? hrefAt(i - 1) : null;
  const nextUrl = (i >= 0 ? hrefAt(i + 1) : null) ?? absUrl(doc.querySelector(SEL.next)?.getAttribute('href'), url);

  // Canonical part URL: /{partId}-{slug}, without /page/N.
  const u = new URL(url);
  u.hash = '';
  u.search = '';
  u.pathname = u.pathname.replace(/\/page\/\d+\/?$/, '');
  return {
    site: SITE,
    storyId,
    title,
    author: text(doc.querySelector(SEL.author)) || meta?.author || null,
    chapterIndex: i >= 0 ? i + 1 : null,
    chapterCount: list.length || null,
    chapterTitle: partTitle,
    chapterId: partId,
    url: u.href,
    storyUrl: absUrl(storyHref, url) ?? `${ORIGIN}/story/${storyId}`,
    prevUrl,
    nextUrl,
    summary: null,
    status: meta?.facts.status ?? null,
    blocks,
    ...withFacts(commentsMeta(doc, u.href, 'comments', 'Comments on Wattpad'), meta?.facts ?? {}),
  };
}

export const wattpad: SiteAdapter = {
  id: SITE,
  name: 'Wattpad',
  matches: MATCHES,
  exampleUrls: EXAMPLE_URLS,
  parseUrl: parseWattpadUrl,
  extract: extractWattpad,
};
