/**
 * Where each site tells what chapters a story has, cheapest source first, and how to read it.
 *
 * Parsers only read the document or JSON they are given (the same DOM calls work on a linkedom
 * document in the service worker and a happy-dom one in tests). TocEntry ids follow the adapters'
 * chapterId convention so a chapter read and a chapter listed meet: AO3 chapter id, FFN chapter
 * number, Royal Road chapter id, XenForo post id, Fimfiction chapter number, ScribbleHub chapter
 * id, Wattpad part id.
 *
 * URLs are built from the story id and the site's fixed origin, never from stored URLs, so a
 * check only ever asks the supported sites.
 */
import { parseFfnMeta } from '../sites/ffnet/adapter';
import { absUrl, parseCount, text } from '../sites/blocks';
import type { UpdateFound } from '../library/store';
import type { StoryRecord, TocEntry } from '../library/types';

/** One fetched page's findings; `next` is a further page of the same list. */
export interface SourcePage extends UpdateFound {
  next?: string | null;
}

export type UpdateSource =
  | {
      kind: 'html' | 'xml';
      /** First URL to fetch; null when the record lacks what is needed (no numeric id). */
      url(story: StoryRecord): string | null;
      parse(doc: Document, story: StoryRecord, pageUrl: string): SourcePage;
    }
  | {
      kind: 'json';
      url(story: StoryRecord): string | null;
      parse(data: unknown, story: StoryRecord, pageUrl: string): SourcePage;
    };

/** The page was fetched but is not what the parser expects (layout change, error page, login). */
export class UpdateParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdateParseError';
  }
}

const digits = (s: string) => (/^\d+$/.test(s) ? s : null);
const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

function utcDate(y: number, m: number, d: number): number | null {
  const t = Date.UTC(y, m - 1, d);
  return Number.isFinite(t) ? t : null;
}

/** "1st Jan 2020", "Jan 2, 2024", "2020-01-02", RFC 822 -> ms (UTC), or null. */
export function parseLooseDate(s: string | null | undefined): number | null {
  if (!s) return null;
  const t = clean(s).replace(/^\(|\)$/g, '');
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (iso) return utcDate(+iso[1], +iso[2], +iso[3]);
  const noOrdinal = t.replace(/(\d+)(st|nd|rd|th)\b/gi, '$1');
  const hasZone = /(?:GMT|UTC|Z|[+-]\d{2}:?\d{2})$/i.test(noOrdinal);
  const ms = Date.parse(hasZone ? noOrdinal : `${noOrdinal} UTC`);
  if (Number.isFinite(ms)) return ms;
  const plain = Date.parse(noOrdinal);
  return Number.isFinite(plain) ? plain : null;
}

function latest(toc: TocEntry[]): number | null {
  let max: number | null = null;
  for (const e of toc) if (typeof e.date === 'number' && (max === null || e.date > max)) max = e.date;
  return max;
}

function entry(id: string, title: string | null, url: string, date: number | null): TocEntry {
  const e: TocEntry = { id, title: title || null, url };
  if (date !== null) e.date = date;
  return e;
}

// --- AO3: /works/W/navigate -------------------------------------------------------------------

const AO3 = 'https://archiveofourown.org';

const ao3: UpdateSource = {
  kind: 'html',
  url: (s) => (digits(s.storyId) ? `${AO3}/works/${s.storyId}/navigate` : null),
  parse(doc, story, pageUrl) {
    const items = Array.from(doc.querySelectorAll('ol.chapter.index li, ol.index.group li'));
    const toc: TocEntry[] = [];
    const seen = new Set<string>();
    for (const li of items) {
      const a = li.querySelector('a[href*="/chapters/"]');
      const href = absUrl(a?.getAttribute('href'), pageUrl);
      const m = href ? /\/works\/(\d+)\/chapters\/(\d+)/.exec(href) : null;
      if (!a || !href || !m || m[1] !== story.storyId || seen.has(m[2])) continue;
      seen.add(m[2]);
      const title = clean(text(a)).replace(/^\d+\.\s*/, '');
      toc.push(entry(m[2], title, `${AO3}/works/${m[1]}/chapters/${m[2]}`, parseLooseDate(text(li.querySelector('.datetime')))));
    }
    if (toc.length === 0) throw new UpdateParseError('AO3: no chapter index on the navigate page (locked, hidden or changed).');
    return { toc, chapterCount: toc.length, siteUpdatedAt: latest(toc) };
  },
};

