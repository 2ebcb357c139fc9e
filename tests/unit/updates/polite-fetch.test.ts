import { describe, expect, it, vi } from 'vitest';
import { PoliteFetcher, isChallenge, parseRetryAfter, type FetchLike } from '../../../lib/updates/polite-fetch';
import { fixture, response } from './helpers';

/** A fake clock: sleeping advances it. */
function clock(start = 1_000_000) {
  const c = {
    now: start,
    sleeps: [] as number[],
    sleep: async (ms: number) => {
      c.sleeps.push(ms);
      c.now += ms;
    },
  };
  return c;
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    expect(parseRetryAfter('120', 0)).toBe(120_000);
    const now = Date.UTC(2024, 0, 1, 12, 0, 0);
    expect(parseRetryAfter('Mon, 01 Jan 2024 12:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Mon, 01 Jan 2024 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('isChallenge', () => {
  it('recognises Cloudflare challenges, not ordinary errors', () => {
    expect(isChallenge(403, new Headers({ 'cf-mitigated': 'challenge' }), '')).toBe(true);
    expect(isChallenge(503, new Headers(), fixture('cloudflare-challenge.html'))).toBe(true);
    expect(isChallenge(403, new Headers(), '<html><title>Forbidden</title></html>')).toBe(false);
    expect(isChallenge(200, new Headers(), 'a story that mentions challenge-platform')).toBe(false);
  });
});

describe('PoliteFetcher', () => {
  it('sends plain GETs without cookies', async () => {
    const c = clock();
    const fetch = vi.fn<FetchLike>(async () => response('ok'));
    const f = new PoliteFetcher({ fetch, now: () => c.now, sleep: c.sleep });
    expect(await f.get('https://archiveofourown.org/works/1/navigate')).toMatchObject({ kind: 'ok', status: 200, text: 'ok' });
    const init = fetch.mock.calls[0][1];
    expect(init).toMatchObject({ method: 'GET', credentials: 'omit', referrerPolicy: 'no-referrer' });
  });

  it('refuses anything but https', async () => {
    const c = clock();
    const fetch = vi.fn<FetchLike>(async () => response('ok'));
    const f = new PoliteFetcher({ fetch, now: () => c.now, sleep: c.sleep });
    expect((await f.get('javascript:alert(1)')).kind).toBe('network-error');
    expect((await f.get('http://archiveofourown.org/')).kind).toBe('network-error');
    expect(fetch).not.toHaveBeenCalled();
  });

  it('never has two requests in flight to one host, and spaces them', async () => {
    const c = clock();
    const inFlight = new Map<string, number>();
    let maxSameHost = 0;
    let maxAll = 0;
    const starts: Array<{ host: string; at: number }> = [];
    const fetch: FetchLike = async (url) => {
      const host = new URL(url).host;
      inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
      maxSameHost = Math.max(maxSameHost, inFlight.get(host)!);
      maxAll = Math.max(maxAll, [...inFlight.values()].reduce((a, b) => a + b, 0));
      starts.push({ host, at: c.now });
      await tick();
      await tick();
      c.now += 700; // the request takes a while
      inFlight.set(host, inFlight.get(host)! - 1);
      return response(url);
    };
    const f = new PoliteFetcher({ fetch, now: () => c.now, sleep: c.sleep, spacingMs: 5000 });
    const urls = [
      'https://archiveofourown.org/works/1/navigate',
      'https://www.royalroad.com/fiction/syndication/2',
      'https://archiveofourown.org/works/3/navigate',
      'https://archiveofourown.org/works/4/navigate',
      'https://www.royalroad.com/fiction/syndication/5',
    ];
    const results = await Promise.all(urls.map((u) => f.get(u)));
    expect(results.map((r) => (r.kind === 'ok' ? r.text : r.kind))).toEqual(urls);
    expect(maxSameHost).toBe(1);
    expect(maxAll).toBe(2); // different hosts do not wait for each other
    const ao3 = starts.filter((s) => s.host === 'archiveofourown.org').map((s) => s.at);
    expect(ao3).toHaveLength(3);
    for (let i = 1; i < ao3.length; i++) expect(ao3[i] - ao3[i - 1]).toBeGreaterThanOrEqual(5000);
  });

  it('honours Retry-After in seconds on 429, then succeeds', async () => {
    const c = clock();
    const starts: number[] = [];
    const fetch = vi.fn<FetchLike>(async () => {
      starts.push(c.now);
      return starts.length === 1 ? response('slow down', 429, { 'retry-after': '120' }) : response('fine');
    });
    const f = new PoliteFetcher({ fetch, now: () => c.now, sleep: c.sleep });
    expect(await f.get('https://www.fanfiction.net/s/1/1/')).toMatchObject({ kind: 'ok', text: 'fine' });
    expect(starts[1] - starts[0]).toBe(120_000);
  });

  it('honours Retry-After as an HTTP date on 503', async () => {
    const c = clock(Date.UTC(2024, 0, 1, 12, 0, 0));
    const starts: number[] = [];
    const fetch = vi.fn<FetchLike>(async () => {
      starts.push(c.now);
      return starts.length === 1 ? response('busy', 503, { 'retry-after': 'Mon, 01 Jan 2024 12:00:45 GMT' }) : response('fine');
    });
    const f = new PoliteFetcher({ fetch, now: () => c.now, sleep: c.sleep });
    expect((await f.get('https://www.fanfiction.net/s/1/1/')).kind).toBe('ok');
    expect(starts[1] - starts[0]).toBe(45_000);
  });

  it('backs off exponentially without Retry-After, then gives up', async () => {
    const c = clock();
    const starts: number[] = [];
    const fetch = vi.fn<FetchLike>(async () => {
      starts.push(c.now);
      return response('busy', 503);
    });
    const f = new PoliteFetcher({ fetch, now: () => c.now, sleep: c.sleep, backoffMs: 10_000, maxRetries: 3 });
    const result = await f.get('https://www.royalroad.com/fiction/syndication/1');
    expect(result.kind).toBe('rate-limited');
    expect(starts.slice(1).map((t, i) => t - starts[i])).toEqual([10_000, 20_000, 40_000]);
  });

  it('gives up at once when asked to wait too long, and leaves the host alone until then', async () => {
    const c = clock();
    const fetch = vi.fn<FetchLike>(async () => response('no', 429, { 'retry-after': '3600' }));
    const f = new PoliteFetcher({ fetch, now: () => c.now, sleep: c.sleep });
    const first = await f.get('https://archiveofourown.org/works/1/navigate');
    expect(first).toEqual({ kind: 'rate-limited', status: 429, until: c.now + 3_600_000 });
    expect(await f.get('https://archiveofourown.org/works/2/navigate')).toMatchObject({ kind: 'rate-limited' });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(f.hostBlockedUntil('archiveofourown.org')).toBe(c.now + 3_600_000);
  });

  it('does not retry a Cloudflare challenge', async () => {
    const c = clock();
    const fetch = vi.fn<FetchLike>(async () => response(fixture('cloudflare-challenge.html'), 403, { 'cf-mitigated': 'challenge' }));
    const f = new PoliteFetcher({ fetch, now: () => c.now, sleep: c.sleep });
    expect(await f.get('https://www.fanfiction.net/s/1/1/')).toEqual({ kind: 'challenge', status: 403 });
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('reports HTTP and network errors', async () => {
    const c = clock();
    const fetch = vi
      .fn<FetchLike>()
      .mockResolvedValueOnce(response('gone', 404))
      .mockRejectedValueOnce(new TypeError('Failed to fetch'));
    const f = new PoliteFetcher({ fetch, now: () => c.now, sleep: c.sleep });
    expect(await f.get('https://www.wattpad.com/api/v3/stories/1')).toEqual({ kind: 'http-error', status: 404 });
    expect(await f.get('https://www.wattpad.com/api/v3/stories/2')).toEqual({ kind: 'network-error', message: 'Failed to fetch' });
    // the second still waited its turn
    expect(c.sleeps).toEqual([5000]);
  });
});

describe('PoliteFetcher: redirects (#20 point 6)', () => {
  it('asks the browser not to follow redirects', async () => {
    const c = clock();
    const fetch = vi.fn<FetchLike>(async () => response('ok'));
    const f = new PoliteFetcher({ fetch, now: () => c.now, sleep: c.sleep });
    await f.get('https://archiveofourown.org/works/1/navigate');
    expect(fetch.mock.calls[0][1]).toMatchObject({ redirect: 'manual' });
  });

  it('refuses a redirect, whatever its target, and an answer from another address', async () => {
    const c = clock();
    const opaque = () => {
      const r = new Response(null, { status: 200 });
      Object.defineProperty(r, 'type', { value: 'opaqueredirect' });
      Object.defineProperty(r, 'status', { value: 0 });
      return r;
    };
    const answers: Array<() => Response> = [
      opaque,
      () => new Response('', { status: 302, headers: { location: 'http://127.0.0.1:8080/' } }),
      () => new Response('', { status: 301, headers: { location: 'http://archiveofourown.org/works/1' } }),
      () => {
        const r = new Response('elsewhere', { status: 200 });
        Object.defineProperty(r, 'url', { value: 'http://127.0.0.1/' });
        Object.defineProperty(r, 'redirected', { value: true });
        return r;
      },
      () => {
        const r = new Response('downgraded', { status: 200 });
        Object.defineProperty(r, 'url', { value: 'http://archiveofourown.org/works/1/navigate' });
        return r;
      },
    ];
    for (const answer of answers) {
      const text = vi.fn();
      const fetch = vi.fn<FetchLike>(async () => {
        const r = answer();
        const read = r.text.bind(r);
        Object.defineProperty(r, 'text', { value: () => (text(), read()) });
        return r;
      });
      const f = new PoliteFetcher({ fetch, now: () => c.now, sleep: c.sleep });
      expect(await f.get('https://archiveofourown.org/works/1/navigate')).toMatchObject({ kind: 'redirected' });
      expect(fetch).toHaveBeenCalledTimes(1);
    }
  });

  it('the check says so and waits for the reader’s visit', async () => {
    const { checkStory } = await import('../../../lib/updates/check');
    const { openLibrary } = await import('../../../lib/library/schema');
    const { recordVisit } = await import('../../../lib/library/store');
    const { freshName, visit } = await import('../library/helpers');
    const db = await openLibrary(freshName('redirect'));
    const { story } = await recordVisit(db, visit({ storyId: '123456', storyUrl: 'https://archiveofourown.org/works/123456' }), 1000);
    const fetcher = { get: vi.fn(async () => ({ kind: 'redirected' as const, status: 0 })) };
    const res = await checkStory({ db, fetcher, parseDocument: () => document, now: () => 2000 }, story);
    expect(res).toMatchObject({ state: 'visit', message: expect.stringMatching(/another address/) });
    db.close();
  });
});
