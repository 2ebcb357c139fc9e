/**
 * Library at scale, in Chromium with the built extension: the extension's IndexedDB is seeded from
 * the background worker with 10,000 stories and 300,000 chapter records, then the popup and the
 * library page are opened (first render = the list's first rows in the DOM, from navigation start),
 * the search box gets one keystroke at a time (handler + render + layout, frame wait excluded),
 * and a backup is exported and imported back from the library page's Backup section (run in the page).
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { EXTENSION_DIR, launch, ROOT, type Session } from '../../tests/e2e/harness';
import { backupFloor, type BackupFloor } from './backup-floor';
import { median } from './stats';
import { withTimeout } from './timeout';

export interface LibraryResult {
  stories: number;
  chapters: number;
  seedMs: number;
  bytesPerStory: number | null;
  popupMs: number;
  /** The same with the service worker stopped first (as Chromium stops an idle one). */
  popupAsleepMs: number;
  /**
   * Navigation start to the list as the library has it (the first rows may be the list as last seen,
   * lib/popup/snapshot.ts, corrected when the library read is back); worker running / stopped.
   */
  popupConfirmedMs?: number;
  popupConfirmedAsleepMs?: number;
  libraryMs: number;
  /** Peer: an extension document without scripts (manifest.json) opened the same way, navigation start to interactive. */
  emptyPageMs: number;
  /** The same peer with the service worker stopped first. */
  emptyPageAsleepMs: number;
  /** Navigation start to the whole library listed (search and sort work on all of it). */
  libraryFullMs: number;
  keystrokeMs: number;
  keystrokeMaxMs: number;
  exportMs: number | null;
  /** Size of the exported file in bytes (the compressed backup since #25; JSON characters before). */
  exportChars: number;
  /** Whether the exported file is gzip (version 2 backups). */
  exportGzip?: boolean;
  exportError?: string;
  importMs: number | null;
  importError?: string;
  /** The same file imported into an emptied library (every record written). */
  importEmptyMs?: number;
  importEmptyError?: string;
  /** Peers in the same page: what IndexedDB alone costs (scripts/bench/backup-floor.ts). */
  backupFloor?: BackupFloor;
  backupFloorError?: string;
}

export const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((f) => f);';

/** Records (ms since navigation start) when a selector first matches. */
const firstSeen = (selector: string) => `(() => {
  const sel = ${JSON.stringify(selector)};
  const check = () => {
    if (window.__calmFirst == null && document.querySelector(sel)) { window.__calmFirst = performance.now(); obs.disconnect(); }
  };
  const obs = new MutationObserver(check);
  obs.observe(document, { childList: true, subtree: true });
})();`;

/** Records (ms since navigation start) when the popup shows the list as the library has it (not the snapshot). */
const confirmedSeen = `(() => {
  const sel = '[data-testid=continue-list]:not([data-source=snapshot]) li, [data-testid=continue-empty]:not([data-source=snapshot])';
  const obs = new MutationObserver(() => {
    if (window.__calmConfirmed == null && document.querySelector(sel)) { window.__calmConfirmed = performance.now(); obs.disconnect(); }
  });
  obs.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-source'] });
})();`;

/** ms from navigation start to the popup's list as the library has it (after timeFirstRender). */
async function timeConfirmed(page: Page): Promise<number> {
  try {
    await page.waitForFunction(() => (window as unknown as { __calmConfirmed?: number }).__calmConfirmed != null, null, { timeout: 45_000, polling: 50 });
  } catch {
    return Infinity;
  }
  return page.evaluate(() => (window as unknown as { __calmConfirmed: number }).__calmConfirmed);
}

/** Records (ms since navigation start) when the whole library is listed (no "loading the rest"). */
const fullSeen = `(() => {
  const check = () => {
    const count = document.querySelector('[data-testid=library-count]');
    if (window.__calmFull == null && document.querySelector('[data-testid=library-row]') && count && !/loading the rest/.test(count.textContent || '')) {
      window.__calmFull = performance.now(); obs.disconnect();
    }
  };
  const obs = new MutationObserver(check);
  addEventListener('DOMContentLoaded', () => obs.observe(document.body, { childList: true, subtree: true, characterData: true }));
})();`;

