/**
 * Chromium sections: the built extension loaded into headless Chromium (tests/e2e/harness.ts),
 * synthetic pages served at the real sites' URLs.
 * - reader: DOMContentLoaded -> reader view painted with the saved position restored, and the
 *   extraction + notes detection time, from the content script's performance marks (the page's
 *   wall time: reading the page, then the notes detector's round trip to the worker, from sending
 *   the blocks to the decisions applied; the worker's own detect time apart); peer: Readability
 *   parsing the same document in the same page (what Firefox Reader View runs). Each page also as
 *   its own row with the worker stopped before every navigation (woken by the page).
 * - flash: every rendering opportunity while the page loads, sampled in the page's main world
 *   (requestAnimationFrame from a document-start init script) plus screencast frames checked for the
 *   host layout's marker colour; goal: zero frames with the host layout visible.
 * - scroll: a minute-equivalent of continuous scrolling; position writes and long tasks.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { launch, READER_HOST, readStore, type Session } from '../../tests/e2e/harness';
import { stopWorker } from './library';
import { HOST_MARK, type BenchPage } from './pages';
import { median } from './stats';

const require = createRequire(import.meta.url);
const READABILITY_SRC = readFileSync(require.resolve('@mozilla/readability/Readability.js'), 'utf8');
/** Defines window.__CalmReadability in the page's main world. */
const READABILITY_SCRIPT = `(function(){var module={exports:{}};${READABILITY_SRC}\n;window.__CalmReadability=module.exports.Readability||module.exports||Readability;})();`;

export interface ReaderRow {
  page: string;
  words: number;
  /** DOMContentLoaded -> reader painted with position restored (median ms). */
  readyMs: number;
  /**
   * Reading the page (adapter + sanitiser) + the notes detector's round trip to the worker (send ->
   * answer -> decisions applied), the page's wall time (median ms; the two phases' marks summed).
   */
  extractMs: number;
  /** The worker's own time detecting the page's notes (median ms; null when it never answered in time). */
  workerDetectMs: number | null;
  /** The worker was stopped before each navigation (woken by the page's first message). */
  coldWorker?: boolean;
  /**
   * The view's own part: from the chapter read and its notes decided (detect-end, else extract-end)
   * to the painted mark (median ms): controller, first render, position restore, the frame.
   */
  viewMs?: number;
  /** DOMContentLoaded -> the page's first contentful paint, which is the reader view's (the page is hidden until then; median ms). */
  fcpMs?: number;
  /** Readability.parse on a clone of the same document, same page (median ms). */
  readabilityMs: number;
  /** readability / extract */
  ratio: number;
  /** outerHTML + textContent of every block element, nothing else (median ms): see floorInPage. */
  floorMs: number;
  /** was the saved position restored (reader scrolled on arrival)? */
  restored: boolean;
  /** what showed the page in each run: 'ready', or 'timeout' when the safety timeout came first */
  revealedBy: string[];
}

export interface Marks {
  dcl: number;
  start: number | null;
  contentReady: number | null;
  extract: number | null;
  workerDetect: number | null;
  /** The chapter known: detect-end, else extract-end. */
  chapter: number | null;
  session: number | null;
  visited: number | null;
  ready: number | null;
  painted: number | null;
  /** first-contentful-paint (the view's: the page is hidden until the view is ready). */
  fcp: number | null;
  revealed: string | null;
  scrollTop: number;
}

export function readMarks(page: Page): Promise<Marks> {
  return page.evaluate((host) => {
    const get = (n: string) => performance.getEntriesByName(`calm-reader:${n}`)[0] as PerformanceMark | undefined;
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const es = get('extract-start');
    const ee = get('extract-end');
    // The notes detector's round trip to the worker: its own marks, timed apart.
    const ds = get('detect-start');
    const de = get('detect-end');
    const view = document.querySelector(host)?.shadowRoot?.querySelector('[data-testid=reader-view]');
    return {
      dcl: nav.domContentLoadedEventStart,
      start: get('start')?.startTime ?? null,
      contentReady: get('content-ready')?.startTime ?? null,
      extract: es && ee ? ee.startTime - es.startTime + (ds && de ? de.startTime - ds.startTime : 0) : null,
      workerDetect: (get('worker-detect')?.detail as number | undefined) ?? null,
      chapter: (de ?? ee)?.startTime ?? null,
      session: get('session')?.startTime ?? null,
      visited: get('visited')?.startTime ?? null,
      ready: get('ready')?.startTime ?? null,
      painted: get('painted')?.startTime ?? null,
      fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
      revealed: (get('revealed')?.detail as string | undefined) ?? null,
      scrollTop: view ? view.scrollTop : -1,
    };
  }, READER_HOST);
}

