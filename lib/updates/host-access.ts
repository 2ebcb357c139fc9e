/**
 * Whether the extension may reach a site now. Firefox lets the reader withhold or revoke host
 * permissions at any time (Chrome too, per site): a check without access would only fail with a
 * generic network error, so it asks first (permissions.contains) and says what to do instead.
 * Answers are cached per origin and forgotten whenever permissions change (onAdded / onRemoved).
 */

export interface PermissionsLike {
  contains(p: { origins: string[] }): Promise<boolean>;
  onAdded?: { addListener(cb: (p: { origins?: string[] }) => void): void };
  onRemoved?: { addListener(cb: (p: { origins?: string[] }) => void): void };
}

export const NO_ACCESS_MESSAGE =
  'Calm Reader has no access to this site (the browser withholds it): allow it from the Calm Reader popup, then check again.';

/** The host-permission pattern of a URL's origin ("https://www.example.org/*"), or null. */
export function originPattern(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? `${u.protocol}//${u.host}/*` : null;
  } catch {
    return null;
  }
}

export interface HostAccess {
  has(url: string): Promise<boolean>;
}

/** Without a permissions API (tests, old browsers) every host is taken as granted. */
export function createHostAccess(permissions: PermissionsLike | undefined, log?: (m: string, d?: unknown) => void): HostAccess {
  const cache = new Map<string, Promise<boolean>>();
  const forget = () => cache.clear();
  try {
    permissions?.onAdded?.addListener(forget);
    permissions?.onRemoved?.addListener((p) => {
      forget();
      log?.('host access removed', p.origins);
    });
  } catch {
    // Never keep the worker from starting; without the events, answers are simply not cached.
    return { has: (url) => ask(permissions, url) };
  }
  return {
    has(url) {
      const origin = originPattern(url);
      if (!origin) return Promise.resolve(false);
      if (!permissions) return Promise.resolve(true);
      let answer = cache.get(origin);
      if (!answer) {
        answer = ask(permissions, url);
        cache.set(origin, answer);
      }
      return answer;
    },
  };
}

/**
 * permissions.contains for the URL's origin. A browser whose API fails to answer is taken as
 * granting (the fetch then says what went wrong), never as a reason to stop checking for good.
 */
function ask(permissions: PermissionsLike | undefined, url: string): Promise<boolean> {
  const origin = originPattern(url);
  if (!origin) return Promise.resolve(false);
  if (!permissions) return Promise.resolve(true);
  return Promise.resolve()
    .then(() => permissions.contains({ origins: [origin] }))
    .then((ok) => ok === true, () => true);
}
