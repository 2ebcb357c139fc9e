/**
 * Check one story for new chapters: fetch its site's update source politely, parse it with the
 * worker-safe parser, store what was found. Never marks anything read.
 */
import type { LibraryDB } from '../library/schema';
import { applyUpdate, markChecked, type UpdateFound } from '../library/store';
import type { StoryRecord, TocEntry } from '../library/types';
import type { PoliteFetcher } from './polite-fetch';
import { NO_ACCESS_MESSAGE } from './host-access';
import { UpdateParseError, type SourcePage } from '../sites/chapter-list';
import { updateSourceFor } from '../sites/chapter-lists';

/** Text -> Document: linkedom in the service worker, happy-dom or linkedom in tests. */
export type ParseDocument = (text: string, type: 'text/html' | 'text/xml', url: string) => Document;

export interface CheckDeps {
  db: LibraryDB;
  fetcher: Pick<PoliteFetcher, 'get'>;
  parseDocument: ParseDocument;
  now: () => number;
  /** Whether the site may be reached (host permission granted); absent: always. */
  hasAccess?(url: string): Promise<boolean>;
}

export interface StoryCheck {
  storyKey: string;
  state: 'ok' | 'visit' | 'error' | 'skipped';
  newChapters: number;
  story: StoryRecord | null;
  message?: string;
}

/** Pages of one table of contents fetched at most (XenForo threadmark lists are paginated). */
export const MAX_PAGES = 10;

const ACCEPT = {
  html: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5',
  xml: 'application/rss+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5',
  json: 'application/json,*/*;q=0.5',
};

function combine(pages: SourcePage[]): UpdateFound {
  const toc: TocEntry[] = [];
  const seen = new Set<string>();
  for (const p of pages) for (const e of p.toc) if (!seen.has(e.id)) (seen.add(e.id), toc.push(e));
  const last = pages[pages.length - 1];
  const dates = pages.map((p) => p.siteUpdatedAt).filter((d): d is number => typeof d === 'number');
  const found: UpdateFound = {
    toc,
    chapterCount: pages.length > 1 ? toc.length : last.chapterCount,
    siteUpdatedAt: dates.length ? Math.max(...dates) : null,
  };
  const status = pages.find((p) => p.status)?.status;
  if (status) found.status = status;
  // Stopped before the last page: what was read is the start of the list, not all of it.
  if (pages.some((p) => p.partial) || last.next) found.partial = true;
  return found;
}

export async function checkStory(deps: CheckDeps, story: StoryRecord): Promise<StoryCheck> {
  const source = updateSourceFor(story.site);
  const first = source?.url(story) ?? null;
  if (!source || !first) {
    return { storyKey: story.key, state: 'skipped', newChapters: 0, story, message: 'This site cannot be checked.' };
  }
  const fail = async (state: 'visit' | 'error', message: string): Promise<StoryCheck> => {
    const saved = await markChecked(deps.db, story.key, state, deps.now());
    return { storyKey: story.key, state, newChapters: 0, story: saved, message };
  };

  // The reader may have withheld or revoked access to the site (Firefox): say so, fetch nothing.
  if (deps.hasAccess && !(await deps.hasAccess(first))) return fail('error', NO_ACCESS_MESSAGE);

  const pages: SourcePage[] = [];
  const asked = new Set<string>();
  let url: string | null = first;
  while (url && pages.length < MAX_PAGES) {
    asked.add(url);
    const res = await deps.fetcher.get(url, ACCEPT[source.kind]);
    if (res.kind === 'challenge') return fail('visit', 'The site asked for a browser check: it will be checked on your next visit.');
    if (res.kind === 'rate-limited') return fail('error', 'The site asked to slow down; trying again later.');
    if (res.kind === 'http-error') return fail('error', `The site answered ${res.status}.`);
    if (res.kind === 'redirected')
      return fail('visit', 'The site sent the check to another address, which background checks never follow: it will be checked on your next visit.');
    if (res.kind === 'network-error') return fail('error', res.message);
    let page: SourcePage;
    try {
      if (source.kind === 'json') {
        page = source.parse(JSON.parse(res.text) as unknown, story, res.url);
      } else {
        const doc = deps.parseDocument(res.text, source.kind === 'xml' ? 'text/xml' : 'text/html', res.url);
        page = source.parse(doc, story, res.url);
      }
    } catch (err) {
      const message = err instanceof UpdateParseError ? err.message : `Could not read the page: ${String(err)}`;
      return fail('error', message);
    }
    pages.push(page);
    url = page.next && !asked.has(page.next) && page.next !== res.url ? page.next : null;
  }
  const outcome = await applyUpdate(deps.db, story.key, combine(pages), deps.now());
  return { storyKey: story.key, state: 'ok', newChapters: outcome.newChapters, story: outcome.story };
}
