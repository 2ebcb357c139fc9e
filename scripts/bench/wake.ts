/**
 * What a wake of the service worker costs at 100 / 1,000 / 10,000 stories (issue #25). MV3 stops
 * the worker after 30 s idle; each start runs the sync scheduler's first pass 15 s later
 * (lib/sync/scheduler.ts), which reads the library. Per size, in a copy of a seeded profile:
 * the worker is stopped through CDP (as Chromium does), woken by an extension page's message, and
 * its next pass is timed from the pass's own start stamp (sync/status lastSyncAt, stamped when the
 * pass starts and saved when it ends) to the moment that stamp is seen (polled every 50 ms): the
 * worker's busy time for that wake (wall time: its CPU plus its IndexedDB reads and writes). Two
 * wakes per size; nothing else happens in the browser meanwhile.
 */
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launch } from '../../tests/e2e/harness';
import { openWithLibrary, seededProfileCopy, stopWorker } from './library';
import { withTimeout } from './timeout';

export interface WakeRow {
  stories: number;
  /** Busy time of the pass after each wake (ms). */
  passMs: number[];
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
      // The start-up pass of this launch first (the profile has run passes before).
      await nextPass(page, Date.now() - 1_000, 120_000);
      const passMs: number[] = [];
      for (let w = 0; w < wakes; w++) {
        const blank = await s.context.newPage();
        await page.close();
        await stopWorker(s, blank);
        const since = Date.now();
        const woken = await openWithLibrary(s);
        await blank.close();
        const ms = await nextPass(woken, since, 180_000);
        if (ms != null) passMs.push(ms);
        page = woken;
      }
      await page.close();
      rows.push({ stories, passMs });
      log(`  ${stories} stories: the pass after a wake took ${passMs.map((m) => `${(m / 1000).toFixed(2)} s`).join(', ') || '— (none)'}`);
    } finally {
      await s.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
  return rows;
}
