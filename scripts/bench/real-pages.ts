/**
 * Real saved chapter pages (../shared/real-pages, read at run time, never copied into the
 * repository; CALM_REAL_PAGES names another folder), each at its real address, side by side:
 * - extension off: the page's own first contentful paint (a browser without the extension);
 * - extension on: when the reader view is ready (calm-reader:ready, the page revealed) and its own
 *   first contentful paint, both after navigation start.
 * Goal (issue #25): the reader view ready no later than the site's own first paint. The pages are
 * served from memory at their addresses (their stylesheets, scripts and images get a 404 in both
 * browsers alike), so the site's paint here is the fastest it could be: a hard peer.
 * Pages: the README's rows whose kind is a chapter, a one-shot or an entire work, on a supported host
 * (the first file of each address). CALM_REAL_EVERY=N measures every Nth of them only (a subset for
 * before/after runs on a busy machine).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { hostPermissions } from '../../lib/sites/registry';
import { chromiumPath, launch, ROOT, stripHash } from '../../tests/e2e/harness';
import { median } from './stats';

export interface RealPageRow {
  file: string;
  url: string;
  /** The site's own first contentful paint, extension off (median ms after navigation start). */
  offFcpMs: number;
  /** Extension on: reader view ready (page revealed with the view), median ms after navigation start. */
  readyMs: number;
  /** Extension on: first contentful paint (the reader view's), median ms after navigation start. */
  onFcpMs: number;
  /** Why the page was revealed, per run (ready = the reader view). */
  revealedBy: string[];
}

export const REAL_DIR = process.env.CALM_REAL_PAGES ?? join(ROOT, '../shared/real-pages');

/** The chapter pages the README lists: file, address. */
export function realChapterPages(dir = REAL_DIR): { file: string; url: string }[] {
  if (!existsSync(join(dir, 'README.md'))) return [];
  const hosts = new Set(hostPermissions().map((p) => /^https?:\/\/([^/]+)\//.exec(p)?.[1]));
  const out: { file: string; url: string }[] = [];
  for (const line of readFileSync(join(dir, 'README.md'), 'utf8').split('\n')) {
    const m = /^\| `([^`]+\.html)` \([^)]*\) \| [^|]* \| (https?:\/\/\S+) \| ([^|]*) \|/.exec(line);
    if (!m) continue;
    const [, file, url, kind] = m;
    if (!/chapter|one-shot|entire work/i.test(kind) || /listing|restricted|404|interstitial|challenge|login|index/i.test(kind)) continue;
    if (!hosts.has(new URL(url).hostname) || !existsSync(join(dir, file))) continue;
    // One page per address (a few files are the same chapter saved at different times).
    if (!out.some((p) => p.url === stripHash(url))) out.push({ file, url: stripHash(url) });
  }
  return out;
}

const fcp = (page: Page) =>
  page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0, undefined, { timeout: 20_000, polling: 20 }).then((h) => h.jsonValue() as Promise<number>);

export async function benchRealPages(runs: number, log: (s: string) => void): Promise<RealPageRow[]> {
  const every = Math.max(1, Number(process.env.CALM_REAL_EVERY ?? 1) || 1);
  const list = realChapterPages().filter((_, i) => i % every === 0);
  if (!list.length) {
    log(`  no real pages at ${REAL_DIR}: skipped`);
    return [];
  }
  const pages = new Map(list.map((p) => [p.url, readFileSync(join(REAL_DIR, p.file), 'utf8')]));
  // CALM_BENCH_EXTENSION_DIR: another build (an earlier commit's) for a before / after comparison.
  const on = await launch({ pages, extensionDir: process.env.CALM_BENCH_EXTENSION_DIR || undefined });
  const offBrowser = await chromium.launch({ executablePath: chromiumPath(), args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic'] });
  const off = await offBrowser.newContext({ viewport: { width: 1200, height: 900 } });
  await off.route(/^https?:\/\//, async (route) => {
    const html = pages.get(stripHash(route.request().url()));
    if (html === undefined) return route.fulfill({ status: 404, contentType: 'text/html', body: '<!doctype html><title>Not found</title><h1>Not found</h1>' });
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
  });
  const rows: RealPageRow[] = [];
  try {
    for (const p of list) {
      const offFcp: number[] = [];
      const ready: number[] = [];
      const onFcp: number[] = [];
      const revealedBy: string[] = [];
      // One warm-up open each (first compile of the content script, first worker answer), then runs.
      for (let i = -1; i < runs; i++) {
        const a = await off.newPage();
        await a.goto(p.url);
        const offMs = await fcp(a);
        await a.close();
        const b = await on.context.newPage();
        await b.goto(p.url);
        await b.waitForFunction(() => performance.getEntriesByName('calm-reader:revealed').length > 0, undefined, { timeout: 20_000, polling: 20 });
        const onMs = await fcp(b);
        const m = await b.evaluate(() => {
          const r = performance.getEntriesByName('calm-reader:revealed')[0] as PerformanceMark;
          return { revealed: r.startTime, reason: String(r.detail ?? '?'), ready: performance.getEntriesByName('calm-reader:ready')[0]?.startTime ?? null };
        });
        await b.close();
        if (i < 0) continue;
        offFcp.push(offMs);
        onFcp.push(onMs);
        ready.push(m.ready ?? m.revealed);
        revealedBy.push(m.reason);
      }
      const row: RealPageRow = { file: p.file, url: p.url, offFcpMs: median(offFcp), readyMs: median(ready), onFcpMs: median(onFcp), revealedBy };
      rows.push(row);
      log(`  ${p.file}: site's own first paint ${row.offFcpMs.toFixed(0)} ms; reader view ready ${row.readyMs.toFixed(0)} ms, its first paint ${row.onFcpMs.toFixed(0)} ms (${revealedBy.join(',')})`);
    }
  } finally {
    await on.close();
    await offBrowser.close();
  }
  return rows;
}
