/**
 * Scribble Hub's URL table: the pages the content script runs on (match patterns), example addresses
 * (checked by the tests), the site's origin, and how an address names a story and a chapter.
 */
import type { ParsedUrl } from '../types';
import { siteUrl } from '../url';

export const ORIGIN = 'https://www.scribblehub.com';
export const HOST_RE = /^(?:www\.)?scribblehub\.com$/i;

export const MATCHES: string[] = ['https://www.scribblehub.com/read/*', 'https://scribblehub.com/read/*'];

export const EXAMPLE_URLS: string[] = [
  'https://www.scribblehub.com/read/1048822-dungeon-core-bakery/chapter/1190455/',
  'https://www.scribblehub.com/read/1048822-dungeon-core-bakery/chapter/1190455',
  'https://scribblehub.com/read/1048822-dungeon-core-bakery/chapter/1190455/#comments',
];

export function parseScribbleHubUrl(url: string): ParsedUrl | null {
  const u = siteUrl(url, HOST_RE);
  if (!u) return null;
  const read = /^\/read\/(\d+)(?:-[^/]*)?\/chapter\/(\d+)\/?$/.exec(u.pathname);
  if (read) return { storyId: read[1], chapterId: read[2] };
  const series = /^\/series\/(\d+)(?:\/[^/]*)?\/?$/.exec(u.pathname);
  if (series) return { storyId: series[1], chapterId: null };
  return null;
}
