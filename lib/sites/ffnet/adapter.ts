/**
 * FanFiction.Net and FictionPress (the same engine): one factory, two adapters.
 * Desktop (www.) and mobile (m.) pages. Author notes are inline in the body:
 * body blocks have source 'body' and the notes detector decides them.
 */
import { absUrl, blocksFrom, missing, notChapter, parseCount, refused, servedInstead, text, inertCopy } from '../blocks';
import type { Chapter, ExtractError, SiteAdapter } from '../types';
import { FFN_SITES, ffnUrls, type FfnSite } from './urls';

export interface FfnMeta {
  words: number | null;
  chapters: number | null;
  complete: boolean;
  /** Epoch milliseconds from the data-xutime spans; null when absent. */
  updated: number | null;
  published: number | null;
  rating: string | null;
  language: string | null;
  /** "Romance/Hurt/Comfort" -> ["Romance", "Hurt/Comfort"]. */
  genres: string[];
  /** The characters / pairings part of the line ("Harry P., [Hermione G., Ron W.]"). */
  characters: string[];
}

const FFN_GENRE = /^(?:Adventure|Angst|Crime|Drama|Family|Fantasy|Friendship|General|Horror|Humor|Hurt\/Comfort|Mystery|Parody|Poetry|Romance|Sci-Fi|Spiritual|Supernatural|Suspense|Tragedy|Western)(?:\/|$)/;

/** The genres and characters parts: the unlabelled parts after the language. */
function genresAndCharacters(parts: string[]): { genres: string[]; characters: string[] } {
  const genres: string[] = [];
  let characters: string[] = [];
  for (const raw of parts.slice(2)) {
    const p = raw.trim();
    if (/^[\w ]+:/.test(p)) break;
    if (!genres.length && !characters.length && FFN_GENRE.test(p)) {
      let rest = p;
      while (rest) {
        const m = FFN_GENRE.exec(rest);
        if (!m) break;
        genres.push(m[0].replace(/\/$/, ''));
        rest = rest.slice(m[0].length);
      }
    } else if (!characters.length) characters = p.split(/,\s*|[[\]]/).map((c) => c.trim()).filter(Boolean);
  }
  return { genres, characters };
}

/**
 * Parse the FFN/FictionPress metadata line:
 * "Rated: Fiction T - English - Adventure - Chapters: 7 - Words: 38,412 - … - Updated: 7/1/2024 - Published: 3/1/2024 - Status: Complete - id: 1".
 * Pass the element to read exact dates from its data-xutime spans (Updated comes before Published).
 */
export function parseFfnMeta(line: string, el?: Element | null): FfnMeta {
  const t = line.replace(/\s+/g, ' ');
  const num = (re: RegExp): number | null => {
    const m = re.exec(t);
    return m ? parseCount(m[1]) : null;
  };
  let updated: number | null = null;
  let published: number | null = null;
  if (el) {
    const spans = Array.from(el.querySelectorAll('[data-xutime]'))
      .map((s) => parseInt(s.getAttribute('data-xutime') ?? '', 10))
      .filter((n) => Number.isFinite(n))
      .map((n) => n * 1000);
    if (/Updated:/i.test(t) && spans.length >= 2) [updated, published] = spans;
    else if (/Updated:/i.test(t) && !/Published:/i.test(t)) updated = spans[0] ?? null;
    else published = spans[0] ?? null;
  }
  if (published === null) published = dateAfter(t, 'Published');
  if (updated === null) updated = dateAfter(t, 'Updated');
  const rating = /Rated:\s*(?:Fiction\s+)?(MA|[A-Z]\+?)(?=[\s,-]|$)/.exec(t)?.[1] ?? null;
  const parts = t.split(/\s+-\s+/);
  const language = parts.length > 1 && /^[A-Z][\p{L}]+(?:\s[\p{L}]+)?$/u.test(parts[1].trim()) ? parts[1].trim() : null;
  return {
    // The mobile site rounds ("Words: 234k+"): no exact count there.
    words: /Words:\s*[\d,.]+\s*k\+?/i.test(t) ? null : num(/Words:\s*([\d,.]+)/i),
    chapters: num(/Chapters:\s*(\d+)/i),
    complete: /Status:\s*Complete/i.test(t),
    updated,
    published,
    rating,
    language,
    ...genresAndCharacters(parts),
  };
}

