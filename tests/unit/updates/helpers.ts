import { expect } from 'vitest';
import { UpdateParseError, type SourcePage } from '../../../lib/sites/chapter-list';
import { updateSourceFor } from '../../../lib/sites/chapter-lists';
import type { ParseDocument } from '../../../lib/updates/check';
import { parseWorkerDocument } from '../../../lib/updates/worker-dom';
import type { StoryRecord } from '../../../lib/library/types';
import { casePage } from '../../site-fixtures';

/** A chapter-list page by its file name ("ao3-navigate.html"): the site's fixture case, or a shared one. */
export const fixture = (name: string) => casePage(name);

/** happy-dom's DOMParser (the test environment's window). */
export const happyParse: ParseDocument = (text, type) => new DOMParser().parseFromString(text, type);

export function story(over: Partial<StoryRecord> = {}): StoryRecord {
  const site = over.site ?? 'ao3';
  const storyId = over.storyId ?? '123456';
  return {
    key: `${site}:${storyId}`,
    site,
    storyId,
    title: 'A Story',
    author: 'someone',
    summary: null,
    url: 'https://archiveofourown.org/works/123456',
    chapterCount: null,
    words: null,
    status: 'in-progress',
    tags: [],
    followed: true,
    readingStatus: null,
    addedAt: 1,
    lastReadAt: 1,
    lastChapterId: null,
    lastChapterIndex: null,
    lastChapterUrl: null,
    lastChapterTitle: null,
    ...over,
  };
}

/** A Response with the given status, body and headers. */
export function response(body: string, status = 200, headers: Record<string, string> = {}, url = ''): Response {
  const r = new Response(status === 204 ? null : body, { status, headers });
  if (url) Object.defineProperty(r, 'url', { value: url });
  return r;
}

const PARSERS = { linkedom: parseWorkerDocument, 'happy-dom': happyParse };

/** Parse a chapter-list fixture with the site's source, with both DOM implementations; they must agree. */
export function parseList(site: string, file: string, s: StoryRecord, pageUrl: string): SourcePage {
  const source = updateSourceFor(site)!;
  const body = fixture(file);
  if (source.kind === 'json') return source.parse(JSON.parse(body), s, pageUrl);
  const type = source.kind === 'xml' ? 'text/xml' : 'text/html';
  const results = Object.values(PARSERS).map((p) => source.parse(p(body, type, pageUrl), s, pageUrl));
  expect(results[1]).toEqual(results[0]);
  return results[0];
}

/** The site's source refuses the page (an UpdateParseError), with both DOM implementations. */
export function refusesList(site: string, file: string, s: StoryRecord, pageUrl: string) {
  const source = updateSourceFor(site)!;
  for (const p of Object.values(PARSERS)) {
    if (source.kind === 'json') throw new Error('html only');
    expect(() => source.parse(p(fixture(file), 'text/html', pageUrl), s, pageUrl)).toThrow(UpdateParseError);
  }
}
