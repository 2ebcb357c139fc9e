/**
 * FanFiction.Net's and FictionPress's URL table (one site software on two domains): the pages the
 * content script runs on (match patterns), example addresses (checked by the tests), the origin,
 * and how an address names a story and a chapter.
 */
import type { ParsedUrl } from '../types';

export interface FfnSite {
  id: string;
  name: string;
  /** Registrable domain, e.g. 'fanfiction.net'. */
  domain: string;
}

/** The two sites read by the FanFiction.Net adapter, by adapter id. */
export const FFN_SITES = {
  ffnet: { id: 'ffnet', name: 'FanFiction.Net', domain: 'fanfiction.net' },
  fictionpress: { id: 'fictionpress', name: 'FictionPress', domain: 'fictionpress.com' },
} satisfies Record<string, FfnSite>;

export function ffnUrls(site: FfnSite) {
  const domainRe = site.domain.replace(/\./g, '\\.');
  const URL_RE = new RegExp(`^https?://(?:www\\.|m\\.)?${domainRe}/s/(\\d+)(?:/(\\d+))?(?:/([^/?#]*))?/?(?:[?#].*)?$`, 'i');
  const ORIGIN = `https://www.${site.domain}`;

  function parseUrl(url: string): ParsedUrl | null {
    const m = URL_RE.exec(url.trim());
    if (!m) return null;
    return { storyId: m[1], chapterId: m[2] ? String(parseInt(m[2], 10)) : '1' };
  }

  return {
    URL_RE,
    ORIGIN,
    parseUrl,
    matches: [`*://www.${site.domain}/s/*`, `*://m.${site.domain}/s/*`, `*://${site.domain}/s/*`],
    exampleUrls: [
      `https://www.${site.domain}/s/14022518/3/The-Cartographer-s-Apprentice`,
      `https://www.${site.domain}/s/14022518/1/`,
      `https://m.${site.domain}/s/14022518/2/The-Cartographer-s-Apprentice`,
      `https://${site.domain}/s/14022518`,
    ],
  };
}
