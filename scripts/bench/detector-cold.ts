/**
 * Dev tool: the notes detector cold, as the content script runs it before the reader view's first
 * paint (a fresh JS world, interpreted code, regexes compiled on first use), and warm for reference.
 *
 *   npx tsx scripts/bench/detector-cold.ts [--runs=5] [--warm=15] [--only=ao3-10k,…]
 *                                          [--profile] [--interval=25] [--top=40] [--no-minify]
 *                                          [--pipeline] [--impl=new,/path/to/other/checkout]
 *
 * Blocks come from the extension's own extraction in Node (lib/chapter/extract.ts under happy-dom, body
 * blocks only, sanitised). The detector is bundled with esbuild (minified like the extension ships
 * it).
 * Each run opens the bench page (served with context.route, cross-origin isolated so that
 * performance.now() has µs resolution) in a fresh browser context, evaluates the bundle in the
 * main world, and times the first call of detectNotes; then `--warm` more calls (median).
 * --profile: a CPU profile (CDP, sampling every --interval µs) around each cold call, self time by
 * function summed over the runs (build with --no-minify for readable names).
 * --pipeline: what the content script runs between reading the page and its first render, cold:
 * English and every language's stop words registered (as the worker's answer delivers them), the
 * chapter's language, the page's matcher compiled, the detector; `--impl` then names checkouts
 * (`new` = this one) to compare in the same run, alternately.
 */
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { Window } from 'happy-dom';
import { chromium, type Browser } from 'playwright-core';
import { extractChapter } from '../../lib/chapter/extract';
import { LEXICONS, stopwordsByLanguage } from '../../lib/notes/lexicons';
import { isExtractError } from '../../lib/sites/types';
import type { DetectorBlock } from '../../lib/notes/types';
import { benchPages, type BenchPage } from './pages';
import { median } from './stats';

const root = resolve(import.meta.dirname, '../..');
const IMPLS: Record<string, string> = {
  new: resolve(root, 'lib/notes/detector.ts'),
};

