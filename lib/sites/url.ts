/** URL helpers shared by the site adapters. */

/** The URL when it is an http(s) address on a host the pattern accepts; null otherwise (never throws). */
export function siteUrl(url: string, host: RegExp): URL | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  return /^https?:$/.test(u.protocol) && host.test(u.hostname) ? u : null;
}