/** "Published: 3/1/2024" (US order) or "Published: Mar 1, 2024" -> epoch ms, UTC. */
function dateAfter(t: string, label: string): number | null {
  const m = new RegExp(`${label}:\\s*(.+?)(?:\\s+-\\s+|$)`, 'i').exec(t);
  if (!m) return null;
  const s = m[1].trim();
  const us = /^(\d{1,2})[/-](\d{1,2})(?:[/-](\d{4}|\d{2}))?$/.exec(s);
  if (us) {
    // Old layouts write two-digit years ("09-20-09"); the site opened in 1998.
    const yy = us[3] ? parseInt(us[3], 10) : new Date().getUTCFullYear();
    const year = us[3]?.length === 2 ? (yy >= 98 ? 1900 + yy : 2000 + yy) : yy;
    return Date.UTC(year, parseInt(us[1], 10) - 1, parseInt(us[2], 10));
  }
  const d = Date.parse(`${s} UTC`);
  return Number.isFinite(d) ? d : null;
}

/** Bumped whenever this adapter's reading of FanFiction.Net / FictionPress changes (named in the popup's diagnostic). */
export const FFN_ADAPTER_VERSION = '2026.12-1';

/** A '/s/ID/N/slug' path in an onclick ("self.location='/s/1/2/x'") or href. */
function pathFrom(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = /(\/s\/\d+\/\d+[^'"\s]*)/.exec(s);
  return m ? m[1] : null;
}

export function makeFfnAdapter(site: FfnSite): SiteAdapter {
  const urls = ffnUrls(site);
  const { URL_RE, ORIGIN, parseUrl } = urls;

  function extract(doc: Document, url: string): Chapter | ExtractError {
    const m = URL_RE.exec(url.trim());
    if (!m) return notChapter(site.id, `This ${site.name} page is not a story page.`);
    const storyId = m[1];
    const urlChapter = m[2] ? parseInt(m[2], 10) : 1;
    const slug = m[3] ?? '';

    const body = doc.querySelector('div#storytext') ?? doc.querySelector('div#storycontent, div.storycontent');
    if (!body) {
      const warning = doc.querySelector('.gui_warning, .gui_normal');
      if (warning && /not found|no longer available|unavailable/i.test(text(warning))) {
        return refused(site.id, 'not-found', `${site.name}: ${text(warning)}`);
      }
      const other = servedInstead(doc);
      if (other?.kind === 'bot-check') return refused(site.id, 'bot-check', `${site.name} shows ${other.what} before the chapter.`);
      if (other?.kind === 'rate-limited') return refused(site.id, 'rate-limited', `${site.name} asks to retry later (${other.what}).`);
      return missing(site.id, 'chapter text', '#storytext');
    }

    // An element that took the body's id but holds no text (a changed layout) must not give an
    // empty reader over a page that does show the chapter: leave the page as it is.
    const blocks = blocksFrom(body);
    if (!blocks.some((b) => b.kind !== 'separator' && b.text)) return missing(site.id, 'chapter text', '#storytext');

    const profile = doc.querySelector('#profile_top');
    const content = profile ?? doc.querySelector('#content') ?? doc.body;
    const titleEl = profile?.querySelector('b.xcontrast_txt') ?? outside(body, content?.querySelectorAll('b') ?? []);
    const title = text(titleEl);
    if (!title) return missing(site.id, 'title', '#profile_top b.xcontrast_txt');
    const authorEl =
      profile?.querySelector('a.xcontrast_txt[href^="/u/"]') ??
      outside(body, content?.querySelectorAll('a[href^="/u/"], a[href*="/u/"]') ?? []);
    const author = text(authorEl) || null;

    let summary: string | null = null;
    if (profile) {
      const s = Array.from(profile.querySelectorAll('div.xcontrast_txt')).find((d) => text(d).length > 0);
      summary = s ? text(s) : null;
    }
    const metaEl = profile?.querySelector('span.xgray') ?? outside(body, doc.querySelectorAll('span.xgray, div.gray, .xgray'));
    const meta = parseFfnMeta(text(metaEl), metaEl);

    // Chapter list: select#chap_select (twice on the page; the first is enough); layouts before
    // ~2010 give it no id, only name="chapter".
    const select = outside(body, doc.querySelectorAll('select#chap_select, select[name="chapter"]'));
    const options = select ? Array.from(select.querySelectorAll('option')) : [];
    const selected = options.find((o) => o.hasAttribute('selected')) ?? options.find((o) => o.value === String(urlChapter)) ?? null;

    // Mobile pages have no select: "Ch 3 of 7" text (below the story, outside #content) and plain links.
    const chOf = options.length ? null : /\bCh(?:apter)?\s+(\d+)\s+of\s+(\d+)\b/i.exec(textOutside(body, doc.body));

    const chapterIndex = selected ? options.indexOf(selected) + 1 : chOf ? parseInt(chOf[1], 10) : urlChapter;
    const prevUrl = navUrl(doc, body, storyId, 'prev', url);
    const nextUrl = navUrl(doc, body, storyId, 'next', url);

    let chapterCount: number | null;
    if (options.length) chapterCount = options.length;
    else if (meta.chapters) chapterCount = meta.chapters;
    else if (chOf) chapterCount = parseInt(chOf[2], 10);
    else if (!prevUrl && !nextUrl) chapterCount = 1;
    else chapterCount = null;

    let chapterTitle: string | null = null;
    if (selected) chapterTitle = ownTitle(text(selected).replace(/^\d+\.\s*/, ''), chapterIndex);
    else if (chapterCount !== 1) chapterTitle = titleFromPage(doc, body, chapterIndex);
    if (chapterTitle && chapterCount === 1 && chapterTitle === title) chapterTitle = null;

    const fandom = Array.from(doc.querySelectorAll('#pre_story_links a')).map((a) => text(a)).pop();
    const status: Chapter['status'] = meta.complete ? 'complete' : metaEl ? 'in-progress' : null;

    const toc = options.map((o, i) => ({
      id: String(i + 1),
      title: ownTitle(text(o).replace(/^\d+\.\s*/, ''), i + 1),
      url: `${ORIGIN}/s/${storyId}/${i + 1}/${slug}`,
    }));
    return {
      ...(toc.length > 1 ? { toc } : {}),
      site: site.id,
      storyId,
      title,
      author,
      chapterIndex,
      chapterCount,
      chapterTitle,
      chapterId: String(chapterIndex),
      url: `${ORIGIN}/s/${storyId}/${chapterIndex}/${slug}`,
      storyUrl: `${ORIGIN}/s/${storyId}/1/${slug}`,
      prevUrl,
      nextUrl,
      summary,
      blocks,
      words: meta.words,
      status,
      tags: fandom ? [fandom] : [],
      siteUpdatedAt: meta.updated ?? meta.published,
      meta: {
        rating: meta.rating,
        genres: meta.genres,
        fandoms: fandom ? [fandom] : [],
        characters: meta.characters,
        language: meta.language,
        words: meta.words,
        chaptersPosted: chapterCount,
        chaptersTotal: status === 'complete' ? chapterCount : null,
        status,
        published: meta.published,
        updated: meta.updated,
        feedbackUrl: `${ORIGIN}/r/${storyId}/${chapterIndex}/`,
        feedbackLabel: `Reviews on ${site.name}`,
      },
    };
  }

  return {
    id: site.id,
    name: site.name,
    version: FFN_ADAPTER_VERSION,
    matches: urls.matches,
    exampleUrls: urls.exampleUrls,
    parseUrl,
    extract,
  };
}

/** First element of the list that is not inside the story body. */
function outside(body: Element, list: ArrayLike<Element>): Element | null {
  for (const el of Array.from(list)) if (!body.contains(el)) return el;
  return null;
}

/** Text of a container without the story body (so story prose never looks like navigation). */
function textOutside(body: Element, root: Element | null): string {
  if (!root) return '';
  if (!root.contains(body)) return text(root);
  const clone = inertCopy(root);
  clone.querySelector('#storytext, #storycontent, .storycontent')?.remove();
  return text(clone);
}

/**
 * Prev/next: desktop buttons (<button> or, in older layouts, <input type=button value="&lt; Prev">)
 * with onclick="self.location='/s/ID/N/slug'", else mobile links ("« First", "« Prev", "Next »",
 * "Last »": the words win over the arrows, and First / Last are never Prev / Next).
 */
function navUrl(doc: Document, body: Element, storyId: string, which: 'prev' | 'next', base: string): string | null {
  const word = which === 'prev' ? /\bprev/i : /\bnext\b/i;
  const arrow = which === 'prev' ? /«|&lt;|</ : /»|>/;
  const other = /\b(first|last)\b/i;
  const own = new RegExp(`^/s/${storyId}/\\d+`);
  const candidates: { label: string; path: string }[] = [];
  for (const b of Array.from(doc.querySelectorAll('button[onclick], input[onclick]'))) {
    if (body.contains(b)) continue;
    if (b.tagName === 'INPUT' && !/^(button|submit)$/i.test(b.getAttribute('type') ?? '')) continue;
    const p = pathFrom(b.getAttribute('onclick'));
    const label = b.tagName === 'INPUT' ? collapseLabel(b.getAttribute('value')) : text(b);
    if (p && own.test(p)) candidates.push({ label, path: p });
  }
  for (const a of Array.from(doc.querySelectorAll('a[href*="/s/"]'))) {
    if (body.contains(a)) continue;
    const label = text(a);
    if (!label || label.length > 20) continue;
    let path: string;
    try {
      path = new URL(a.getAttribute('href') ?? '', base).pathname;
    } catch {
      continue;
    }
    if (own.test(path)) candidates.push({ label, path: a.getAttribute('href') ?? '' });
  }
  const pick =
    candidates.find((c) => word.test(c.label) && !other.test(c.label)) ??
    candidates.find((c) => arrow.test(c.label) && !other.test(c.label) && !(which === 'prev' ? /next/i : /prev/i).test(c.label));
  return pick ? absUrl(pick.path, base) : null;
}

function collapseLabel(s: string | null): string {
  return (s ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
}

/**
 * The chapter's own title: without a "Chapter 3:" / "3:" the author repeated from the chapter's
 * number (FFN shows untitled chapters as "Chapter 3"); null when nothing else is left.
 */
function ownTitle(raw: string, index: number): string | null {
  const t = raw.replace(/[\s\u00a0]+/g, ' ').trim();
  const m = /^(?:chapter\s+)?(\d+)\s*(?:[:.\-–—]\s*|$)/i.exec(t);
  if (m && parseInt(m[1], 10) === index) return t.slice(m[0].length).trim() || null;
  return t || null;
}

/**
 * Chapter title where there is no select. The mobile site writes the chapter's title as a bare
 * text line at the end of #content, after the last rule ("Chapter 23: Humiliation…"); hand-made and
 * other layouts have a "Chapter 3: Title" element; else the document title.
 */
function titleFromPage(doc: Document, body: Element, index: number): string | null {
  const content = doc.querySelector('#content');
  if (content && !content.contains(body)) {
    const kids = Array.from(content.childNodes);
    let lastRule = -1;
    kids.forEach((n, i) => {
      if (n.nodeType === 1 && (n as Element).tagName === 'HR') lastRule = i;
    });
    if (lastRule >= 0) {
      const line = kids
        .slice(lastRule + 1)
        .filter((n) => n.nodeType === 3)
        .map((n) => n.nodeValue ?? '')
        .join(' ');
      if (line.trim()) return ownTitle(line, index);
    }
  }
  const root = content ?? doc.body;
  for (const el of Array.from(root?.querySelectorAll('div, span, b, center') ?? [])) {
    if (body.contains(el) || el.contains(body) || el.children.length > 2) continue;
    const m = /^Chapter\s+\d+\s*[:.\-–]\s*(.+)$/i.exec(text(el));
    if (m && m[1].length < 200) return ownTitle(text(el), index);
  }
  const dt = /\bChapter\s+\d+:\s*(.+?),\s+an?\s+[^,|]*?\s*(?:fanfic|fiction)\s*\|/i.exec(doc.title ?? '');
  return dt ? dt[1].trim() : null;
}

export const ffnet = makeFfnAdapter(FFN_SITES.ffnet);
export const fictionpress = makeFfnAdapter(FFN_SITES.fictionpress);
