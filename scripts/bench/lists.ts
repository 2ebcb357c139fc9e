/**
 * Marks on a list page (issue #23), in Chromium with the built extension: a 20-work AO3 tag
 * listing (the real page in ../shared/real-pages, read at run time) opened with 10,000 stories in
 * the library, 20 of them the page's works. Measured in the page from the list content script's
 * own marks: list-start → marked is what marking adds to the page (read the list, one batched
 * library query through the worker, marks drawn). Peer in the same run: the same page's own load
 * (navigation start → load event), so the cost reads as a share of what the page costs anyway.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { launch, type Session } from '../../tests/e2e/harness';
import { NAME_SHIM } from './library';
import { median } from './stats';

const ROOT = resolve(import.meta.dirname ?? '.', '../..');
const PAGE_FILE = join(process.env.CALM_REAL_PAGES ?? join(ROOT, '../shared/real-pages'), 'ao3/ao3js-tag-works-mind-palace.html');
const PAGE_URL = 'https://archiveofourown.org/tags/Mind%20Palace/works';

export interface ListsResult {
  stories: number;
  pageStories: number;
  runs: number;
  /** Median list-start → marked (ms). */
  markMs: number;
  /**
   * Median time on the page's main thread: list-start → list-read (list read, library asked) plus
   * marks-known (every answer in) → marked (answer taken, marks drawn); the wait between is idle.
   */
  mainThreadMs: number;
  /** The slowest run's time on the page's thread (the goal holds for every run, not the median only). */
  mainThreadMaxMs: number;
  /** The fastest run's (least of N: the script's own cost with the least of the machine's other work in it). */
  mainThreadMinMs: number;
  /** Median of the part spent waiting for the library's answer (list-read → marks-known). */
  queryMs: number;
  /** Peer: median navigation start → load event of the same page (ms). */
  pageLoadMs: number;
  marksShown: number;
}

async function seed(s: Session, stories: number, pageIds: string[]): Promise<void> {
  await s.worker.evaluate(
    async ([n, ids]) => {
      const req = <T,>(r: IDBRequest<T>) => new Promise<T>((res, rej) => ((r.onsuccess = () => res(r.result)), (r.onerror = () => rej(r.error))));
      const db = await req(indexedDB.open('calm-reader'));
      const sites = ['ao3', 'ffnet', 'royalroad', 'fimfiction', 'scribblehub', 'spacebattles'];
      const rec = (site: string, id: string, i: number) => ({
        key: `${site}:${id}`, site, storyId: id, title: `Story ${i}`, author: `author_${i % 997}`, summary: null,
        url: `https://example.org/${id}`, chapterCount: 30, words: 90000, status: 'in-progress', tags: ['Slow Burn'],
        followed: i % 10 === 0, readingStatus: i % 7 === 0 ? 'dropped' : null, addedAt: i, lastReadAt: i,
        lastChapterId: 'c', lastChapterIndex: 12, lastChapterUrl: null, lastChapterTitle: null, unread: 18, newCount: i % 5,
      });
      for (let b = 0; b < n; b += 1000) {
        const tx = db.transaction('stories', 'readwrite');
        for (let i = b; i < Math.min(n - ids.length, b + 1000); i++) {
          const site = sites[i % sites.length];
          tx.objectStore('stories').put(rec(site, String(60000000 + i * 7), i));
        }
        await new Promise((res, rej) => ((tx.oncomplete = res), (tx.onerror = () => rej(tx.error))));
      }
      const tx = db.transaction('stories', 'readwrite');
      ids.forEach((id, i) => tx.objectStore('stories').put(rec('ao3', id, i)));
      await new Promise((res, rej) => ((tx.oncomplete = res), (tx.onerror = () => rej(tx.error))));
      db.close();
    },
    [stories, pageIds] as const,
  );
}

/** A browser with the built extension, the listing served, and the library seeded (10,000 stories by default). */
export async function listsSession(log: (s: string) => void, stories = 10_000): Promise<{ s: Session; url: string; pageStories: number; close(): Promise<void> }> {
  if (!existsSync(PAGE_FILE)) throw new Error(`${PAGE_FILE} is missing: the lists bench reads the real AO3 tag listing from ../shared`);
  const html = readFileSync(PAGE_FILE, 'utf8');
  const pageIds = [...html.matchAll(/<li id="work_(\d+)" class="work blurb/g)].map((m) => m[1]);
  const profile = mkdtempSync(join(tmpdir(), 'calm-reader-bench-lists-'));
  // CALM_BENCH_EXTENSION_DIR: another build (an earlier commit's) for a before / after comparison.
  const s = await launch({ pages: new Map([[PAGE_URL, html]]), userDataDir: profile, extensionDir: process.env.CALM_BENCH_EXTENSION_DIR || undefined });
  const close = async () => {
    await s.close();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    // tsx names functions with __name; evaluated code needs it in the worker and the pages.
    await s.context.addInitScript({ content: NAME_SHIM });
    await s.worker.evaluate(NAME_SHIM);
    // Let the extension create its database, then fill it.
    const warm = await s.context.newPage();
    await warm.goto(PAGE_URL);
    await warm.waitForFunction(() => performance.getEntriesByName('calm-reader:marked').length > 0, undefined, { timeout: 60_000 });
    await warm.close();
    await seed(s, stories, pageIds);
    log(`  seeded ${stories} stories (${pageIds.length} of them on the page)`);
    return { s, url: PAGE_URL, pageStories: pageIds.length, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Wait until the list script marked the page and the page loaded. */
export async function waitMarked(page: Page): Promise<void> {
  await page.waitForFunction(
    () => performance.getEntriesByName('calm-reader:marked').length > 0 && (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd > 0,
    undefined,
    { timeout: 60_000 },
  );
}

export async function benchLists(log: (s: string) => void, stories = 10_000, runs = 9): Promise<ListsResult> {
  const { s, url, pageStories, close } = await listsSession(log, stories);
  try {
    const mark: number[] = [];
    const main: number[] = [];
    const query: number[] = [];
    const load: number[] = [];
    let shown = 0;
    for (let r = 0; r < runs; r++) {
      const page = await s.context.newPage();
      await page.goto(url);
      await waitMarked(page);
      const t = await page.evaluate(() => {
        const at = (n: string) => (performance.getEntriesByName(`calm-reader:${n}`)[0] as PerformanceMark).startTime;
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        return { mark: at('marked') - at('list-start'), main: at('list-read') - at('list-start') + (at('marked') - at('marks-known')), query: at('marks-known') - at('list-read'), load: nav.loadEventEnd - nav.startTime };
      });
      shown = await page.locator('[data-calm-reader="mark"]').count();
      mark.push(t.mark);
      main.push(t.main);
      query.push(t.query);
      load.push(t.load);
      await page.close();
    }
    const res = { stories, pageStories, runs, markMs: median(mark), mainThreadMs: median(main), mainThreadMaxMs: Math.max(...main), mainThreadMinMs: Math.min(...main), queryMs: median(query), pageLoadMs: median(load), marksShown: shown };
    log(`  marking: ${res.markMs.toFixed(1)} ms, ${res.mainThreadMs.toFixed(1)} ms of it on the page's thread (runs ${res.mainThreadMinMs.toFixed(1)}–${res.mainThreadMaxMs.toFixed(1)} ms; library query ${res.queryMs.toFixed(1)} ms); page load ${res.pageLoadMs.toFixed(1)} ms; ${shown} marks`);
    return res;
  } finally {
    await close();
  }
}
