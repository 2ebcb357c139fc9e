/**
 * Polite fetching for update checks.
 *
 * - One request at a time per host, and at least `spacingMs` between the end of one and the start
 *   of the next (default 5 s).
 * - 429 / 503: wait as Retry-After says (seconds or an HTTP date), else exponential backoff, and
 *   try again a few times; a wait longer than `maxWaitMs` gives up and keeps the host quiet until
 *   then.
 * - A Cloudflare challenge is never retried: the caller marks the story "check on your next visit".
 * - GET only, no cookies (`credentials: 'omit'`), no referrer: a check never changes anything on the
 *   site, never marks anything read, never adds to the reader's history there.
 * - Redirects are never followed (`redirect: 'manual'`): a site (or whoever answers for it) could
 *   otherwise send the check anywhere, to http:// or to this computer's own services
 *   (http://127.0.0.1). In a browser a manual redirect is opaque (its target cannot be read), so
 *   the check stops there and the story is checked on the reader's next visit. A response from any
 *   other address than the one asked for (a fetch that followed anyway) is refused too.
 */

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export interface PoliteFetchDeps {
  fetch: FetchLike;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Minimum gap between requests to one host (ms). Default 5000. */
  spacingMs?: number;
  /** Retries after 429/503. Default 3. */
  maxRetries?: number;
  /** First backoff when the server gives no Retry-After (ms), doubled each time. Default 30 s. */
  backoffMs?: number;
  /** Longest wait accepted inside one check (ms); longer: give up for now. Default 10 min. */
  maxWaitMs?: number;
  /** Largest body read (characters). Default 8 MB. */
  maxBodyChars?: number;
  /** Per-request timeout (ms). Default 30 s. */
  timeoutMs?: number;
}

export type PoliteResult =
  | { kind: 'ok'; status: number; url: string; text: string; contentType: string }
  /** A Cloudflare (or similar) browser challenge: a person has to visit. */
  | { kind: 'challenge'; status: number }
  /** Too many requests and the site asks for a long wait; `until` is when to try again. */
  | { kind: 'rate-limited'; status: number; until: number }
  | { kind: 'http-error'; status: number }
  /** The site answered with a redirect (not followed), or from another address than asked. */
  | { kind: 'redirected'; status: number }
  | { kind: 'network-error'; message: string };

/** Retry-After: delta seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return parseInt(v, 10) * 1000;
  const date = Date.parse(v);
  if (!Number.isFinite(date)) return null;
  return Math.max(0, date - now);
}

const CHALLENGE_MARKERS = [/<title>\s*Just a moment\.\.\.\s*<\/title>/i, /challenge-platform/i, /cf-chl-/i, /cf_chl_opt/i];

/** A Cloudflare challenge page rather than the content asked for. */
export function isChallenge(status: number, headers: Headers, body: string): boolean {
  const mitigated = headers.get('cf-mitigated');
  if (mitigated && /challenge/i.test(mitigated)) return true;
  if (status !== 403 && status !== 503 && status !== 429) return false;
  return CHALLENGE_MARKERS.some((re) => re.test(body.slice(0, 100_000)));
}

/** A redirect (opaque in a browser, 3xx elsewhere) or an answer from another address than `asked`. */
export function isRedirect(response: Response, asked: string): boolean {
  if (response.type === 'opaqueredirect') return true;
  if (response.status >= 300 && response.status < 400 && response.status !== 304) return true;
  if (response.redirected) return true;
  if (response.url) {
    try {
      const got = new URL(response.url);
      const want = new URL(asked);
      if (got.protocol !== 'https:' || got.host !== want.host) return true;
    } catch {
      return true;
    }
  }
  return false;
}

export function hostOf(url: string): string {
  return new URL(url).host.toLowerCase();
}

