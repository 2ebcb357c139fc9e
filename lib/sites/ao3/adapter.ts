/**
 * Archive of Our Own (otwarchive). Chapter pages, one-shots, the entire-work view,
 * the adult-content interstitial. Notes are marked up by the site: they become structured note blocks.
 */
import { absUrl, blocksFrom, missing, noteBlocks, notChapter, parseCount, refused, servedInstead, text, inertCopy } from '../blocks';
import type { Block, Chapter, ExtractError, SiteAdapter, WorkMeta } from '../types';
import { EXAMPLE_URLS, MATCHES, ORIGIN, parseAo3Url } from './urls';

const SITE = 'ao3';
/** Bumped whenever this adapter's reading of AO3 changes (named in the popup's diagnostic). */
export const AO3_ADAPTER_VERSION = '2026.12-1';
function directChild(parent: Element | null, pred: (el: Element) => boolean): Element | null {
  if (!parent) return null;
  for (const c of Array.from(parent.children)) if (pred(c)) return c;
  return null;
}

const isLandmark = (el: Element): boolean => el.tagName === 'H3' && el.classList.contains('landmark');

/** Plain text of a summary module: paragraphs separated by a blank line. */
function summaryText(module: Element | null): string | null {
  const bq = module?.querySelector('blockquote.userstuff') ?? null;
  if (!bq) return null;
  const parts = blocksFrom(bq).map((b) => b.text).filter(Boolean);
  return parts.length ? parts.join('\n\n') : null;
}

function notesOf(module: Element | null, where: 'before' | 'after', label: string): Block[] {
  if (!module) return [];
  const out: Block[] = [];
  for (const bq of Array.from(module.querySelectorAll('blockquote.userstuff'))) {
    out.push(...noteBlocks(bq, where, label));
  }
  return out;
}

/** "Chapter 2: The Tidewater Market" -> "The Tidewater Market"; "Chapter 2" -> null. */
function chapterTitleOf(h: Element | null): string | null {
  if (!h) return null;
  const clone = inertCopy(h);
  const link = clone.querySelector('a');
  if (link && /^\s*chapter\s+\d+\s*$/i.test(link.textContent ?? '')) link.remove();
  let t = text(clone).replace(/^chapter\s+\d+\s*/i, '').replace(/^[:.\-–—]\s*/, '').trim();
  return t || null;
}

function chapterNumberOf(chapterEl: Element): number | null {
  const m = /^chapter-(\d+)$/.exec(chapterEl.id);
  if (m) return parseInt(m[1], 10);
  const h = chapterEl.querySelector('h3.title');
  const hm = /chapter\s+(\d+)/i.exec(text(h));
  return hm ? parseInt(hm[1], 10) : null;
}

/** The preface module of one chapter (the first `div.chapter.preface.group` without end notes). */
function chapterParts(chapterEl: Element) {
  const prefaces = Array.from(chapterEl.children).filter((c) => c.matches('div.preface.group'));
  const before = prefaces.find((p) => !p.querySelector('.end.notes')) ?? null;
  const body =
    directChild(chapterEl, (c) => c.matches('div.userstuff')) ?? chapterEl.querySelector('div.userstuff.module[role="article"]');
  const endModule = chapterEl.querySelector('div.end.notes.module');
  return {
    heading: before?.querySelector('h3.title') ?? null,
    summary: before?.querySelector('div.summary.module') ?? null,
    notes: before?.querySelector('div.notes.module:not(.end)') ?? null,
    body,
    endNotes: endModule,
  };
}

function bodyBlocks(body: Element): Block[] {
  return blocksFrom(body, { skip: isLandmark });
}