// --- FanFiction.Net / FictionPress: /s/ID/1/ ------------------------------------------------------

function ffnSource(origin: string, name: string): UpdateSource {
  return {
    kind: 'html',
    url: (s) => (digits(s.storyId) ? `${origin}/s/${s.storyId}/1/` : null),
    parse(doc, story) {
      const profile = doc.querySelector('#profile_top');
      if (!profile) throw new UpdateParseError(`${name}: no story header on the page (story removed, or layout changed).`);
      const metaEl = profile.querySelector('span.xgray, span.xcontrast_txt.xgray') ?? profile;
      const meta = parseFfnMeta(text(metaEl), metaEl);
      const select = doc.querySelector('select#chap_select, select[name="chapter"]');
      const toc: TocEntry[] = [];
      const seen = new Set<string>();
      for (const opt of Array.from(select?.querySelectorAll('option') ?? [])) {
        const n = digits((opt.getAttribute('value') ?? '').trim());
        if (!n || seen.has(n)) continue;
        seen.add(n);
        const title = clean(text(opt)).replace(/^\d+\.\s*/, '');
        toc.push(entry(n, title, `${origin}/s/${story.storyId}/${n}/`, null));
      }
      if (toc.length === 0) toc.push(entry('1', null, `${origin}/s/${story.storyId}/1/`, null));
      return {
        toc,
        chapterCount: Math.max(toc.length, meta.chapters ?? 0),
        siteUpdatedAt: meta.updated ?? meta.published,
        status: meta.complete ? 'complete' : 'in-progress',
      };
    },
  };
}

// --- Royal Road: /fiction/syndication/{id} (RSS, latest chapters) -------------------------------

const RR = 'https://www.royalroad.com';

function childText(el: Element, name: string): string {
  for (const c of Array.from(el.children)) if (c.localName.toLowerCase() === name.toLowerCase()) return clean(c.textContent ?? '');
  return '';
}

const royalroad: UpdateSource = {
  kind: 'xml',
  url: (s) => (digits(s.storyId) ? `${RR}/fiction/syndication/${s.storyId}` : null),
  parse(doc, story) {
    const channel = doc.getElementsByTagName('channel')[0];
    if (!channel) throw new UpdateParseError('Royal Road: the feed is not RSS.');
    const items = Array.from(doc.getElementsByTagName('item'));
    const found: TocEntry[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const link = childText(item, 'link') || childText(item, 'guid');
      const m = /\/fiction\/(\d+)\/[^/]*\/chapter\/(\d+)/.exec(link) ?? /\/fiction\/chapter\/(\d+)/.exec(link);
      const id = m ? m[m.length - 1] : null;
      if (!id || seen.has(id)) continue;
      seen.add(id);
      let title = childText(item, 'title');
      const prefix = `${story.title} - `;
      if (story.title && title.startsWith(prefix)) title = title.slice(prefix.length);
      found.push(entry(id, title, absUrl(link, RR) ?? `${RR}/fiction/chapter/${id}`, parseLooseDate(childText(item, 'pubDate'))));
    }
    // Feeds list newest first: put them in reading order.
    found.sort((a, b) => (a.date ?? 0) - (b.date ?? 0) || Number(a.id) - Number(b.id));
    return { toc: found, chapterCount: null, siteUpdatedAt: latest(found), partial: true };
  },
};

// --- XenForo forums: /threads/ID/threadmarks ----------------------------------------------------

/** The number a XenForo threadmarks header states ("Threadmarks: 57"), or null. */
function statedThreadmarks(doc: Document): number | null {
  for (const dl of Array.from(doc.querySelectorAll('.threadmarkListingHeader dl, dl.threadmarkListingHeader-stats'))) {
    const dt = dl.querySelector('dt');
    if (dt && /^threadmarks$/i.test(clean(text(dt)))) return parseCount(text(dl.querySelector('dd')));
  }
  return null;
}

