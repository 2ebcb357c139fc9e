/**
 * Royal Road's URL table: the pages the content script runs on (match patterns), example addresses
 * (checked by the tests), the site's origin, and how an address names a story and a chapter.
 */
import type { ParsedUrl } from '../types';
import { siteUrl } from '../url';

export const ORIGIN = 'https://www.royalroad.com';
export const HOST_RE = /^(?:www\.)?royalroad\.com$/i;

export const MATCHES: string[] = ['https://www.royalroad.com/fiction/*', 'https://royalroad.com/fiction/*'];

export const EXAMPLE_URLS: string[] = [
  'https://www.royalroad.com/fiction/91734/the-lamplighters-ledger/chapter/1702220/chapter-4-below-the-gasworks',
  'https://www.royalroad.com/fiction/91734/the-lamplighters-ledger',
  'https://www.royalroad.com/fiction/chapter/1702220',
  'https://royalroad.com/fiction/91734/x/chapter/1702220/y#comments',
];

export function parseRoyalRoadUrl(url: string): ParsedUrl | null {
  const u = siteUrl(url, HOST_RE);
  if (!u) return null;
  const short = /^\/fiction\/chapter\/(\d+)\/?$/.exec(u.pathname);
  // The short chapter URL does not name the fiction; extract() reads it from the page.
  if (short) return { storyId: '', chapterId: short[1] };
  const m = /^\/fiction\/(\d+)(?:\/[^/]*)?(?:\/chapter\/(\d+)(?:\/[^/]*)?)?\/?$/.exec(u.pathname);
  if (!m) return null;
  return { storyId: m[1], chapterId: m[2] ?? null };
}