export async function waitMark(page: Page, name: string, timeout = 20_000): Promise<void> {
  await page.waitForFunction((n) => performance.getEntriesByName(`calm-reader:${n}`).length > 0, name, {
    timeout,
    polling: 20,
  });
}

/** Readability in the page's main world on a clone of the document (Firefox also parses a clone). */
async function readabilityInPage(page: Page): Promise<{ ms: number; chars: number }> {
  const has = await page.evaluate(() => '__CalmReadability' in window);
  if (!has) await page.evaluate(READABILITY_SCRIPT);
  return page.evaluate(() => {
    const clone = document.cloneNode(true) as Document;
    clone.getElementById('calm-reader-root')?.remove();
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const R = (window as any).__CalmReadability;
    const t0 = performance.now();
    const art = new R(clone).parse();
    return { ms: performance.now() - t0, chars: art?.length ?? 0 };
  });
}

/**
 * The floor of any extractor that reads the chapter paragraph by paragraph: a loop that does nothing
 * but take each block element's outerHTML and textContent, in a freshly evaluated script of the same
 * page (no adapter, no sanitiser, no detector). Readability / floor is the most any such extractor
 * can be faster than Readability on this page.
 */
async function floorInPage(page: Page): Promise<number> {
  return page.evaluate(`(() => {
    const t0 = performance.now();
    const out = [];
    for (const el of document.querySelectorAll('#chapters .userstuff > *, #storytext > *')) out.push(el.outerHTML, el.textContent);
    return performance.now() - t0;
  })()`) as Promise<number>;
}

/** Scroll the reader to ~60% and wait until the position is in the library. */
export async function seedPosition(s: Session, page: Page, url: string): Promise<void> {
  await page.evaluate((host) => {
    const view = document.querySelector(host)!.shadowRoot!.querySelector<HTMLElement>('[data-testid=reader-view]')!;
    view.scrollTop = view.scrollHeight * 0.6;
  }, READER_HOST);
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    await page.waitForTimeout(250);
    // Schema v5: chapter sets, rows [chapterId, index, title, url, firstReadAt, lastReadAt, blockIndex, …].
    const sets = await readStore<{ rows: unknown[][] }>(s, 'chapterSets').catch(() => []);
    const hit = sets.some((set) => set.rows.some((r) => String(r[3]).includes(url.split('?')[0]) && Number(r[6] ?? 0) > 0));
    if (hit) return;
  }
}

/** tsx (esbuild keepNames) wraps named functions in __name(); functions sent to pages need it defined. */
const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((f) => f);';

export async function launchBench(pages: BenchPage[]): Promise<Session> {
  // CALM_BENCH_EXTENSION_DIR: another build (an earlier commit's) for a before / after comparison.
  const s = await launch({ pages: new Map(pages.map((p) => [p.url, p.html])), extensionDir: process.env.CALM_BENCH_EXTENSION_DIR || undefined });
  await s.context.addInitScript({ content: NAME_SHIM });
  return s;
}