/** ms from navigation start to the first rows; Infinity when nothing shows within `timeout`. */
async function timeFirstRender(page: Page, url: string, timeout = 45_000): Promise<number> {
  await page.goto(url);
  try {
    await page.waitForFunction(() => (window as unknown as { __calmFirst?: number }).__calmFirst != null, null, { timeout, polling: 50 });
  } catch {
    return Infinity;
  }
  return page.evaluate(() => (window as unknown as { __calmFirst: number }).__calmFirst);
}

/**
 * The peer: the browser's own part of opening an extension page in a new tab. A document of the
 * extension with no script (manifest.json), opened the same way, until it is interactive (ms from
 * navigation start). No page of ours can show anything sooner.
 */
async function timeEmptyPage(s: Session, base: string): Promise<number> {
  const page = await s.context.newPage();
  try {
    await page.goto(`${base}/manifest.json`);
    return await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domInteractive);
  } finally {
    await page.close();
  }
}

/** Stops the extension's service worker through the DevTools protocol, as Chromium does when it is idle. */
export async function stopWorker(s: Session, via: Page): Promise<void> {
  const cdp = await s.context.newCDPSession(via);
  try {
    const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { type: string; url: string; targetId: string }[] };
    const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${s.extensionId}/`));
    if (sw) await cdp.send('Target.closeTarget', { targetId: sw.targetId });
  } finally {
    await cdp.detach();
  }
}

/** An extension page, returned once the worker has answered from an open (created or upgraded) library. */
export async function openWithLibrary(s: Session): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(`chrome-extension://${s.extensionId}/popup.html`);
  // Right after launch (a fresh worker registration: the harness drops the cached one), the first
  // message sometimes gets no answer at all while later ones do: ask again, up to a minute.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answered = await withTimeout(
      page.evaluate(() =>
        (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'library/recent', limit: 1 }),
      ),
      5_000,
      'no answer',
    ).then(
      () => true,
      () => false,
    );
    if (answered) return page;
    if (Date.now() > deadline) throw new Error('the worker did not answer library/recent within 60 s');
  }
}

/** Fill the extension's IndexedDB (in the profile `dir`) with the library, from the worker. */
async function seedProfile(dir: string, stories: number, chaptersPerStory: number, extensionDir: string): Promise<{ seedMs: number; bytes: number }> {
  const s = await launch({ pages: new Map(), userDataDir: dir, extensionDir });
  try {
    await s.context.addInitScript({ content: NAME_SHIM });
    // Let the extension create its database.
    const warm = await openWithLibrary(s);
    await warm.close();
    await s.worker.evaluate(NAME_SHIM);
    return await seedIn(s, stories, chaptersPerStory);
  } finally {
    await s.close();
  }
}

function seedIn(s: Session, stories: number, chaptersPerStory: number): Promise<{ seedMs: number; bytes: number }> {
  return s.worker.evaluate(
    async ([nStories, perStory]) => {
      const req = <T,>(r: IDBRequest<T>) => new Promise<T>((res, rej) => ((r.onsuccess = () => res(r.result)), (r.onerror = () => rej(r.error))));
      const before = (await navigator.storage.estimate()).usage ?? 0;
      const db = await req(indexedDB.open('calm-reader'));
      const t0 = performance.now();
      const words = 'tide lamp harbour ember salt keeper ledger stairs fog signal rope lantern map ink letter winter'.split(' ');
      const sites = ['ao3', 'ffnet', 'royalroad', 'fimfiction', 'scribblehub', 'spacebattles'];
      const now = Date.now();
      for (let b = 0; b < nStories; b += 500) {
        // Schema v5: a story's chapters are one record (lib/library/chapter-sets.ts rows).
        const tx = db.transaction(['stories', 'chapterSets'], 'readwrite');
        const st = tx.objectStore('stories');
        const ch = tx.objectStore('chapterSets');
        for (let i = b; i < Math.min(nStories, b + 500); i++) {
          const site = sites[i % sites.length];
          const id = String(100000 + i);
          const key = `${site}:${id}`;
          const title = `The ${words[i % 16]} of ${words[(i * 7) % 16]} ${i}`;
          const toc = [];
          for (let c = 1; c <= perStory; c++) toc.push({ id: String(5000000 + i * 100 + c), title: `Chapter ${c}`, url: `https://example.org/${id}/${c}` });
          st.put({
            key, site, storyId: id, title, author: `author_${i % 997}`, summary: `A story about the ${words[(i * 3) % 16]} and the ${words[(i * 5) % 16]}.`,
            url: `https://example.org/${id}`, chapterCount: perStory, words: 3000 * perStory, status: i % 3 ? 'in-progress' : 'complete',
            tags: ['Found Family', 'Slow Burn', words[i % 16]], followed: i % 10 === 0, readingStatus: null,
            addedAt: now - i * 60_000, lastReadAt: now - i * 60_000, lastChapterId: toc[perStory - 2].id, lastChapterIndex: perStory - 1,
            lastChapterUrl: toc[perStory - 2].url, lastChapterTitle: toc[perStory - 2].title, toc, unread: 1, lastCheckedAt: null,
            // As the library stores it (lib/library/derived.ts): followed, unread chapters, never checked.
            ...(i % 10 === 0 ? { newsKey: [0, now - i * 60_000, 1], checkKey: 0 } : {}),
          });
          const rows = [];
          for (let c = 1; c <= perStory; c++)
            rows.push([toc[c - 1].id, c, `Chapter ${c}`, toc[c - 1].url, now - i * 60_000 - c, now - i * 60_000 - c, 40, 0.25, now]);
          ch.put({ storyKey: key, rows });
        }
        await new Promise((res, rej) => ((tx.oncomplete = res), (tx.onerror = () => rej(tx.error))));
      }
      const seedMs = performance.now() - t0;
      db.close();
      const after = (await navigator.storage.estimate()).usage ?? 0;
      return { seedMs, bytes: after - before };
    },
    [stories, chaptersPerStory] as const,
  );
}