function xenforoSource(origin: string, name: string): UpdateSource {
  return {
    kind: 'html',
    // per_page: the whole list on one page where the forum allows it (fewer requests)
    url: (s) => (digits(s.storyId) ? `${origin}/threads/${s.storyId}/threadmarks?threadmark_category=1&per_page=200` : null),
    parse(doc, _story, pageUrl) {
      const rows = Array.from(
        doc.querySelectorAll('.structItem--threadmark, li.threadmarkListItem, .threadmarkList .threadmarkItem'),
      );
      const toc: TocEntry[] = [];
      const seen = new Set<string>();
      // A long list shows its middle as a "…" row that loads the range on click: what is listed is not all.
      let gap = false;
      for (const row of rows) {
        if (row.querySelector('[data-xf-click="threadmark-fetcher"]')) gap = true;
        const a =
          row.querySelector('a[data-tp-primary="on"][href]') ??
          row.querySelector('.structItem-title a[href*="post-"], a[href*="post-"]');
        const href = absUrl(a?.getAttribute('href'), pageUrl);
        const m = href ? /post-(\d+)/.exec(href) : null;
        if (!a || !href || !m || seen.has(m[1])) continue;
        seen.add(m[1]);
        const time = row.querySelector('time[data-timestamp], time[data-time], time[datetime], [data-time]');
        const secs = time?.getAttribute('data-timestamp') ?? time?.getAttribute('data-time');
        const date = secs && /^\d+$/.test(secs) ? parseInt(secs, 10) * 1000 : parseLooseDate(time?.getAttribute('datetime'));
        toc.push(entry(m[1], clean(text(a)), href, date));
      }
      const hasList = doc.querySelector('.structItemContainer, .block-body, .threadmarkList');
      if (toc.length === 0 && !hasList) throw new UpdateParseError(`${name}: no threadmark list on the page.`);
      const nextHref = doc.querySelector('a.pageNav-jump--next')?.getAttribute('href');
      const next = absUrl(nextHref, pageUrl);
      const stated = statedThreadmarks(doc);
      return {
        toc,
        chapterCount: gap ? stated : toc.length,
        siteUpdatedAt: latest(toc),
        next: next && next.startsWith(`${origin}/`) ? next : null,
        ...(gap ? { partial: true } : {}),
      };
    },
  };
}

// --- Fimfiction: /story/{id}/ -------------------------------------------------------------------

const FIMF = 'https://www.fimfiction.net';

const fimfiction: UpdateSource = {
  kind: 'html',
  url: (s) => (digits(s.storyId) ? `${FIMF}/story/${s.storyId}/` : null),
  parse(doc, story, pageUrl) {
    const list = doc.querySelector('ul.chapters, .chapters');
    if (!list) throw new UpdateParseError('Fimfiction: no chapter list on the story page.');
    const toc: TocEntry[] = [];
    const seen = new Set<string>();
    for (const li of Array.from(list.querySelectorAll('li'))) {
      const a = li.querySelector('a.chapter-title, a.chapter_link, a[href*="/story/"]');
      const href = absUrl(a?.getAttribute('href'), pageUrl);
      const m = href ? /\/story\/(\d+)\/(\d+)/.exec(href) : null;
      if (!a || !href || !m || m[1] !== story.storyId || seen.has(m[2])) continue;
      seen.add(m[2]);
      toc.push(entry(m[2], clean(text(a)), href, parseLooseDate(text(li.querySelector('.date')))));
    }
    if (toc.length === 0) throw new UpdateParseError('Fimfiction: the chapter list is empty.');
    const status = doc.querySelector('.completed-status-complete')
      ? 'complete'
      : doc.querySelector('.completed-status-incomplete, .completed-status-on-hiatus, .completed-status-cancelled')
        ? 'in-progress'
        : undefined;
    return { toc, chapterCount: toc.length, siteUpdatedAt: latest(toc), ...(status ? { status } : {}) };
  },
};

// --- ScribbleHub: /series/{id}/ (chapter count + newest page of the contents) --------------------

const SH = 'https://www.scribblehub.com';

