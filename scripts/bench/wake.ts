/**
 * What a wake of the service worker costs at 100 / 1,000 / 10,000 stories (issue #25). MV3 stops
 * the worker after 30 s idle; each start runs the sync scheduler's start-up check 15 s later
 * (lib/sync/scheduler.ts): a pass over the library only when something changed since the last one
 * (here or in the sync area). Per size, in a copy of a seeded profile: the worker is stopped
 * through CDP (as Chromium does), woken by an extension page's message, and the check's own record
 * is read (storage.local `syncLastRun`: its start, its wall time, whether it ran a pass). Peer in
 * the same run: a forced pass ("the wake before this change", which passed on every wake), timed
 * the same way. Two wakes per size with nothing new, then a wake by a change to one story (a
 * reading status set by an extension page's message) and one by another device's change to one
 * story (its storage.sync item rewritten), each timed by the pass that follows (it reads only
 * what changed: lib/sync/dirty.ts). Nothing else happens in the browser meanwhile.
 */
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launch, type Session } from '../../tests/e2e/harness';
import { openWithLibrary, seededProfileCopy, stopWorker } from './library';
import { withTimeout } from './timeout';

export interface Run {
  ms: number;
  pass: boolean;
  /** The pass read the whole library. */
  full?: boolean;
  /** Stories the pass read. */
  read?: number;
}

export interface WakeRow {
  stories: number;
  /** Busy time of the start-up check after each wake with nothing new (ms), and whether it ran a pass. */
  wakes: Run[];
  /** The pass after a wake by a change to one story (a reading status set from an extension page). */
  local: Run | null;
  /** The pass after a wake by another device's change to one story (one storage.sync item rewritten). */
  remote: Run | null;
  /** Peer: a full pass forced on the same library (ms). */
  passMs: number | null;
}

type LastRun = (Run & { at: number }) | undefined;

const lastRun = (page: Page) =>
  withTimeout(
    page.evaluate(async () => {
      const chrome = (globalThis as unknown as { chrome: { storage: { local: { get(k: string): Promise<Record<string, unknown>> } } } }).chrome;
      return (await chrome.storage.local.get('syncLastRun')).syncLastRun as LastRun;
    }),
    5_000,
    'syncLastRun',
  ).catch(() => undefined);

/** Waits for a run of the scheduler that started after `since` (that ran a pass, with `pass`). */
async function nextRun(page: Page, since: number, capMs: number, pass = false): Promise<Run | null> {
  const t0 = Date.now();
  while (Date.now() - t0 < capMs) {
    const r = await lastRun(page);
    if (r && r.at >= since && (!pass || r.pass)) return { ms: r.ms, pass: r.pass, full: r.full, read: r.read };
    await new Promise((res) => setTimeout(res, 50));
  }
  return null;
}

type Chrome = {
  runtime: { sendMessage(m: unknown): Promise<unknown> };
  storage: { sync: { get(k: null): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } };
};

/** Another device's change to one story: it follows a story this library does not hold yet (one new storage.sync item). */
const remoteChange = (page: Page) =>
  page.evaluate(async () => {
    const chrome = (globalThis as unknown as { chrome: Chrome }).chrome;
    // lib/sync/codec.ts: [title, url, followed, followAt, status code, statusAt, readAt], times in s since TIME_EPOCH.
    const t = Math.floor(Date.now() / 1000) - 1_700_000_000;
    await chrome.storage.sync.set({ 's:ao3:999999': ['Followed on another device', 'archiveofourown.org/works/999999', 1, t, 1, t, t] });
    return 'ao3:999999';
  });

/** Stops the worker, then wakes it with `act` run from a fresh extension page; returns the pass that follows. */
async function wakeWith(s: Session, page: Page, act: (p: Page) => Promise<unknown>): Promise<{ page: Page; run: Run | null }> {
  const blank = await s.context.newPage();
  await page.close();
  await stopWorker(s, blank);
  const since = Date.now();
  const woken = await openWithLibrary(s);
  await blank.close();
  await act(woken);
  return { page: woken, run: await nextRun(woken, since, 180_000, true) };
}

type SyncStatusAnswer = { lastSyncAt?: number | null; enabled?: boolean } | undefined;

const status = (page: Page) =>
  withTimeout(
    page.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<SyncStatusAnswer> } } }).chrome.runtime.sendMessage({ type: 'sync/status' }),
    ),
    5_000,
    'sync/status',
  ).catch(() => undefined);

/** Waits for a pass that started after `since`; its busy time, or null when none came in `capMs`. */
async function nextPass(page: Page, since: number, capMs: number): Promise<number | null> {
  const t0 = Date.now();
  while (Date.now() - t0 < capMs) {
    const at = (await status(page))?.lastSyncAt ?? null;
    if (at != null && at >= since) return Date.now() - at;
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
}

export async function benchWake(log: (s: string) => void, sizes = [100, 1_000, 10_000], wakes = 2): Promise<WakeRow[]> {
  const rows: WakeRow[] = [];
  for (const stories of sizes) {
    const { profile } = await seededProfileCopy(stories, 30, log);
    const s = await launch({ pages: new Map(), userDataDir: profile });
    try {
      let page = await openWithLibrary(s);
      if ((await status(page))?.enabled === false) log('  (sync is off in this profile: a wake runs no pass)');
      // The start-up run of this launch first (the profile has run passes before).
      await nextRun(page, Date.now() - 1_000, 120_000);
      const runs: Run[] = [];
      for (let w = 0; w < wakes; w++) {
        const blank = await s.context.newPage();
        await page.close();
        await stopWorker(s, blank);
        const since = Date.now();
        const woken = await openWithLibrary(s);
        await blank.close();
        const r = await nextRun(woken, since, 180_000);
        if (r) runs.push(r);
        page = woken;
      }
      // A change to one story wakes the worker (the message); the pass after it.
      const local = await wakeWith(s, page, (p) =>
        p.evaluate(() =>
          (globalThis as unknown as { chrome: Chrome }).chrome.runtime.sendMessage({ type: 'story/set-status', storyKey: 'ao3:100006', readingStatus: 'reading' }),
        ),
      );
      page = local.page;
      // Another device's change to one story (storage.sync's onChanged wakes the worker).
      const remote = await wakeWith(s, page, remoteChange);
      page = remote.page;
      // Peer: a full pass on the same library, as every wake ran before (the alarm's old flush).
      const since = Date.now();
      await page.evaluate(() =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({
          type: 'sync/set-enabled',
          enabled: true,
        }),
      );
      const forced = await nextPass(page, since, 180_000);
      await page.close();
      rows.push({ stories, wakes: runs, local: local.run, remote: remote.run, passMs: forced });
      const show = (r: Run | null) => (r ? `${r.ms} ms${r.pass ? ` (${r.full ? 'full ' : ''}pass, ${r.read ?? '?'} read)` : ''}` : '— (none)');
      log(
        `  ${stories} stories: the check after a wake took ${runs.map(show).join(', ') || '— (none)'}; after one story changed: ${show(local.run)}; after another device changed one: ${show(remote.run)}; a full pass: ${forced == null ? '—' : `${(forced / 1000).toFixed(2)} s`}`,
      );
    } finally {
      await s.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  return rows;
}