function metaOf(doc: Document) {
  const meta = doc.querySelector('dl.work.meta');
  const stats = meta?.querySelector('dd.stats') ?? doc.querySelector('dl.stats');
  const chaptersText = text(stats?.querySelector('dd.chapters'));
  const cm = /(\d+)\s*\/\s*(\d+|\?)/.exec(chaptersText);
  const posted = cm ? parseInt(cm[1], 10) : null;
  const total = cm && cm[2] !== '?' ? parseInt(cm[2], 10) : null;
  const statusDt = text(stats?.querySelector('dt.status'));
  let status: Chapter['status'] = null;
  if (/complet/i.test(statusDt)) status = 'complete';
  else if (/updat/i.test(statusDt)) status = 'in-progress';
  else if (cm) status = total !== null && posted === total ? 'complete' : 'in-progress';
  const words = parseCount(text(stats?.querySelector('dd.words')));
  const list = (cls: string): string[] => {
    const out: string[] = [];
    for (const a of Array.from(meta?.querySelectorAll(`dd.${cls} a.tag`) ?? [])) {
      const t = text(a);
      if (t && !out.includes(t)) out.push(t);
    }
    return out;
  };
  const date = (sel: string): number | null => {
    const d = Date.parse(text(stats?.querySelector(sel)));
    return Number.isFinite(d) ? d : null;
  };
  const card: WorkMeta = {
    rating: list('rating').join(', ') || null,
    warnings: list('warning'),
    categories: list('category'),
    fandoms: list('fandom'),
    relationships: list('relationship'),
    characters: list('character'),
    tags: list('freeform'),
    language: text(meta?.querySelector('dd.language')) || null,
    words,
    chaptersPosted: posted,
    chaptersTotal: total,
    status,
    published: date('dd.published'),
    updated: date('dd.status'),
  };
  const tags: string[] = [];
  for (const t of [...card.fandoms!, ...card.relationships!, ...card.characters!, ...card.tags!]) if (!tags.includes(t)) tags.push(t);
  return { total, hasCount: !!cm, status, words, tags, card: meta ? card : undefined };
}

function authorOf(byline: Element | null): string | null {
  if (!byline) return null;
  const names = Array.from(byline.querySelectorAll('a[rel="author"]'))
    .map((a) => text(a))
    .filter((n, i, all) => n && all.indexOf(n) === i);
  if (names.length) return names.join(', ');
  const t = text(byline);
  if (!t || /^anonymous$/i.test(t)) return null;
  return t;
}

function isAdultInterstitial(doc: Document): boolean {
  if (doc.querySelector('#workskin, #chapters')) return false;
  if (doc.querySelector('p.caution')) return true;
  if (doc.querySelector('a[href*="view_adult=true"]')) return true;
  return Array.from(doc.querySelectorAll('h2')).some((h) => /adult content/i.test(text(h)));
}

function continueLink(doc: Document, url: string): string | null {
  const links = Array.from(doc.querySelectorAll('ul.actions a, a'));
  const yes =
    links.find((a) => /view_adult=true/.test(a.getAttribute('href') ?? '')) ??
    links.find((a) => /^\s*(yes,?\s*)?(continue|proceed)/i.test(a.textContent ?? ''));
  if (yes) return absUrl(yes.getAttribute('href'), url);
  const u = new URL(url);
  u.searchParams.set('view_adult', 'true');
  u.hash = '';
  return u.href;
}

/** Listing paths: series, tag and user work lists, bookmarks, collections, a work's chapter index. */
const LISTING_PATH_RE =
  /^\/(?:series(?:\/|$)|tags\/|users\/|bookmarks|collections\/[^/]+\/?$|collections\/[^/]+\/(?:works|bookmarks|series)\/?$|works\/?$|works\/\d+\/navigate\/?$|works\/search)/;

function isListing(doc: Document, url: string): boolean {
  let path = '';
  try {
    path = new URL(url).pathname;
  } catch {
    /* not a URL: decide by the page */
  }
  if (LISTING_PATH_RE.test(path)) return true;
  return !doc.querySelector('#chapters') && !!doc.querySelector('li.blurb, ol.index, ol.chapter.index, ul.series.work');
}

/**
 * Pages AO3 serves at a work's address instead of the work: the log-in page of a work for
 * registered users only, the 404 of a deleted work, "Retry later", a bot check. Null: none of them.
 */
