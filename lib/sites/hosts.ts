/**
 * Which site a URL belongs to, without bundling the adapters: the build writes every site's hosts
 * (from its match patterns) into __CALM_SITE_HOSTS__ (lib/sites/registry.ts siteNamesDefine).
 * Used wherever a URL or a story key comes from outside (a content script's message, sync, a
 * backup) to keep each story's addresses on its own site.
 */
/** lib/sites/generic/adapter.ts GENERIC_ID (not imported: that file brings Readability along). */
const GENERIC_ID = 'generic';

declare const __CALM_SITE_HOSTS__: ReadonlyArray<readonly [id: string, hosts: readonly string[]]> | undefined;

const SITE_HOSTS: ReadonlyMap<string, readonly string[]> = new Map(
  typeof __CALM_SITE_HOSTS__ !== 'undefined' ? __CALM_SITE_HOSTS__ : [],
);

function hostMatches(pattern: string, host: string): boolean {
  if (pattern === '*') return false; // no site claims every host
  if (pattern.startsWith('*.')) {
    const domain = pattern.slice(2);
    return host === domain || host.endsWith(`.${domain}`);
  }
  return host === pattern;
}

function parse(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length > 4096) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The site part of a story key ("ao3:123" -> "ao3"), or null. */
export function siteOfKey(storyKey: unknown): { site: string; storyId: string } | null {
  if (typeof storyKey !== 'string') return null;
  const i = storyKey.indexOf(':');
  if (i <= 0 || i === storyKey.length - 1) return null;
  return { site: storyKey.slice(0, i), storyId: storyKey.slice(i + 1) };
}

/**
 * True when `host` is one of the site's own hosts. The generic reader's stories are pages of one
 * host, which starts their story id ("example.org-1x2y3z").
 */
export function isSiteHost(site: string, storyId: string, host: string): boolean {
  const h = host.toLowerCase();
  if (!h) return false;
  if (site === GENERIC_ID) return storyId.toLowerCase().startsWith(`${h}-`);
  const patterns = SITE_HOSTS.get(site);
  return !!patterns && patterns.some((p) => hostMatches(p, h));
}

/**
 * True when `url` is an http(s) address (https only with `httpsOnly`) on the story's own site:
 * never file:, data:, javascript:, chrome: or another site's address.
 */
export function isStoryUrl(site: string, storyId: string, url: unknown, opts: { httpsOnly?: boolean } = {}): boolean {
  const u = parse(url);
  if (!u) return false;
  if (u.protocol !== 'https:' && (opts.httpsOnly || u.protocol !== 'http:')) return false;
  if (u.username || u.password) return false;
  return isSiteHost(site, storyId, u.hostname);
}

/** True when a web page at `pageUrl` may speak for the story `storyKey` (same site, same host family). */
export function pageOwnsStory(pageUrl: unknown, storyKey: unknown): boolean {
  const key = siteOfKey(storyKey);
  const u = parse(pageUrl);
  if (!key || !u || (u.protocol !== 'https:' && u.protocol !== 'http:')) return false;
  return isSiteHost(key.site, key.storyId, u.hostname);
}

/**
 * Where "continue reading" may take the reader: the last chapter's address, else the story's,
 * only when it is an http(s) address of the story's own site (never a synced file:, data: or
 * chrome: URL); null when neither is.
 */
export function readingUrl(s: { site: string; storyId: string; url: string; lastChapterUrl?: string | null }): string | null {
  if (s.lastChapterUrl && isStoryUrl(s.site, s.storyId, s.lastChapterUrl)) return s.lastChapterUrl;
  return isStoryUrl(s.site, s.storyId, s.url) ? s.url : null;
}