/** The id Chromium gives an unpacked extension loaded from `dir` (a-p letters of its path's SHA-256). */
export function extensionIdOf(dir: string): string {
  return [...createHash('sha256').update(dir).digest('hex').slice(0, 32)].map((c) => String.fromCharCode(97 + parseInt(c, 16))).join('');
}

/** Throws when the library the extension reads is empty: a seeded profile that does not fit this build. */
export async function assertSeeded(page: Page): Promise<void> {
  const res = (await page.evaluate(() =>
    (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ stories?: unknown[] } | undefined> } } }).chrome.runtime.sendMessage({ type: 'library/recent', limit: 1 }),
  )) as { stories?: unknown[] } | undefined;
  if (!res?.stories?.length) throw new Error('the seeded library is empty for this build (a profile seeded for another extension id?)');
}

/**
 * A fresh copy of a browser profile whose library holds `stories` stories of `chaptersPerStory`
 * chapters (seeded once, kept in node_modules/.cache; the copy is the caller's to delete).
 */
export async function seededProfileCopy(
  stories: number,
  chaptersPerStory: number,
  log: (s: string) => void,
  extensionDir = EXTENSION_DIR,
): Promise<{ profile: string; seed: { seedMs: number; bytes: number } }> {
  // Chromium names an unpacked extension after its folder's path, and the library lives in that
  // id's IndexedDB: a profile seeded for a build elsewhere (another checkout) has an empty library
  // for this one. One seeded profile per build folder. CALM_BENCH_CACHE: keep them elsewhere.
  const cacheRoot = process.env.CALM_BENCH_CACHE ?? join(ROOT, 'node_modules/.cache/calm-reader-bench');
  // v5: seeded in schema v5 (chapter sets); a profile seeded by an older build would be migrated on every run.
  const seedDir = join(cacheRoot, `seeded-v5-${stories}x${chaptersPerStory}-${extensionIdOf(extensionDir)}`);
  const marker = join(seedDir, 'calm-reader-bench-seed.json');
  const cached = existsSync(marker) ? (JSON.parse(readFileSync(marker, 'utf8')) as { seedMs: number; bytes: number }) : null;
  mkdirSync(seedDir, { recursive: true });
  const seed = cached ?? (await seedProfile(seedDir, stories, chaptersPerStory, extensionDir));
  if (!cached) writeFileSync(marker, JSON.stringify(seed));
  log(`  ${cached ? 'reused a profile seeded with' : 'seeded'} ${stories} stories / ${stories * chaptersPerStory} chapters in ${(seed.seedMs / 1000).toFixed(1)} s (+${(seed.bytes / 2 ** 20).toFixed(1)} MB)`);
  const profile = mkdtempSync(join(tmpdir(), 'calm-reader-bench-library-'));
  cpSync(seedDir, profile, { recursive: true });
  return { profile, seed };
}

