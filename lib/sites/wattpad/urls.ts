/**
 * Wattpad's URL table: the pages the content script runs on (match patterns), example addresses
 * (checked by the tests), the site's origin, and how an address names a story and a chapter.
 */
import type { ParsedUrl } from '../types';
import { siteUrl } from '../url';

export const ORIGIN = 'https://www.wattpad.com';
export const HOST_RE = /^(?:www\.|m\.)?wattpad\.com$/i;
/** A part URL: /{partId}-{slug}, optionally /page/N. */
export const PART_RE = /^\/(\d+)(?:-[^/]*)?(?:\/page\/\d+)?\/?$/;

export const MATCHES: string[] = ['https://www.wattpad.com/*', 'https://wattpad.com/*', 'https://m.wattpad.com/*'];

export const EXAMPLE_URLS: string[] = [
  'https://www.wattpad.com/1391907352-letters-to-the-lighthouse-four-postmarked-nowhere',
  'https://www.wattpad.com/1391907352-letters-to-the-lighthouse-four-postmarked-nowhere/page/2',
  'https://www.wattpad.com/story/312774021-letters-to-the-lighthouse',
  'https://www.wattpad.com/1391907352',
];

export function parseWattpadUrl(url: string): ParsedUrl | null {
  const u = siteUrl(url, HOST_RE);
  if (!u) return null;
  const story = /^\/story\/(\d+)(?:-[^/]*)?\/?$/.exec(u.pathname);
  if (story) return { storyId: story[1], chapterId: null };
  const part = PART_RE.exec(u.pathname);
  // The part URL does not name the story: storyId is read from the page by extract().
  if (part) return { storyId: '', chapterId: part[1] };
  return null;
}
