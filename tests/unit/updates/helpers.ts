import type { ParseDocument } from '../../../lib/updates/check';
import type { StoryRecord } from '../../../lib/library/types';
import { casePage, listStoryRecord } from '../../site-fixtures';

/** A chapter-list page by its file name ("ao3-navigate.html"): the site's fixture case, or a shared one. */
export const fixture = (name: string) => casePage(name);

/** happy-dom's DOMParser (the test environment's window). */
export const happyParse: ParseDocument = (text, type) => new DOMParser().parseFromString(text, type);

export function story(over: Partial<StoryRecord> = {}): StoryRecord {
  const site = over.site ?? 'ao3';
  const storyId = over.storyId ?? '123456';
  return { ...listStoryRecord({ site, storyId }), url: 'https://archiveofourown.org/works/123456', ...over };
}

/** A Response with the given status, body and headers. */
export function response(body: string, status = 200, headers: Record<string, string> = {}, url = ''): Response {
  const r = new Response(status === 204 ? null : body, { status, headers });
  if (url) Object.defineProperty(r, 'url', { value: url });
  return r;
}