const arg = (name: string, dflt: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const flag = (name: string) => process.argv.includes(`--${name}`);
const impls = arg('impl', 'new').split(',');
const runs = Number(arg('runs', '5'));
const warmRuns = Number(arg('warm', '15'));
const only = arg('only', '').split(',').filter(Boolean);
const profile = flag('profile');
const interval = Number(arg('interval', '25'));
const top = Number(arg('top', '40'));
const minify = !flag('no-minify');

const pipeline = flag('pipeline');

/**
 * --pipeline: the content script's part from a read page to the detector's answer, with the English
 * lexicon and the stop words arriving as data (a message's copy), as from the worker.
 */
function pipelineEntry(checkout: string): string {
  const at = (f: string) => JSON.stringify(resolve(checkout, f));
  return `
import { detectNotes } from ${at('lib/notes/detector.ts')};
import { detectLanguage } from ${at('lib/notes/language.ts')};
import { matcherFor, registerLexicon, registerStopwords } from ${at('lib/notes/matchers.ts')};
globalThis.__calmDetect = (blocks, data) => {
  const t0 = performance.now();
  registerLexicon(data.english);
  registerStopwords(data.stopwords);
  const t1 = performance.now();
  const lang = detectLanguage(blocks.map((b) => b.text), 'en');
  const t2 = performance.now();
  const matcher = matcherFor(lang);
  const t3 = performance.now();
  const out = detectNotes(blocks, undefined, { matcher });
  const t4 = performance.now();
  (globalThis.__calmParts ??= []).push({ register: t1 - t0, language: t2 - t1, matcher: t3 - t2, detector: t4 - t3 });
  return out;
};`;
}

/** The detector as an IIFE that sets globalThis.__calmDetect. */
async function bundle(entry: string): Promise<string> {
  const contents = pipeline
    ? pipelineEntry(entry === IMPLS.new ? root : entry)
    : `import { detectNotes } from ${JSON.stringify(entry)}; globalThis.__calmDetect = detectNotes;`;
  const r = await build({
    stdin: { contents, resolveDir: root, loader: 'ts' },
    bundle: true,
    minify,
    format: 'iife',
    target: 'es2022',
    write: false,
  });
  return r.outputFiles[0].text;
}

/** The body blocks the content script hands the detector for this page. */
function bodyBlocks(p: BenchPage): DetectorBlock[] {
  const w = new Window({ url: p.url, settings: { disableJavaScriptEvaluation: true, disableCSSFileLoading: true } });
  w.document.write(p.html);
  const r = extractChapter(w.document as unknown as Document, p.url);
  if (isExtractError(r)) throw new Error(`${p.id}: ${r.error}`);
  return r.blocks.filter((b) => b.source === 'body').map((b) => ({ html: b.html, text: b.text }));
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
}

interface RunResult {
  cold: number;
  /** main-thread CPU time of the cold call (CDP ThreadTime, evaluate overhead subtracted) */
  cpu: number;
  warm: number;
  notes: number;
  /** self ms by function */
  self?: Map<string, number>;
  /** --pipeline: the cold call's parts (ms) */
  parts?: Record<string, number>;
}

async function oneRun(browser: Browser, p: BenchPage, src: string, blocks: DetectorBlock[]): Promise<RunResult> {
  const context = await browser.newContext();
  try {
    await context.route('**/*', (route) =>
      route.request().url() === p.url
        ? route.fulfill({
            status: 200,
            contentType: 'text/html; charset=utf-8',
            headers: { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' },
            body: p.html,
          })
        : route.fulfill({ status: 404, body: '' }),
    );
    const page = await context.newPage();
    await page.goto(p.url, { waitUntil: 'domcontentloaded' });
    await page.evaluate((b) => {
      (globalThis as unknown as { __calmBlocks: unknown }).__calmBlocks = b;
    }, blocks);
    // A fresh copy per call, as each message delivers one (registering is part of the cold cost).
    await page.evaluate((d) => {
      (globalThis as unknown as { __calmData: string }).__calmData = d;
    }, LANG_DATA);
    await page.evaluate(src);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const threadTime = async () =>
      ((await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] }).metrics.find((m) => m.name === 'ThreadTime')!.value * 1000;
    // CPU time of the renderer's main thread around an evaluate that does nothing: the overhead to subtract.
    let t0 = await threadTime();
    await page.evaluate(() => 0);
    const base = (await threadTime()) - t0;
    if (profile) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval });
      await cdp.send('Profiler.start');
    }
    t0 = await threadTime();
    const first = await page.evaluate(() => {
      const g = globalThis as unknown as { __calmDetect: (b: unknown, d: unknown) => { label: string }[]; __calmBlocks: unknown; __calmData: string };
      const data = JSON.parse(g.__calmData);
      const t = performance.now();
      const out = g.__calmDetect(g.__calmBlocks, data);
      const parts = (globalThis as unknown as { __calmParts?: Record<string, number>[] }).__calmParts?.[0];
      return { cold: performance.now() - t, notes: out.filter((d) => d.label === 'note').length, parts };
    });
    const cpu = (await threadTime()) - t0 - base;
    let self: Map<string, number> | undefined;
    if (profile) {
      const { profile: prof } = (await cdp.send('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
      const byId = new Map(prof.nodes.map((n) => [n.id, n]));
      self = new Map();
      for (let i = 0; i < prof.samples.length; i++) {
        const f = byId.get(prof.samples[i])!.callFrame;
        const dt = (prof.timeDeltas[i + 1] ?? 0) / 1000;
        const key = `${f.functionName || '(anon)'} ${f.url ? `:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`;
        self.set(key, (self.get(key) ?? 0) + dt);
      }
    }
    const r = await page.evaluate((warmRuns) => {
      const g = globalThis as unknown as { __calmDetect: (b: unknown, d: unknown) => { label: string }[]; __calmBlocks: unknown; __calmData: string };
      const warm: number[] = [];
      for (let i = 0; i < warmRuns; i++) {
        const data = JSON.parse(g.__calmData);
        const t = performance.now();
        g.__calmDetect(g.__calmBlocks, data);
        warm.push(performance.now() - t);
      }
      return { warm, isolated: crossOriginIsolated };
    }, warmRuns);
    if (!r.isolated) throw new Error('page not cross-origin isolated: coarse timer');
    const res: RunResult = { cold: first.cold, cpu, warm: median(r.warm), notes: first.notes, self, parts: first.parts };
    return res;
  } finally {
    await context.close();
  }
}

const LANG_DATA = JSON.stringify({ english: LEXICONS.en, stopwords: stopwordsByLanguage() });
const pages = benchPages().filter((p) => !only.length || only.includes(p.id));
const srcs = Object.fromEntries(await Promise.all(impls.map(async (k) => [k, await bundle(IMPLS[k] ?? resolve(k))] as const)));
for (const k of impls) console.error(`bundle ${k}: ${(srcs[k].length / 1024).toFixed(1)} KB${minify ? ' minified' : ''}`);
const blocksOf = new Map(pages.map((p) => [p.id, bodyBlocks(p)]));

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
try {
  const rows: string[] = ['| page | blocks | impl | notes | cold median ms | cold runs | cold CPU median ms | warm median ms |', '|---|---|---|---|---|---|---|---|'];
  for (const p of pages) {
    const blocks = blocksOf.get(p.id)!;
    const results: Record<string, RunResult[]> = Object.fromEntries(impls.map((k) => [k, []]));
    // Interleave the implementations so a load spike on the shared machine hits them alike.
    for (let r = 0; r < runs; r++) for (const k of impls) results[k].push(await oneRun(browser, p, srcs[k], blocks));
    for (const k of impls) {
      const rs = results[k];
      const colds = rs.map((x) => x.cold);
      rows.push(
        `| ${p.id} | ${blocks.length} | ${k} | ${rs[0].notes} | ${median(colds).toFixed(2)} | ${colds.map((x) => x.toFixed(2)).join(' ')} | ${median(rs.map((x) => x.cpu)).toFixed(2)} | ${median(rs.map((x) => x.warm)).toFixed(3)} |`,
      );
      console.error(rows[rows.length - 1]);
      if (pipeline && rs[0].parts) {
        const names = Object.keys(rs[0].parts);
        console.log(`${p.id} ${k} cold parts, median ms: ${names.map((n) => `${n} ${median(rs.map((x) => x.parts![n])).toFixed(2)}`).join(', ')}`);
      }
      if (profile) {
        const self = new Map<string, number>();
        for (const x of rs) for (const [key, v] of x.self!) self.set(key, (self.get(key) ?? 0) + v / rs.length);
        const total = [...self.values()].reduce((a, b) => a + b, 0);
        console.log(`\nprofile ${p.id} ${k}: self ms per run (sampled total ${total.toFixed(2)} ms)`);
        for (const [key, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${v.toFixed(3).padStart(8)}  ${key}`);
      }
    }
  }
  console.log(rows.join('\n'));
} finally {
  await browser.close();
}
