/**
 * Archive of Our Own's URL table: the pages the content script runs on (match patterns), example addresses
 * (checked by the tests), the site's origin, and how an address names a story and a chapter.
 */
import type { ParsedUrl } from '../types';
import { siteUrl } from '../url';

export const ORIGIN = 'https://archiveofourown.org';
export const HOST_RE = /^(?:www\.)?(?:archiveofourown\.(?:org|com|net|gay)|ao3\.org)$/i;
const PATH_RE = /^\/(?:collections\/[^/]+\/)?works\/0*(\d+)(?:\/chapters\/0*(\d+))?\/?$/;

export const MATCHES: string[] = [
  '*://archiveofourown.org/works/*',
  '*://www.archiveofourown.org/works/*',
  '*://archiveofourown.org/collections/*',
  '*://www.archiveofourown.org/collections/*',
];

export const EXAMPLE_URLS: string[] = [
  'https://archiveofourown.org/works/51842093',
  'https://archiveofourown.org/works/51842093/chapters/131377520',
  'https://archiveofourown.org/works/51842093?view_full_work=true',
  'https://www.archiveofourown.org/works/51842093/chapters/131377520#workskin',
  'https://archiveofourown.org/collections/some_fest_2024/works/49066311',
];

export function parseAo3Url(url: string): ParsedUrl | null {
  const u = siteUrl(url, HOST_RE);
  if (!u) return null;
  const m = PATH_RE.exec(u.pathname);
  if (!m) return null;
  // The entire-work view is a chapter of its own ('full'), whatever chapter the path names.
  if (u.searchParams.get('view_full_work') === 'true') return { storyId: m[1], chapterId: 'full' };
  return { storyId: m[1], chapterId: m[2] ?? null };
}