export class PoliteFetcher {
  private readonly tail = new Map<string, Promise<unknown>>();
  private readonly nextAt = new Map<string, number>();
  private readonly blockedUntil = new Map<string, number>();
  private readonly spacing: number;
  private readonly maxRetries: number;
  private readonly backoff: number;
  private readonly maxWait: number;
  private readonly maxBody: number;
  private readonly timeout: number;

  constructor(private readonly deps: PoliteFetchDeps) {
    this.spacing = deps.spacingMs ?? 5000;
    this.maxRetries = deps.maxRetries ?? 3;
    this.backoff = deps.backoffMs ?? 30_000;
    this.maxWait = deps.maxWaitMs ?? 10 * 60_000;
    this.maxBody = deps.maxBodyChars ?? 8_000_000;
    this.timeout = deps.timeoutMs ?? 30_000;
  }

  /** GET `url` politely. Requests to one host run one after the other, in call order. */
  get(url: string, accept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8'): Promise<PoliteResult> {
    let host: string;
    try {
      host = hostOf(url);
      if (!/^https:$/.test(new URL(url).protocol)) throw new Error('not https');
    } catch {
      return Promise.resolve({ kind: 'network-error', message: `Not a web address this extension fetches: ${url}` });
    }
    const previous = this.tail.get(host) ?? Promise.resolve();
    const run = previous.then(() => this.attempt(host, url, accept));
    const settled = run.catch(() => undefined);
    this.tail.set(host, settled);
    void settled.then(() => {
      if (this.tail.get(host) === settled) this.tail.delete(host);
    });
    return run;
  }

  /** When the host may be asked again (ms), or 0. */
  hostBlockedUntil(host: string): number {
    return this.blockedUntil.get(host) ?? 0;
  }

  private async waitTurn(host: string): Promise<void> {
    const at = this.nextAt.get(host) ?? 0;
    const wait = at - this.deps.now();
    if (wait > 0) await this.deps.sleep(wait);
  }

  private async attempt(host: string, url: string, accept: string): Promise<PoliteResult> {
    for (let attempt = 0; ; attempt++) {
      const blocked = this.blockedUntil.get(host) ?? 0;
      if (blocked > this.deps.now()) return { kind: 'rate-limited', status: 429, until: blocked };
      await this.waitTurn(host);
      let response: Response;
      let text: string;
      try {
        response = await this.deps.fetch(url, {
          method: 'GET',
          credentials: 'omit',
          redirect: 'manual',
          referrerPolicy: 'no-referrer',
          cache: 'no-cache',
          headers: { Accept: accept },
          signal: typeof AbortSignal !== 'undefined' && 'timeout' in AbortSignal ? AbortSignal.timeout(this.timeout) : undefined,
        });
        if (isRedirect(response, url)) {
          this.nextAt.set(host, this.deps.now() + this.spacing);
          return { kind: 'redirected', status: response.status };
        }
        text = await response.text();
      } catch (err) {
        this.nextAt.set(host, this.deps.now() + this.spacing);
        return { kind: 'network-error', message: err instanceof Error ? err.message : String(err) };
      }
      const now = this.deps.now();
      this.nextAt.set(host, now + this.spacing);
      const status = response.status;
      if (isChallenge(status, response.headers, text)) return { kind: 'challenge', status };
      if (status === 429 || status === 503) {
        const asked = parseRetryAfter(response.headers.get('retry-after'), now);
        const wait = Math.max(asked ?? this.backoff * 2 ** attempt, this.spacing);
        if (attempt >= this.maxRetries || wait > this.maxWait) {
          this.blockedUntil.set(host, now + wait);
          return { kind: 'rate-limited', status, until: now + wait };
        }
        this.nextAt.set(host, now + wait);
        continue;
      }
      if (!response.ok) return { kind: 'http-error', status };
      if (text.length > this.maxBody) return { kind: 'network-error', message: 'The page was too large to check.' };
      return {
        kind: 'ok',
        status,
        url: response.url || url,
        text,
        contentType: response.headers.get('content-type') ?? '',
      };
    }
  }
}