const scribblehub: UpdateSource = {
  kind: 'html',
  url: (s) => (digits(s.storyId) ? `${SH}/series/${s.storyId}/` : null),
  parse(doc, story, pageUrl) {
    const countText = text(doc.querySelector('.cnt_toc'));
    const count = /^\s*\d+\s*$/.test(countText) ? parseInt(countText, 10) : null;
    const rows = Array.from(doc.querySelectorAll('li.toc_w'));
    if (count === null && rows.length === 0) throw new UpdateParseError('ScribbleHub: no chapter count or contents on the series page.');
    const toc: Array<TocEntry & { order: number }> = [];
    const seen = new Set<string>();
    rows.forEach((li, i) => {
      const a = li.querySelector('a.toc_a, a[href*="/chapter/"]');
      const href = absUrl(a?.getAttribute('href'), pageUrl);
      const m = href ? /\/read\/(\d+)(?:-[^/]*)?\/chapter\/(\d+)/.exec(href) : null;
      if (!a || !href || !m || m[1] !== story.storyId || seen.has(m[2])) return;
      seen.add(m[2]);
      const order = parseInt(li.getAttribute('order') ?? '', 10);
      const dateEl = li.querySelector('.fic_date_pub');
      const date = parseLooseDate(dateEl?.getAttribute('title') || text(dateEl));
      toc.push({ ...entry(m[2], clean(text(a)), href, date), order: Number.isFinite(order) ? order : -i });
    });
    toc.sort((a, b) => a.order - b.order);
    const list = toc.map(({ order: _order, ...e }) => e as TocEntry);
    const statusText = text(doc.querySelector('.widget_fic_similar .rnd_stats, .fic_stats, .wi_fic_showtags'));
    const status = /\bcompleted\b/i.test(statusText) ? 'complete' : /\bongoing\b/i.test(statusText) ? 'in-progress' : undefined;
    return {
      toc: list,
      chapterCount: count ?? list.length,
      siteUpdatedAt: latest(list),
      partial: true,
      ...(status ? { status } : {}),
    };
  },
};

// --- Wattpad: /api/v3/stories/{id} ----------------------------------------------------------------

const WP = 'https://www.wattpad.com';

const wattpad: UpdateSource = {
  kind: 'json',
  url: (s) =>
    digits(s.storyId)
      ? `${WP}/api/v3/stories/${s.storyId}?fields=id,title,completed,modifyDate,numParts,parts(id,title,url,createDate,draft,deleted)`
      : null,
  parse(data) {
    const d = data as { completed?: unknown; parts?: unknown } | null;
    if (!d || typeof d !== 'object' || !Array.isArray(d.parts)) throw new UpdateParseError('Wattpad: the answer has no parts list.');
    const toc: TocEntry[] = [];
    const seen = new Set<string>();
    for (const p of d.parts as Array<Record<string, unknown>>) {
      if (!p || typeof p !== 'object' || p.draft === true || p.deleted === true) continue;
      const id = typeof p.id === 'number' || typeof p.id === 'string' ? String(p.id) : '';
      if (!digits(id) || seen.has(id)) continue;
      seen.add(id);
      const url = typeof p.url === 'string' && /^https:\/\/(www\.)?wattpad\.com\//.test(p.url) ? p.url : `${WP}/${id}`;
      const date = typeof p.createDate === 'string' ? parseLooseDate(p.createDate) : null;
      toc.push(entry(id, typeof p.title === 'string' ? clean(p.title) : null, url, date));
    }
    return {
      toc,
      chapterCount: toc.length,
      siteUpdatedAt: latest(toc),
      ...(typeof d.completed === 'boolean' ? { status: d.completed ? 'complete' : 'in-progress' } : {}),
    };
  },
};

/** Update source per adapter id. */
export const UPDATE_SOURCES: Readonly<Record<string, UpdateSource>> = {
  ao3,
  ffnet: ffnSource('https://www.fanfiction.net', 'FanFiction.Net'),
  fictionpress: ffnSource('https://www.fictionpress.com', 'FictionPress'),
  royalroad,
  spacebattles: xenforoSource('https://forums.spacebattles.com', 'SpaceBattles'),
  sufficientvelocity: xenforoSource('https://forums.sufficientvelocity.com', 'Sufficient Velocity'),
  questionablequesting: xenforoSource('https://forum.questionablequesting.com', 'Questionable Questing'),
  fimfiction,
  scribblehub,
  wattpad,
};

export function updateSourceFor(site: string): UpdateSource | null {
  return Object.prototype.hasOwnProperty.call(UPDATE_SOURCES, site) ? UPDATE_SOURCES[site] : null;
}