export async function benchReader(pages: BenchPage[], runs: number, log: (s: string) => void): Promise<ReaderRow[]> {
  const s = await launchBench(pages);
  const rows: ReaderRow[] = [];
  try {
    for (const p of pages) {
      const page = await s.context.newPage();
      await page.goto(p.url);
      await waitMark(page, 'painted');
      await seedPosition(s, page, p.url);
      for (const cold of [false, true]) {
        const ready: number[] = [];
        const extract: number[] = [];
        const worker: number[] = [];
        const view: number[] = [];
        const fcp: number[] = [];
        const readability: number[] = [];
        const floor: number[] = [];
        let restored = true;
        const revealedBy: string[] = [];
        for (let i = 0; i < runs; i++) {
          // The worker just woken: stopped now, started again by the page's document_start messages.
          if (cold) await stopWorker(s, page);
          await page.goto(p.url);
          await waitMark(page, 'painted');
          const m = await readMarks(page);
          if (process.env.BENCH_DEBUG) log(`    ${JSON.stringify(m)}`);
          if (m.painted === null || m.extract === null) throw new Error(`${p.id}: no marks ${JSON.stringify(m)}`);
          ready.push(m.painted - m.dcl);
          extract.push(m.extract);
          if (m.workerDetect !== null) worker.push(m.workerDetect);
          if (m.chapter !== null) view.push(m.painted - m.chapter);
          if (m.fcp !== null) fcp.push(m.fcp - m.dcl);
          restored &&= m.scrollTop > 0;
          revealedBy.push(m.revealed ?? '?');
          readability.push((await readabilityInPage(page)).ms);
          floor.push(await floorInPage(page));
        }
        const row: ReaderRow = {
          page: cold ? `${p.id} (worker woken)` : p.id,
          words: p.words,
          readyMs: median(ready),
          extractMs: median(extract),
          workerDetectMs: worker.length ? median(worker) : null,
          ...(cold ? { coldWorker: true } : {}),
          ...(view.length ? { viewMs: median(view) } : {}),
          ...(fcp.length ? { fcpMs: median(fcp) } : {}),
          readabilityMs: median(readability),
          ratio: median(readability) / median(extract),
          floorMs: median(floor),
          restored,
          revealedBy,
        };
        log(
          `  ${row.page}: ready ${row.readyMs.toFixed(1)} ms, extract+notes ${row.extractMs.toFixed(1)} ms (worker detect ${row.workerDetectMs?.toFixed(1) ?? '—'} ms), Readability ${row.readabilityMs.toFixed(1)} ms (x${row.ratio.toFixed(1)})`,
        );
        rows.push(row);
      }
      await page.close();
    }
  } finally {
    await s.close();
  }
  return rows;
}

export interface FlashRow {
  page: string;
  /** rendering opportunities sampled while loading */
  frames: number;
  /** frames in which the host layout could be seen (page not hidden and reader not covering it) */
  hostFrames: number;
  /** screencast frames captured / showing the host's marker colour */
  screenFrames: number;
  screenHostFrames: number;
  revealed: string | null;
}

/** Init script (main world, document start): sample every frame until the reader view is up. */
const FRAME_PROBE = `(() => {
  const frames = [];
  window.__calmFrames = frames;
  const tick = () => {
    const html = document.documentElement;
    const host = document.getElementById('calm-reader-root');
    const htmlHidden = !!html && getComputedStyle(html).visibility === 'hidden';
    const readerOn = !!host && host.getAttribute('data-state') === 'reader' && getComputedStyle(host).visibility === 'visible';
    const hasLayout = !!document.body && document.body.childElementCount > 0;
    frames.push({ t: performance.now(), htmlHidden, readerOn, hasLayout });
    if (frames.length < 2000 && performance.now() < 15000) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();`;

export async function benchFlash(pages: BenchPage[], log: (s: string) => void): Promise<FlashRow[]> {
  const s = await launchBench(pages);
  const rows: FlashRow[] = [];
  try {
    await s.context.addInitScript({ content: FRAME_PROBE });
    const checker = await s.context.newPage();
    for (const p of pages) {
      const page = await s.context.newPage();
      const cdp = await s.context.newCDPSession(page);
      const shots: string[] = [];
      cdp.on('Page.screencastFrame', (f: { data: string; sessionId: number }) => {
        shots.push(f.data);
        cdp.send('Page.screencastFrameAck', { sessionId: f.sessionId }).catch(() => undefined);
      });
      await cdp.send('Page.startScreencast', { format: 'png', everyNthFrame: 1, maxWidth: 600, maxHeight: 450 });
      await page.goto(p.url);
      await waitMark(page, 'painted');
      await page.waitForTimeout(300);
      await cdp.send('Page.stopScreencast').catch(() => undefined);
      const frames = (await page.evaluate(() => (window as unknown as { __calmFrames: unknown[] }).__calmFrames)) as Array<{
        htmlHidden: boolean;
        readerOn: boolean;
        hasLayout: boolean;
      }>;
      const m = await readMarks(page);
      const hostFrames = frames.filter((f) => f.hasLayout && !f.htmlHidden && !f.readerOn).length;
      let screenHostFrames = 0;
      for (const data of shots) {
        const share = await checker.evaluate(
          async ([d, mark]) => {
            const img = new Image();
            img.src = `data:image/png;base64,${d}`;
            await img.decode();
            const c = document.createElement('canvas');
            c.width = img.width;
            c.height = img.height;
            const g = c.getContext('2d')!;
            g.drawImage(img, 0, 0);
            const px = g.getImageData(0, 0, c.width, c.height).data;
            let hit = 0;
            for (let i = 0; i < px.length; i += 4) {
              if (Math.abs(px[i] - mark.r) < 16 && Math.abs(px[i + 1] - mark.g) < 16 && Math.abs(px[i + 2] - mark.b) < 16) hit++;
            }
            return hit / (px.length / 4);
          },
          [data, HOST_MARK] as const,
        );
        if (share > 0.005) screenHostFrames++;
      }
      const row: FlashRow = { page: p.id, frames: frames.length, hostFrames, screenFrames: shots.length, screenHostFrames, revealed: m.revealed };
      log(`  ${p.id}: ${hostFrames}/${frames.length} sampled frames and ${screenHostFrames}/${shots.length} screencast frames showed the host layout (revealed: ${m.revealed})`);
      rows.push(row);
      await cdp.detach().catch(() => undefined);
      await page.close();
    }
  } finally {
    await s.close();
  }
  return rows;
}

