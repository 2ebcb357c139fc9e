/**
 * What a site's chapter list is to the update checker (lib/updates): each site folder's
 * chapter-list.ts says where the site tells what chapters a story has, cheapest source first, and
 * how to read it; this file holds the shape they share and their common helpers.
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

export const digits = (s: string) => (/^\d+$/.test(s) ? s : null);
export const clean = (s: string) => s.replace(/\s+/g, ' ').trim();

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

export function latest(toc: TocEntry[]): number | null {
  let max: number | null = null;
  for (const e of toc) if (typeof e.date === 'number' && (max === null || e.date > max)) max = e.date;
  return max;
}

/**
 * A chapter's address as the page links it, kept only when it is on the site's own origin (a page
 * can link anywhere; the chapter list becomes links in the reader view): null otherwise, and the
 * parser builds the address from the ids instead.
 */
export function onOrigin(url: string | null, origin: string): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin === origin ? url : null;
  } catch {
    return null;
  }
}

export function entry(id: string, title: string | null, url: string, date: number | null): TocEntry {
  const e: TocEntry = { id, title: title || null, url };
  if (date !== null) e.date = date;
  return e;
}
