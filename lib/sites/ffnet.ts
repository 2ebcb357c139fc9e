/**
 * FanFiction.Net and FictionPress (the same engine): one factory, two adapters.
 * Desktop (www.) and mobile (m.) pages. Author notes are inline in the body:
 * body blocks have source 'body' and the notes detector decides them.
 */
import { absUrl, blocksFrom, missing, notChapter, parseCount, text, inertCopy } from './blocks';
import type { Chapter, ExtractError, ParsedUrl, SiteAdapter } from './types';

export interface FfnMeta {
  words: number | null;
  chapters: number | null;
  complete: boolean;
  /** Epoch milliseconds from the data-xutime spans; null when absent. */
  updated: number | null;
  published: number | null;
  rating: string | null;
  language: string | null;
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
    words: num(/Words:\s*([\d,.]+)/i),
    chapters: num(/Chapters:\s*(\d+)/i),
    complete: /Status:\s*Complete/i.test(t),
    updated,
    published,
    rating,
    language,
  };
}

/** "Published: 3/1/2024" (US order) or "Published: Mar 1, 2024" -> epoch ms, UTC. */
function dateAfter(t: string, label: string): number | null {
  const m = new RegExp(`${label}:\\s*([^-]+?)(?:\\s+-\\s+|$)`, 'i').exec(t);
  if (!m) return null;
  const s = m[1].trim();
  const us = /^(\d{1,2})\/(\d{1,2})(?:\/(\d{4}))?$/.exec(s);
  if (us) {
    const year = us[3] ? parseInt(us[3], 10) : new Date().getUTCFullYear();
    return Date.UTC(year, parseInt(us[1], 10) - 1, parseInt(us[2], 10));
  }
  const d = Date.parse(`${s} UTC`);
  return Number.isFinite(d) ? d : null;
}

interface FfnSite {
  id: string;
  name: string;
  /** Registrable domain, e.g. 'fanfiction.net'. */
  domain: string;
}

/** A '/s/ID/N/slug' path in an onclick ("self.location='/s/1/2/x'") or href. */
function pathFrom(s: string | null | undefined): string | null {
  if (!s) return null;
  const m = /(\/s\/\d+\/\d+[^'"\s]*)/.exec(s);
  return m ? m[1] : null;
}

export function makeFfnAdapter(site: FfnSite): SiteAdapter {
  const domainRe = site.domain.replace(/\./g, '\\.');
  const URL_RE = new RegExp(`^https?://(?:www\\.|m\\.)?${domainRe}/s/(\\d+)(?:/(\\d+))?(?:/([^/?#]*))?/?(?:[?#].*)?$`, 'i');
  const ORIGIN = `https://www.${site.domain}`;

  function parseUrl(url: string): ParsedUrl | null {
    const m = URL_RE.exec(url.trim());
    if (!m) return null;
    return { storyId: m[1], chapterId: m[2] ? String(parseInt(m[2], 10)) : '1' };
  }

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
        return notChapter(site.id, `${site.name}: ${text(warning)}`);
      }
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

    // Chapter list: select#chap_select (twice on the page; the first is enough).
    const select = doc.querySelector('select#chap_select');
    const options = select ? Array.from(select.querySelectorAll('option')) : [];
    const selected = options.find((o) => o.hasAttribute('selected')) ?? options.find((o) => o.value === String(urlChapter)) ?? null;

    // Mobile pages have no select: "Ch 3 of 7" text and plain links.
    const chOf = /\bCh(?:apter)?\s+(\d+)\s+of\s+(\d+)\b/i.exec(textOutside(body, doc.querySelector('#content') ?? doc.body));

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
    if (selected) chapterTitle = text(selected).replace(/^\d+\.\s*/, '') || null;
    else if (chapterCount !== 1) chapterTitle = titleFromPage(doc, body);
    if (chapterTitle && chapterCount === 1 && chapterTitle === title) chapterTitle = null;

    const fandom = Array.from(doc.querySelectorAll('#pre_story_links a')).map((a) => text(a)).pop();
    const status: Chapter['status'] = meta.complete ? 'complete' : metaEl ? 'in-progress' : null;

    return {
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
    };
  }

  return {
    id: site.id,
    name: site.name,
    matches: [`*://www.${site.domain}/s/*`, `*://m.${site.domain}/s/*`, `*://${site.domain}/s/*`],
    exampleUrls: [
      `https://www.${site.domain}/s/14022518/3/The-Cartographer-s-Apprentice`,
      `https://www.${site.domain}/s/14022518/1/`,
      `https://m.${site.domain}/s/14022518/2/The-Cartographer-s-Apprentice`,
      `https://${site.domain}/s/14022518`,
    ],
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

/** Prev/next: desktop buttons with onclick="self.location='/s/ID/N/slug'", else mobile links. */
function navUrl(doc: Document, body: Element, storyId: string, which: 'prev' | 'next', base: string): string | null {
  const label = which === 'prev' ? /prev|«|&lt;|</i : /next|»|>/i;
  for (const b of Array.from(doc.querySelectorAll('button[onclick]'))) {
    if (body.contains(b) || !label.test(text(b))) continue;
    const p = pathFrom(b.getAttribute('onclick'));
    if (p && p.startsWith(`/s/${storyId}/`)) return absUrl(p, base);
  }
  for (const a of Array.from(doc.querySelectorAll('a[href*="/s/"]'))) {
    if (body.contains(a)) continue;
    const t = text(a);
    if (!t || !label.test(t) || t.length > 20) continue;
    const href = a.getAttribute('href') ?? '';
    if (!new RegExp(`/s/${storyId}/\\d+`).test(href)) continue;
    return absUrl(href, base);
  }
  return null;
}

/** Chapter title where there is no select: a "Chapter 3: Title" line, else the document title. */
function titleFromPage(doc: Document, body: Element): string | null {
  for (const el of Array.from(doc.querySelectorAll('#content div, #content span, #content b, #content center'))) {
    if (body.contains(el) || el.contains(body) || el.children.length > 2) continue;
    const m = /^Chapter\s+\d+\s*[:.\-–]\s*(.+)$/i.exec(text(el));
    if (m && m[1].length < 200) return m[1].trim();
  }
  const dt = /\bChapter\s+\d+:\s*(.+?),\s+an?\s+[^,|]*?\s*(?:fanfic|fiction)\s*\|/i.exec(doc.title ?? '');
  return dt ? dt[1].trim() : null;
}

export const ffnet = makeFfnAdapter({ id: 'ffnet', name: 'FanFiction.Net', domain: 'fanfiction.net' });
export const fictionpress = makeFfnAdapter({ id: 'fictionpress', name: 'FictionPress', domain: 'fictionpress.com' });
