/**
 * Update checks at scale: N followed stories across four sites, checked by the real updater
 * (lib/updates: createUpdater + PoliteFetcher + the site sources) against a local HTTP fixture
 * server (the sites' chapter-list fixture cases, story ids rewritten), with fake-indexeddb as the library.
 * Time is a simulated clock: PoliteFetcher's waits advance it instantly, so a run that would take
 * hours finishes in seconds; every request is stamped with the simulated time on arrival and the
 * busiest 60 s window per host is reported against the politeness limit (one request per spacing).
 */
import 'fake-indexeddb/auto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { openLibrary } from '../../lib/library/schema';
import { withIndexKeys } from '../../lib/library/derived';
import type { StoryRecord } from '../../lib/library/types';
import { PoliteFetcher } from '../../lib/updates/polite-fetch';
import { createUpdater } from '../../lib/updates/scheduler';
import { parseWorkerDocument } from '../../lib/updates/worker-dom';
import { casePage } from '../../tests/site-fixtures';


interface SiteFixture {
  site: string;
  share: number;
  url: (id: string) => string;
  file: string;
  fixtureId: string;
  type: string;
}

const SITES: SiteFixture[] = [
  { site: 'ao3', share: 0.5, url: (id) => `https://archiveofourown.org/works/${id}`, file: 'ao3-navigate.html', fixtureId: '123456', type: 'text/html' },
  { site: 'ffnet', share: 0.3, url: (id) => `https://www.fanfiction.net/s/${id}/1/`, file: 'ffnet-story.html', fixtureId: '7654321', type: 'text/html' },
  { site: 'royalroad', share: 0.1, url: (id) => `https://www.royalroad.com/fiction/${id}`, file: 'royalroad-syndication.xml', fixtureId: '45678', type: 'application/rss+xml' },
  { site: 'fimfiction', share: 0.1, url: (id) => `https://www.fimfiction.net/story/${id}/`, file: 'fimfiction-story.html', fixtureId: '334455', type: 'text/html' },
];

export interface UpdatesResult {
  stories: number;
  checked: number;
  newChapters: number;
  states: Record<string, number>;
  spacingMs: number;
  simulatedMs: number;
  realMs: number;
  hosts: { host: string; requests: number; maxPerMinute: number }[];
}

function story(site: SiteFixture, id: string, i: number): StoryRecord {
  return {
    key: `${site.site}:${id}`,
    site: site.site,
    storyId: id,
    title: `Followed story ${i}`,
    author: 'someone',
    summary: null,
    url: site.url(id),
    chapterCount: 1,
    words: 1000,
    status: 'in-progress',
    tags: [],
    followed: true,
    readingStatus: null,
    addedAt: 1,
    lastReadAt: 1,
    lastChapterId: null,
    lastChapterIndex: 1,
    lastChapterUrl: null,
    lastChapterTitle: null,
    lastCheckedAt: null,
  };
}

export async function benchUpdates(n: number, log: (s: string) => void, spacingMs = 5000): Promise<UpdatesResult> {
  const t0 = performance.now();
  let now = Date.UTC(2026, 0, 1);
  const stamps = new Map<string, number[]>();
  const bodies = new Map(SITES.map((s) => [s.site, casePage(s.file)]));

  // Fixture server: /<host>/<path>, the fixture of the host's site with the story id put in.
  const server: Server = createServer((req, res) => {
    const [, host, ...rest] = (req.url ?? '/').split('/');
    (stamps.get(host) ?? stamps.set(host, []).get(host)!).push(now);
    const path = `/${rest.join('/')}`;
    const site = SITES.find((s) => new URL(s.url('1')).host === host);
    const id = /(\d{3,})/.exec(path)?.[1];
    if (!site || !id) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': `${site.type}; charset=utf-8` });
    res.end(bodies.get(site.site)!.split(site.fixtureId).join(id));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;

  // Simulated clock: sleeps wait for the driver, which advances time when no request is in flight.
  const timers: { at: number; resolve: () => void }[] = [];
  let inFlight = 0;
  const fetcher = new PoliteFetcher({
    now: () => now,
    sleep: (ms) => new Promise<void>((r) => timers.push({ at: now + ms, resolve: r })),
    spacingMs,
    fetch: async (url, init) => {
      inFlight++;
      try {
        const u = new URL(url);
        const r = await fetch(`http://127.0.0.1:${port}/${u.host}${u.pathname}${u.search}`, { ...init, signal: undefined });
        const body = await r.text();
        const out = new Response(body, { status: r.status, headers: r.headers });
        Object.defineProperty(out, 'url', { value: url });
        return out;
      } finally {
        inFlight--;
      }
    },
  });

  const dbName = `calm-reader-bench-updates-${Date.now()}`;
  const db = await openLibrary(dbName);
  const tx = db.transaction('stories', 'readwrite');
  let i = 0;
  for (const site of SITES) {
    const count = Math.round(n * site.share);
    for (let k = 0; k < count && i < n; k++, i++) void tx.store.put(withIndexKeys(story(site, String(1_000_000 + i), i)));
  }
  await tx.done;

  const updater = createUpdater({ db: async () => db, fetcher, parseDocument: parseWorkerDocument, now: () => now });
  const start = now;
  type Summary = Awaited<ReturnType<typeof updater.checkNow>>;
  const outcome: { summary: Summary | null; failure: unknown } = { summary: null, failure: null };
  updater.checkNow().then(
    (v) => (outcome.summary = v),
    (e) => (outcome.failure = e ?? new Error('failed')),
  );
  let idle = 0;
  while (!outcome.summary && !outcome.failure) {
    await new Promise((r) => setImmediate(r));
    if (inFlight === 0 && timers.length) {
      if (++idle < 3) continue;
      idle = 0;
      timers.sort((a, b) => a.at - b.at);
      const t = timers.shift()!;
      now = Math.max(now, t.at);
      t.resolve();
    }
  }
  server.close();
  db.close();
  if (outcome.failure) throw outcome.failure;
  const s = outcome.summary as Summary;
  const states: Record<string, number> = {};
  for (const r of s.results) states[r.state] = (states[r.state] ?? 0) + 1;
  const hosts = [...stamps].map(([host, ts]) => {
    ts.sort((a, b) => a - b);
    let max = 0;
    for (let a = 0, b = 0; b < ts.length; b++) {
      while (ts[b] - ts[a] >= 60_000) a++;
      max = Math.max(max, b - a + 1);
    }
    return { host, requests: ts.length, maxPerMinute: max };
  });
  const result: UpdatesResult = {
    stories: n,
    checked: s.checked,
    newChapters: s.newChapters,
    states,
    spacingMs,
    simulatedMs: now - start,
    realMs: performance.now() - t0,
    hosts,
  };
  log(`  ${n} stories: ${s.checked} checked (${JSON.stringify(states)}), ${s.newChapters} new chapters, simulated ${(result.simulatedMs / 60_000).toFixed(1)} min, real ${(result.realMs / 1000).toFixed(1)} s`);
  for (const h of hosts) log(`    ${h.host}: ${h.requests} requests, busiest minute ${h.maxPerMinute}`);
  return result;
}
