/**
 * Fimfiction's URL table: the pages the content script runs on (match patterns), example addresses
 * (checked by the tests), the site's origin, and how an address names a story and a chapter.
 */
import type { ParsedUrl } from '../types';
import { siteUrl } from '../url';

export const ORIGIN = 'https://www.fimfiction.net';
export const HOST_RE = /^(?:www\.)?fimfiction\.net$/i;

export const MATCHES: string[] = ['https://www.fimfiction.net/story/*', 'https://fimfiction.net/story/*'];

export const EXAMPLE_URLS: string[] = [
  'https://www.fimfiction.net/story/551208/2/the-clockmakers-promise/gears-and-gossip',
  'https://www.fimfiction.net/story/551208/the-clockmakers-promise',
  'https://fimfiction.net/story/551208/1/the-clockmakers-promise/midnight-and-then-nothing#chapter',
];

export function parseFimfictionUrl(url: string): ParsedUrl | null {
  const u = siteUrl(url, HOST_RE);
  if (!u) return null;
  const m = /^\/story\/(\d+)(?:\/(\d+)(?:\/[^/]*){0,2})?(?:\/[^/]*)?\/?$/.exec(u.pathname);
  if (!m) return null;
  return { storyId: m[1], chapterId: m[2] ?? null };
}