export interface ScrollResult {
  page: string;
  seconds: number;
  scrollEvents: number;
  /** 'position/save' messages reaching the background worker, per minute of scrolling */
  writesPerMinute: number;
  longTasks: number;
  longestTaskMs: number;
}

/** Long-task observer in the page's main world (long tasks of the whole event loop, content script included). */
const LONGTASK_PROBE = `(() => {
  window.__calmLong = [];
  try {
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__calmLong.push(e.duration); })
      .observe({ type: 'longtask', buffered: false });
  } catch {}
})();`;

/**
 * Continuous wheel scrolling in the reader view for `seconds`, with real input events.
 * Counts the position writes the background receives and the long tasks during the scrolling only.
 */
export async function benchScroll(p: BenchPage, seconds: number, log: (s: string) => void): Promise<ScrollResult> {
  const s = await launchBench([p]);
  try {
    await s.context.addInitScript({ content: LONGTASK_PROBE });
    await s.worker.evaluate(() => {
      const g = globalThis as unknown as { __calmWrites: number; chrome: { runtime: { onMessage: { addListener(f: (m: unknown) => void): void } } } };
      g.__calmWrites = 0;
      g.chrome.runtime.onMessage.addListener((m: unknown) => {
        if (m && typeof m === 'object' && (m as { type?: string }).type === 'position/save') g.__calmWrites++;
      });
    });
    const page = await s.context.newPage();
    await page.goto(p.url);
    await waitMark(page, 'painted');
    await page.waitForTimeout(1000);
    await page.evaluate((host) => {
      const w = window as unknown as { __calmLong: number[]; __calmScrolls: number };
      w.__calmLong.length = 0;
      w.__calmScrolls = 0;
      const view = document.querySelector(host)!.shadowRoot!.querySelector('[data-testid=reader-view]')!;
      view.addEventListener('scroll', () => w.__calmScrolls++, { passive: true });
    }, READER_HOST);
    const before = await s.worker.evaluate(() => (globalThis as unknown as { __calmWrites: number }).__calmWrites);
    await page.mouse.move(600, 450);
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      await page.mouse.wheel(0, 120);
      await page.waitForTimeout(16);
    }
    const after = await s.worker.evaluate(() => (globalThis as unknown as { __calmWrites: number }).__calmWrites);
    const { long, scrolls } = await page.evaluate(() => {
      const w = window as unknown as { __calmLong: number[]; __calmScrolls: number };
      return { long: [...w.__calmLong], scrolls: w.__calmScrolls };
    });
    const r: ScrollResult = {
      page: p.id,
      seconds,
      scrollEvents: scrolls,
      writesPerMinute: ((after - before) * 60) / seconds,
      longTasks: long.length,
      longestTaskMs: long.length ? Math.max(...long) : 0,
    };
    log(`  ${p.id}: ${scrolls} scroll events in ${seconds} s, ${after - before} position writes (${r.writesPerMinute.toFixed(1)}/min), ${long.length} long tasks (longest ${r.longestTaskMs.toFixed(0)} ms)`);
    return r;
  } finally {
    await s.close();
  }
}
