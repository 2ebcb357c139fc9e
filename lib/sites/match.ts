/**
 * Which adapter reads a URL, for any list of adapters: the full registry (lib/sites/registry.ts)
 * or the few a per-site content script is built with (lib/sites/served.ts). No registry import
 * here, so a content script carries only its own sites.
 */
import type { SiteAdapter } from './types';

const compiled = new Map<string, (u: URL) => boolean>();

/**
 * A WebExtension match pattern ("*://*.example.org/works/*") as a test on a URL: scheme http,
 * https or * (both), host exact or "*." + domain (the domain and its subdomains) or "*", path a
 * glob on the pathname. The same answers as @webext-core/match-patterns for these patterns
 * (tests/unit/sites/match.test.ts); throws on a pattern it does not understand.
 */
export function matchPattern(pattern: string): (u: URL) => boolean {
  let test = compiled.get(pattern);
  if (!test) {
    const m = /^(\*|https?):\/\/(\*|(?:\*\.)?[^/*:]+)(\/.*)$/.exec(pattern);
    if (!m) throw new Error(`Unsupported match pattern "${pattern}"`);
    const [, scheme, host, path] = m;
    const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const hostRe =
      host === '*' ? /^/ : new RegExp(host.startsWith('*.') ? `^(?:.*\\.)?${esc(host.slice(2))}$` : `^${esc(host)}$`);
    const pathRe = new RegExp(`^${esc(path).replace(/\\\*/g, '.*')}$`);
    test = (u) =>
      (scheme === '*' ? u.protocol === 'http:' || u.protocol === 'https:' : u.protocol === `${scheme}:`) &&
      hostRe.test(u.hostname) &&
      pathRe.test(u.pathname);
    compiled.set(pattern, test);
  }
  return test;
}

/** The first adapter whose match patterns include the URL and whose parseUrl accepts it. */
export function findAdapter(url: string, adapters: readonly SiteAdapter[]): SiteAdapter | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  for (const a of adapters) {
    if (a.matches.some((p) => matchPattern(p)(u)) && a.parseUrl(url)) return a;
  }
  return null;
}

/**
 * The first adapter whose match patterns include the URL, whether or not parseUrl takes it as a
 * story page: on a page of its site that is no chapter (AO3's chapter index, a collection) it names
 * the page for what it is ("a list of stories") instead of "not a supported site".
 */
export function siteAdapter(url: string, adapters: readonly SiteAdapter[]): SiteAdapter | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  return adapters.find((a) => a.matches.some((p) => matchPattern(p)(u))) ?? null;
}

/** The adapters' match patterns, deduplicated, in order. */
export function matchesOf(adapters: readonly SiteAdapter[]): string[] {
  return [...new Set(adapters.flatMap((a) => a.matches).map(httpsOnly))];
}

/**
 * A match pattern as content scripts and host permissions use it: https only (a "*://" or
 * "http://" pattern becomes "https://"; the story sites all serve https, and a page over plain
 * http could be anyone's).
 */
function httpsOnly(pattern: string): string {
  return pattern.replace(/^(\*|http):\/\//, 'https://');
}