/**
 * `opens`: how many times each page is opened and timed (medians reported). An open costs about a
 * second here, and on this shared machine a few opens in a row can all fall in a slow spell.
 */
export async function benchLibrary(log: (s: string) => void, stories = 10_000, chaptersPerStory = 30, opens = 7, withBackup = true): Promise<LibraryResult> {
  // Seeding 300k records takes minutes on a slow machine: the seeded profile is kept, and each run
  // works on a copy of it (the import below rewrites the whole database; the next run must not
  // measure a database full of deleted records).
  const { profile, seed } = await seededProfileCopy(stories, chaptersPerStory, log);
  const s = await launch({ pages: new Map(), userDataDir: profile });
  try {
    await s.context.addInitScript({ content: NAME_SHIM });
    const base = `chrome-extension://${s.extensionId}`;
    // Let the worker open the database before anything is timed.
    const warm = await openWithLibrary(s);
    await assertSeeded(warm);
    // What a reader meets: a worker past its start-up work (the first sync pass runs 15 s after
    // start and reads the whole library). Timed during it, the first renders wait for that pass.
    // The seeded profile has run passes before: wait for one of this start, and for the scheduler
    // to go quiet (no new pass for longer than its minimum interval, 10 s).
    const t0 = Date.now();
    let last: number | null = null;
    let stableSince = Date.now();
    for (;;) {
      const st = await withTimeout(
        warm.evaluate(() =>
          (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ lastSyncAt?: number | null } | undefined> } } }).chrome.runtime.sendMessage({ type: 'sync/status' }),
        ),
        5_000,
        'sync/status',
      ).catch(() => null); // no answer yet: ask again (the 120 s cap below still holds)
      const at = st?.lastSyncAt ?? null;
      if (at !== last) [last, stableSince] = [at, Date.now()];
      if (last != null && last >= t0 && Date.now() - stableSince > 12_000) break;
      if (Date.now() - t0 > 120_000) {
        log('  (the start-up sync passes did not settle within 120 s; timing anyway)');
        break;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    log(`  worker start-up work done after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await warm.close();

    const popupTimes: number[] = [];
    const confirmedTimes: number[] = [];
    const confirmedAsleepTimes: number[] = [];
    const libraryTimes: number[] = [];
    const fullTimes: number[] = [];
    // Each open is a new tab, as a popup is a new document each time; the one before is closed
    // (pages of one extension share a renderer: a page left working would slow the next).
    const openPopupTab = async () => {
      const popup = await s.context.newPage();
      await popup.setViewportSize({ width: 360, height: 700 });
      await popup.addInitScript({ content: firstSeen('[data-testid=continue-list] li, [data-testid=continue-empty]') });
      await popup.addInitScript({ content: confirmedSeen });
      return popup;
    };
    const openLibraryTab = async () => {
      const page = await s.context.newPage();
      await page.addInitScript({ content: firstSeen('[data-testid=library-row]') });
      await page.addInitScript({ content: fullSeen });
      return page;
    };
    // Search and sort wait for the whole list: the keystrokes below are measured on all of it.
    const waitFull = async (page: Page) => {
      await page.waitForFunction(() => (window as unknown as { __calmFull?: number }).__calmFull != null, null, { timeout: 120_000, polling: 50 });
      return page.evaluate(() => (window as unknown as { __calmFull: number }).__calmFull);
    };
    const emptyTimes: number[] = [];
    for (let i = 0; i < opens; i++) {
      emptyTimes.push(await timeEmptyPage(s, base));
      const popup = await openPopupTab();
      popupTimes.push(await timeFirstRender(popup, `${base}/popup.html`));
      confirmedTimes.push(await timeConfirmed(popup));
      await popup.close();
      const lib = await openLibraryTab();
      libraryTimes.push(await timeFirstRender(lib, `${base}/library.html`));
      fullTimes.push(await waitFull(lib));
      await lib.close();
      // Seconds per render: one run says enough and keeps the bench short.
      if (Math.max(popupTimes[i], libraryTimes[i]) > 5000) break;
    }
    // What readers meet most: Chromium stops an idle worker after 30 s. The popup reads the library
    // itself, so it should not wait for the worker to start again. No other page of the extension
    // is open meanwhile (they share a renderer), as in the loop above.
    const asleepTimes: number[] = [];
    const emptyAsleepTimes: number[] = [];
    const blank = await s.context.newPage();
    for (let i = 0; i < opens; i++) {
      // The peer under the same condition: whatever the browser does when the worker is stopped.
      await stopWorker(s, blank);
      emptyAsleepTimes.push(await timeEmptyPage(s, base));
      await stopWorker(s, blank);
      const popup = await openPopupTab();
      asleepTimes.push(await timeFirstRender(popup, `${base}/popup.html`));
      confirmedAsleepTimes.push(await timeConfirmed(popup));
      await popup.close();
    }
    await blank.close();
    const lib = await openLibraryTab();
    await lib.goto(`${base}/library.html`);
    await waitFull(lib);
    await lib.waitForTimeout(1000); // as before: the page settled after its whole list arrived
    // Each popup open right after its own peer open (same load): the pairs and the median of their ratios.
    const perOpen = (popup: number[], peer: number[]) =>
      `${popup.map((p, k) => `${p.toFixed(0)}/${peer[k].toFixed(0)}`).join(' ')} ms, median ratio ${median(popup.map((p, k) => p / peer[k])).toFixed(2)}x`;
    log(`  popup first rows / empty page, per open: worker running ${perOpen(popupTimes, emptyTimes)}; worker stopped ${perOpen(asleepTimes, emptyAsleepTimes)}`);
    log(`  popup first render ${median(popupTimes).toFixed(1)} ms (worker stopped: ${median(asleepTimes).toFixed(1)} ms; the library's list ${median(confirmedTimes).toFixed(1)} / ${median(confirmedAsleepTimes).toFixed(1)} ms), library page ${median(libraryTimes).toFixed(1)} ms (whole list ${median(fullTimes).toFixed(0)} ms); an empty extension page (the browser's part) ${median(emptyTimes).toFixed(1)} ms (worker stopped: ${median(emptyAsleepTimes).toFixed(1)} ms)`);

    const keys = await lib.evaluate(async () => {
      const input = document.querySelector<HTMLInputElement>('[data-testid=library-search]');
      if (!input) throw new Error('no search box');
      const times: number[] = [];
      for (const ch of 'harbour keeper 12') {
        const t0 = performance.now();
        input.value += ch;
        input.dispatchEvent(new InputEvent('input', { bubbles: true, data: ch, inputType: 'insertText' }));
        await new Promise((r) => setTimeout(r, 0));
        void document.body.offsetHeight; // layout of the new list
        times.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 30));
      }
      return times;
    });
    log(`  keystrokes: ${keys.map((k) => k.toFixed(1)).join(' ')} ms`);

    // Backup as the reader runs it: the library page's Export button (the page reads IndexedDB
    // itself), then the exported file chosen for import, previewed and confirmed ("replace").
    const backup: {
      exportMs: number | null;
      chars: number;
      gzip?: boolean;
      exportError?: string;
      importMs: number | null;
      importError?: string;
      importEmptyMs?: number;
      importEmptyError?: string;
    } = {
      exportMs: null,
      chars: 0,
      importMs: null,
    };
    const file = join(profile, 'bench-export.backup');
    if (!withBackup) backup.exportError = backup.importError = 'not run (--no-backup)';
    else try {
      const t0 = Date.now();
      const [download] = await Promise.all([
        lib.waitForEvent('download', { timeout: 300_000 }),
        lib.click('[data-testid=export-button]'),
      ]);
      await download.saveAs(file);
      backup.exportMs = Date.now() - t0;
      await lib.evaluate(() => performance.clearMeasures());
      const bytes = readFileSync(file);
      backup.gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
      backup.chars = backup.gzip ? bytes.length : bytes.toString('utf8').length;
    } catch (e) {
      backup.exportError = String(e).split('\n')[0];
    }
    /** The exported file chosen, previewed and confirmed ("replace"): ms from choosing to done. */
    const timeImport = async (): Promise<number> => {
      const t0 = Date.now();
      await lib.locator('[data-testid=import-mode-replace]').check({ force: true });
      await lib.setInputFiles('[data-testid=import-input]', file);
      const outcome = await lib.waitForSelector('[data-testid=import-confirm], [data-testid=import-error]', { timeout: 300_000 });
      if ((await outcome.getAttribute('data-testid')) === 'import-error') throw new Error(await outcome.innerText());
      await lib.waitForSelector('[data-testid=import-confirm]:not([disabled])', { timeout: 300_000 });
      await lib.click('[data-testid=import-confirm]');
      await lib.waitForFunction(
        () => !document.querySelector('[data-testid=import-confirm]') || document.querySelector('[data-testid=import-error]'),
        null,
        { timeout: 300_000, polling: 100 },
      );
      const err = await lib.$('[data-testid=import-error]');
      if (err) throw new Error(await err.innerText());
      const ms = Date.now() - t0;
      // Where the time went: the phases the import writes to the page's timeline (lib/library/backup/io.ts phase).
      const phases = await lib.evaluate(() => {
        const out = performance.getEntriesByType('measure').filter((m) => m.name.startsWith('backup:')).map((m) => `${m.name.slice(7)} ${m.duration.toFixed(0)}`);
        performance.clearMeasures();
        return out.join(', ');
      });
      log(`  import phases (ms): ${phases}`);
      return ms;
    };
    if (backup.exportMs != null) {
      // Over the library it was exported from (a restore over a library that holds most of it).
      try {
        backup.importMs = await timeImport();
      } catch (e) {
        backup.importError = String(e).split('\n')[0];
      }
      // Into an empty library (a new browser): every record written.
      try {
        await lib.evaluate(async () => {
          const db = await new Promise<IDBDatabase>((ok, no) => {
            const r = indexedDB.open('calm-reader');
            r.onsuccess = () => ok(r.result);
            r.onerror = () => no(r.error);
          });
          const names = ['stories', 'chapterSets', 'noteMemory', 'meta'];
          const tx = db.transaction(names, 'readwrite');
          for (const n of names) tx.objectStore(n).clear();
          await new Promise<void>((ok, no) => {
            tx.oncomplete = () => ok();
            tx.onabort = () => no(tx.error);
          });
          db.close();
        });
        backup.importEmptyMs = await timeImport();
      } catch (e) {
        backup.importEmptyError = String(e).split('\n')[0];
      }
    }
    let floor: BackupFloor | undefined;
    let floorError: string | undefined;
    try {
      floor = await withTimeout(backupFloor(lib), 300_000, 'backup floor');
      log(`  floor: read ${floor.stories} stories ${floor.storiesReadMs.toFixed(0)} ms + ${floor.sets} chapter sets (${floor.chapters} chapters) ${floor.setsReadMs.toFixed(0)} ms; write them all ${floor.writeAllMs.toFixed(0)} ms; peer: ${floor.written} chapter records one each ${floor.recordWriteMs.toFixed(0)} ms; position save 30 / 1000 chapters ${floor.positionSave30Ms.toFixed(1)} / ${floor.positionSave1000Ms.toFixed(1)} ms (one record: ${floor.positionSaveRecordMs.toFixed(1)} ms)`);
    } catch (e) {
      floorError = String(e).split('\n')[0];
    }
    log(
      `  export ${backup.exportMs?.toFixed(0) ?? backup.exportError} ms (${(backup.chars / 2 ** 20).toFixed(1)} MB), import ${backup.importMs?.toFixed(0) ?? backup.importError} ms, into an empty library ${backup.importEmptyMs?.toFixed(0) ?? backup.importEmptyError} ms`,
    );
    return {
      stories,
      chapters: stories * chaptersPerStory,
      seedMs: seed.seedMs,
      bytesPerStory: seed.bytes > 0 ? seed.bytes / stories : null,
      popupMs: median(popupTimes),
      popupAsleepMs: median(asleepTimes),
      popupConfirmedMs: median(confirmedTimes),
      popupConfirmedAsleepMs: median(confirmedAsleepTimes),
      libraryMs: median(libraryTimes),
      emptyPageMs: median(emptyTimes),
      emptyPageAsleepMs: median(emptyAsleepTimes),
      libraryFullMs: median(fullTimes),
      keystrokeMs: median(keys),
      keystrokeMaxMs: Math.max(...keys),
      exportMs: backup.exportMs,
      exportChars: backup.chars,
      exportGzip: backup.gzip,
      ...(backup.exportError ? { exportError: backup.exportError } : {}),
      importMs: backup.importMs,
      ...(backup.importError ? { importError: backup.importError } : {}),
      ...(backup.importEmptyMs != null ? { importEmptyMs: backup.importEmptyMs } : {}),
      ...(backup.importEmptyError ? { importEmptyError: backup.importEmptyError } : {}),
      ...(floor ? { backupFloor: floor } : {}),
      ...(floorError ? { backupFloorError: floorError } : {}),
    };
  } finally {
    await s.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