function servedInsteadOfWork(doc: Document): ExtractError | null {
  const main = doc.querySelector('#main');
  const mainText = text(main).slice(0, 3000);
  if (/only available to registered users/i.test(mainText) || (main?.matches('.sessions-new') && doc.querySelector('#signin'))) {
    return refused(SITE, 'login-required', 'AO3 shows this work to logged-in users only.');
  }
  if (main?.matches('.error-404') || /^\s*(error 404|404 error)/i.test(text(doc.querySelector('#main h2'))) || /^404\b/.test((doc.title ?? '').trim())) {
    return refused(SITE, 'not-found', "AO3 says this work doesn't exist: it may have been deleted, or the address is mistyped.");
  }
  const other = servedInstead(doc);
  if (other?.kind === 'rate-limited') return refused(SITE, 'rate-limited', `AO3 asks to retry later (${other.what}).`);
  if (other?.kind === 'bot-check') return refused(SITE, 'bot-check', `AO3 shows ${other.what} before the work.`);
  return null;
}

function extractAo3(doc: Document, url: string): Chapter | ExtractError {
  const parsed = parseAo3Url(url);
  if (!parsed) {
    if (isListing(doc, url)) return refused(SITE, 'listing', 'This AO3 page is a list of works or chapters, not a chapter.');
    return notChapter(SITE, 'This AO3 page is not a work or chapter page.');
  }
  if (isAdultInterstitial(doc)) {
    return refused(SITE, 'adult-warning', 'AO3 asks to confirm adult content before showing this work.', continueLink(doc, url));
  }
  const workskin = doc.querySelector('#workskin');
  const chaptersEl = doc.querySelector('#chapters');
  if (!chaptersEl) return servedInsteadOfWork(doc) ?? missing(SITE, 'chapter text', '#chapters');
  const workPreface = directChild(workskin, (c) => c.matches('div.preface.group') && !c.matches('.chapter, .afterword'))
    ?? doc.querySelector('div.preface.group:not(.chapter):not(.afterword)');
  const titleEl = workPreface?.querySelector('h2.title') ?? doc.querySelector('h2.title.heading');
  if (!titleEl) return missing(SITE, 'title', 'div.preface.group h2.title.heading');
  const title = text(titleEl);
  const author = authorOf(workPreface?.querySelector('h3.byline') ?? doc.querySelector('h3.byline.heading'));
  const meta = metaOf(doc);
  const storyUrl = `${ORIGIN}/works/${parsed.storyId}`;
  const afterword = workskin
    ? directChild(workskin, (c) => c.matches('div.afterword')) ?? workskin.querySelector('div.afterword')
    : doc.querySelector('div.afterword');

  const workSummary = summaryText(workPreface?.querySelector('div.summary.module') ?? null);
  const workNotes = notesOf(workPreface?.querySelector('div.notes.module:not(.end)') ?? null, 'before', 'Work notes');
  const workEndNotes = notesOf(afterword?.querySelector('#work_endnotes, div.end.notes.module') ?? null, 'after', 'Work end notes');

  const chapterEls = Array.from(chaptersEl.children).filter((c) => c.matches('div.chapter'));
  const fullView = chapterEls.length > 1 || (chapterEls.length >= 1 && new URL(url).searchParams.get('view_full_work') === 'true');
  const base = {
    site: SITE,
    storyId: parsed.storyId,
    title,
    author,
    storyUrl,
    words: meta.words,
    status: meta.status,
    tags: meta.tags,
    siteUpdatedAt: meta.card?.updated ?? meta.card?.published ?? null,
  };
  const withMeta = (feedbackUrl: string) =>
    meta.card ? { meta: { ...meta.card, feedbackUrl, feedbackLabel: 'Kudos and comments on AO3' } } : {};

  if (fullView) {
    const blocks: Block[] = [...workNotes];
    for (const ch of chapterEls) {
      const parts = chapterParts(ch);
      if (!parts.body) return missing(SITE, 'chapter text', 'div.chapter > div.userstuff.module');
      const n = chapterNumberOf(ch);
      const t = chapterTitleOf(parts.heading);
      const headingText = [n !== null ? `Chapter ${n}` : null, t].filter(Boolean).join(': ');
      if (headingText) {
        const h = doc.createElement('h2');
        h.textContent = headingText;
        blocks.push({ kind: 'separator', html: h.outerHTML, text: headingText, source: 'structured' });
      }
      blocks.push(...notesOf(parts.notes, 'before', 'Chapter notes'));
      blocks.push(...bodyBlocks(parts.body));
      blocks.push(...notesOf(parts.endNotes, 'after', 'End notes'));
    }
    blocks.push(...workEndNotes);
    return {
      ...base,
      chapterIndex: null,
      chapterCount: meta.hasCount ? meta.total : chapterEls.length,
      chapterTitle: null,
      chapterId: 'full',
      url: `${storyUrl}?view_full_work=true`,
      prevUrl: null,
      nextUrl: null,
      summary: workSummary,
      blocks,
      ...withMeta(`${storyUrl}?view_full_work=true#feedback`),
    };
  }

  const chapterEl = chapterEls[0] ?? null;
  const select = doc.querySelector('select#selected_id');
  const selected = select?.querySelector('option[selected]') ?? null;
  let chapterIndex: number | null;
  let chapterTitle: string | null;
  let chapterId: string;
  let siteChapterId: string | null = null;
  let summary = workSummary;
  let body: Element | null;
  const blocks: Block[] = [...workNotes];

  if (chapterEl) {
    const parts = chapterParts(chapterEl);
    body = parts.body;
    if (!body) return missing(SITE, 'chapter text', 'div.chapter > div.userstuff.module[role=article]');
    chapterIndex = chapterNumberOf(chapterEl);
    if (chapterIndex === null && select && selected) {
      chapterIndex = Array.from(select.querySelectorAll('option')).indexOf(selected as HTMLOptionElement) + 1 || null;
    }
    chapterTitle = chapterTitleOf(parts.heading);
    if (!parts.heading && selected) chapterTitle = text(selected).replace(/^\d+\.\s*/, '') || null;
    const headingLink = /\/chapters\/(\d+)/.exec(parts.heading?.querySelector('a')?.getAttribute('href') ?? '');
    siteChapterId = selected?.getAttribute('value') || parsed.chapterId || headingLink?.[1] || null;
    chapterId = siteChapterId ?? String(chapterIndex ?? 1);
    const chSummary = summaryText(parts.summary);
    summary = [workSummary, chSummary].filter(Boolean).join('\n\n') || null;
    blocks.push(...notesOf(parts.notes, 'before', 'Chapter notes'));
    blocks.push(...bodyBlocks(body));
    blocks.push(...notesOf(parts.endNotes, 'after', 'End notes'));
  } else {
    // One-chapter work: #chapters > h3.landmark#work + div.userstuff
    body = directChild(chaptersEl, (c) => c.matches('div.userstuff')) ?? chaptersEl.querySelector('div.userstuff');
    if (!body) return missing(SITE, 'chapter text', '#chapters > div.userstuff');
    chapterIndex = 1;
    chapterTitle = null;
    chapterId = '1';
    blocks.push(...bodyBlocks(body));
  }
  blocks.push(...workEndNotes);

  const nav = doc.querySelector('ul.work.navigation');
  const prevUrl = absUrl(nav?.querySelector('li.chapter.previous a')?.getAttribute('href'), url);
  const nextUrl = absUrl(nav?.querySelector('li.chapter.next a')?.getAttribute('href'), url);
  const chapterCount = meta.hasCount ? meta.total : chapterEl ? null : 1;
  // The chapter select lists every posted chapter: the reader view's chapter list.
  const toc = Array.from(select?.querySelectorAll('option') ?? [])
    .map((o) => ({ id: o.getAttribute('value') ?? '', title: text(o).replace(/^\d+\.\s*/, '') || null, url: `${storyUrl}/chapters/${o.getAttribute('value')}` }))
    .filter((e) => /^\d+$/.test(e.id));
  return {
    ...(toc.length ? { toc } : {}),
    ...base,
    chapterIndex,
    chapterCount,
    chapterTitle,
    chapterId,
    url: siteChapterId ? `${storyUrl}/chapters/${siteChapterId}` : storyUrl,
    prevUrl,
    nextUrl,
    summary,
    blocks,
    ...withMeta(`${siteChapterId ? `${storyUrl}/chapters/${siteChapterId}` : storyUrl}#feedback`),
  };
}

export const ao3: SiteAdapter = {
  id: SITE,
  name: 'Archive of Our Own',
  version: AO3_ADAPTER_VERSION,
  matches: MATCHES,
  exampleUrls: EXAMPLE_URLS,
  parseUrl: parseAo3Url,
  extract: extractAo3,
};
