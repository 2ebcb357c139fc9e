/**
 * `npm run bench` — measures Calm Reader where readers feel it and prints a table.
 *   --json            print one machine-readable object (same figures) instead of the table
 *   --only=a,b        sections: node, notes, reader, flash, scroll, bundle, library, lists, updates, webdav, real, wake
 *   --runs=N          repetitions per page (default 3; medians are reported)
 *   --no-backup       the library section without export / import (minutes at 10,000 stories)
 *   --table-from=F    print the table of a saved --json result
 * Needs a build (`npx wxt build`) for the Chromium sections. Peers run in the same process/page,
 * so compare ratios, not absolute times (the machine is shared and noisy).
 */
// First: the site constants the bundler defines, for lib/ code run here directly (lib/sites/hosts.ts).
import './site-globals';
import { cpus, loadavg, totalmem } from 'node:os';
import { resolve } from 'node:path';
import { benchFlash, benchReader, benchScroll, type FlashRow, type ReaderRow, type ScrollResult } from './browser';
import { bundleSizes, contentScriptComposition, largestContentScript, type BundleRow, type ModuleShare } from './bundle';
import { benchLibrary, type LibraryResult } from './library';
import { benchLists, type ListsResult } from './lists';
import { benchNotesQuality, type NotesQuality } from './notes-quality';
import { benchNode, type NodeRow } from './node-extract';
import { benchPages } from './pages';
import { benchRealPages, type RealPageRow } from './real-pages';
import { benchWake, type WakeRow } from './wake';
import { linearFit } from './stats';
import { withTimeout } from './timeout';
import { benchUpdates, type UpdatesResult } from './updates';
import { benchWebDav, type WebDavResult } from './webdav';

const ROOT = resolve(import.meta.dirname ?? '.', '../..');
const args = process.argv.slice(2);
const json = args.includes('--json');
const only = args.find((a) => a.startsWith('--only='))?.slice(7).split(',');
const runs = Number(args.find((a) => a.startsWith('--runs='))?.slice(7) ?? 3);
const want = (s: string) => !only || only.includes(s);
const log = (s: string) => {
  if (!json) console.log(s);
  else process.stderr.write(`${s}\n`);
};

/** The longest a section may take (the library section takes 3–5 minutes here, its first run 3 more). */
const SECTION_MINUTES = 15;

const GOALS = {
  extractVsReadability: 10,
  ready300kMs: 150,
  hostFrames: 0,
  longTasks: 0,
  contentScriptGzipKB: 40,
  popupMs: 100,
  libraryMs: 200,
  listMarkMs: 10,
  keystrokeMs: 16,
  notesRecall: 0.9,
  notesPrecision: 0.97,
  notesClean: 0.99,
};

interface Results {
  machine: Record<string, unknown>;
  goals: typeof GOALS;
  node?: NodeRow[];
  reader?: ReaderRow[];
  readerLinearity?: { msPer100kWords: number; r2: number };
  flash?: FlashRow[];
  scroll?: ScrollResult;
  /** contentScript: the largest per-site content script (a chapter page loads exactly one); contentScriptModules: its composition. */
  bundle?: { rows: BundleRow[]; contentScript?: string; contentScriptModules: ModuleShare[] };
  library?: LibraryResult;
  lists?: ListsResult;
  updates?: UpdatesResult;
  webdav?: WebDavResult;
  notes?: NotesQuality;
  /** Real saved chapter pages: the reader view ready vs the site's own first paint (extension off). */
  real?: RealPageRow[];
  /** The worker's busy time in the sync scheduler's start-up check after each wake, and a full pass (peer), by size. */
  wake?: WakeRow[];
  errors: Record<string, string>;
  seconds: number;
}

/** The backup's floor peers (scripts/bench/backup-floor.ts): what IndexedDB alone costs, in the same page and run. */
function backupFloorRows(l: LibraryResult): [string, string, string][] {
  if (l.backupFloorError) return [['floor: IndexedDB alone', `failed: ${l.backupFloorError}`, '']];
  const f = l.backupFloor;
  if (!f) return [];
  const perRecord = f.recordWriteMs / f.written;
  const readMs = f.storiesReadMs + f.setsReadMs;
  return [
    [`floor: read every story and chapter set (${f.stories} + ${f.sets} records, ${f.chapters} chapters; one getAll each)`, `${f1(f.storiesReadMs)} + ${f1(f.setsReadMs)} ms`, l.exportMs ? `export ${f1(l.exportMs / readMs)}x` : ''],
    [`floor: write them all again (1,000 records per transaction)`, `${f1(f.writeAllMs)} ms`, l.importEmptyMs ? `import into an empty library ${f1(l.importEmptyMs / f.writeAllMs)}x` : ''],
    [`peer, the layout before v5: write ${f.written} chapter records (one each, 5,000 per transaction)`, `${f1(f.recordWriteMs)} ms`, `${f.chapters + f.stories} records: ~${f1((perRecord * (f.chapters + f.stories)) / 1000)} s`],
    ['position save (get + put of the story\'s chapter set; median of 15): 30 / 1,000 chapters', `${f1(f.positionSave30Ms)} / ${f1(f.positionSave1000Ms)} ms`, `peer, one chapter record (v4): ${f1(f.positionSaveRecordMs)} ms`],
  ];
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : '—');
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const ok = (b: boolean) => (b ? 'met' : 'MISSED');

function table(title: string, head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i])).join(' | ')} |`;
  return [`\n${title}`, line(head), `|${w.map((n) => '-'.repeat(n + 2)).join('|')}|`, ...cells.slice(1).map(line)].join('\n');
}

async function main() {
  const t0 = Date.now();
  const pages = benchPages();
  const res: Results = {
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model,
      memGB: Math.round(totalmem() / 2 ** 30),
      loadavg1m: loadavg()[0],
      node: process.version,
      platform: process.platform,
    },
    goals: GOALS,
    errors: {},
    seconds: 0,
  };
  const section = async (name: string, fn: () => Promise<void> | void) => {
    if (!want(name)) return;
    log(`[${name}]`);
    // A section that hangs (a browser that stops answering) is reported and the others still run.
    try {
      await withTimeout(Promise.resolve().then(fn), SECTION_MINUTES * 60_000, `no result within ${SECTION_MINUTES} minutes`);
    } catch (e) {
      res.errors[name] = e instanceof Error ? e.message : String(e);
      log(`  failed: ${res.errors[name]}`);
    }
  };

  await section('bundle', async () => {
    const rows = bundleSizes(ROOT);
    const largest = largestContentScript(rows)?.contentScript;
    res.bundle = { rows, contentScript: largest, contentScriptModules: await contentScriptComposition(ROOT, largest) };
  });
  await section('node', () => {
    res.node = benchNode(pages, runs, log);
  });
  await section('notes', () => {
    res.notes = benchNotesQuality(log);
  });
  await section('reader', async () => {
    res.reader = await benchReader(pages, runs, log);
    const ao3 = res.reader.filter((r) => r.page.startsWith('ao3') && !r.coldWorker);
    const fit = linearFit(ao3.map((r) => r.words), ao3.map((r) => r.readyMs));
    res.readerLinearity = { msPer100kWords: fit.slope * 100_000, r2: fit.r2 };
  });
  await section('flash', async () => {
    res.flash = await benchFlash(pages, log);
  });
  await section('scroll', async () => {
    res.scroll = await benchScroll(pages.find((p) => p.id === 'ao3-100k')!, 20, log);
  });
  await section('lists', async () => {
    res.lists = await benchLists(log);
  });
  await section('library', async () => {
    res.library = await benchLibrary(log, undefined, undefined, undefined, !args.includes('--no-backup'));
  });
  await section('updates', async () => {
    res.updates = await benchUpdates(1000, log);
  });
  await section('webdav', async () => {
    res.webdav = await benchWebDav(log);
  });
  await section('real', async () => {
    res.real = await benchRealPages(runs, log);
  });
  await section('wake', async () => {
    res.wake = await benchWake(log);
  });
  res.machine.loadavgEnd = loadavg()[0];
  res.seconds = Math.round((Date.now() - t0) / 1000);

  if (json) {
    console.log(JSON.stringify(res, null, 2));
    return;
  }
  console.log(render(res));
}

/** The table for a result object (also: `npm run bench -- --table-from=results.json`). */
function render(res: Results): string {
  const out: string[] = [];
  out.push(`Machine: ${res.machine.cpus} × ${res.machine.cpu}, ${res.machine.memGB} GB, Node ${res.machine.node}, load ${f1(Number(res.machine.loadavg1m))} → ${f1(Number(res.machine.loadavgEnd))}`);
  if (res.node) {
    out.push(table('Extraction vs Readability, Node (happy-dom), median ms', ['page', 'words', 'extract+notes', 'Readability', 'ratio', `goal ≥${GOALS.extractVsReadability}x`, 'detector alone', 'goal <50 ms', 'worker request (lang + detector + edges)'],
      res.node.map((r) => [r.page, r.words, f1(r.extractMs), f1(r.readabilityMs), `${r.ratio.toFixed(2)}x`, ok(r.ratio >= GOALS.extractVsReadability), f1(r.detectMs), ok(r.detectMs < 50), r.workerMs == null ? '—' : f1(r.workerMs)])));
  }
  if (res.notes) {
    const pct = (x: number) => x.toFixed(3);
    const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
    out.push(
      table('Notes detector quality (chapters it was not fitted on, except the fitted-on row)', ['set', 'chapters', 'notes', 'recall', `goal ≥${GOALS.notesRecall}`, 'precision', `goal ≥${GOALS.notesPrecision}`, 'no story hidden', `goal ≥${GOALS.notesClean}`, 'recall top / bottom / middle / whole'],
        res.notes.sets.map((x) => [x.name, String(x.figures.chapters), String(x.figures.tp + x.figures.fn), pct(x.figures.recall), met(x.figures.recall >= GOALS.notesRecall), pct(x.figures.precision), met(x.figures.precision >= GOALS.notesPrecision), pct(x.figures.noStoryHiddenRate), met(x.figures.noStoryHiddenRate >= GOALS.notesClean),
          (['top', 'bottom', 'middle', 'whole'] as const).map((p) => `${pct(x.byPosition[p].recall)} (${x.byPosition[p].notes})`).join(' / ')])),
    );
    out.push(table('Notes detector by language (hand-written chapters)', ['language', 'chapters', 'recall', 'precision', 'no story hidden'],
      Object.entries(res.notes.byLanguage).map(([l, f]) => [l, String(f.chapters), pct(f.recall), pct(f.precision), pct(f.noStoryHiddenRate)])));
  }
  if (res.reader) {
    out.push(table('Reader view in Chromium, median ms', ['page', 'words', 'DCL→ready (pos. restored)', 'DCL→first paint', 'view: notes known→ready', 'extract+notes (page wall time)', 'worker detect', 'Readability', 'ratio', `goal ≥${GOALS.extractVsReadability}x`, 'floor', 'Readability/floor', 'restored', 'shown by'],
      res.reader.map((r) => [r.page, r.words, f1(r.readyMs), f1(r.fcpMs ?? NaN), f1(r.viewMs ?? NaN), f1(r.extractMs), r.workerDetectMs == null ? '—' : f1(r.workerDetectMs), f1(r.readabilityMs), `${r.ratio.toFixed(2)}x`, ok(r.ratio >= GOALS.extractVsReadability), f1(r.floorMs ?? NaN), `${((r.readabilityMs / (r.floorMs ?? NaN)) || 0).toFixed(1)}x`, r.restored ? 'yes' : 'no', (r.revealedBy ?? []).join(',')])));
    out.push('floor: outerHTML + textContent of each block element and nothing else; Readability/floor is the most any paragraph-by-paragraph extractor can gain over Readability on that page.');
    out.push("extract+notes: the page's wall time from reading the page to the notes decisions applied (adapter + sanitiser, then the round trip to the worker's detector); worker detect: the worker's own part of it; \"(worker woken)\": the worker stopped before each navigation.");
    const big = res.reader.find((r) => r.page === 'ao3-300k');
    if (big) out.push(`300k-word page ready: ${f1(big.readyMs)} ms (goal < ${GOALS.ready300kMs} ms: ${ok(big.readyMs < GOALS.ready300kMs)})`);
    if (res.readerLinearity) out.push(`AO3 ready time vs words: ${f1(res.readerLinearity.msPer100kWords)} ms per 100k words, R² ${res.readerLinearity.r2.toFixed(3)}`);
  }
  if (res.flash) {
    out.push(table('Flash of the host page while loading (goal 0)', ['page', 'frames sampled', 'host visible', 'screencast frames', 'host visible', 'revealed by'],
      res.flash.map((r) => [r.page, r.frames, r.hostFrames, r.screenFrames, r.screenHostFrames, r.revealed ?? '—'])));
  }
  if (res.scroll) {
    const s = res.scroll;
    out.push(table(`Scrolling ${s.page} for ${s.seconds} s`, ['scroll events', 'position writes / min', 'long tasks (>50 ms)', 'longest'],
      [[s.scrollEvents, f1(s.writesPerMinute), s.longTasks, `${f1(s.longestTaskMs)} ms`]]));
  }
  if (res.bundle) {
    out.push(table('Bundle sizes (.output/chrome-mv3)', ['bundle', 'raw', 'gzip'], res.bundle.rows.map((r) => [r.name, kb(r.bytes), kb(r.gzip)])));
    const scripts = res.bundle.rows.filter((r) => r.contentScript);
    // Older saved results (--table-from) have one row named "content script" and no contentScript field.
    const cs = largestContentScript(res.bundle.rows) ?? res.bundle.rows.find((r) => r.name.startsWith('content script'));
    if (cs) {
      const smallest = scripts.length > 1 ? Math.min(...scripts.map((r) => r.gzip)) : cs.gzip;
      out.push(
        `content script a chapter page loads: ${scripts.length > 1 ? `one per site file, the largest (${cs.contentScript}) ` : ''}` +
          `gzip ${kb(cs.gzip)} (goal < ${GOALS.contentScriptGzipKB} KB: ${ok(cs.gzip < GOALS.contentScriptGzipKB * 1024)})` +
          (scripts.length > 1 ? `; the ${scripts.length} scripts weigh ${kb(smallest)}–${kb(cs.gzip)}` : ''),
      );
    }
    out.push(`${cs?.contentScript ?? 'content script'} by origin (minified): ${res.bundle.contentScriptModules.slice(0, 9).map((m) => `${m.group} ${kb(m.bytes)}`).join(', ')}`);
  }
  if (res.real?.length) {
    const never = res.real.filter((r) => r.readyMs <= r.offFcpMs).length;
    out.push(table('Real saved pages: reader view ready vs the site\'s own first paint (extension off), median ms after navigation start', ['page', "site's first paint (off)", 'reader ready (on)', 'its first paint (on)', 'ready / site', 'shown by'],
      res.real.map((r) => [r.file, f1(r.offFcpMs), f1(r.readyMs), f1(r.onFcpMs), `${(r.readyMs / r.offFcpMs).toFixed(2)}x`, r.revealedBy.join(',')])));
    out.push(`ready no later than the site's own first paint: ${never} of ${res.real.length} pages (goal: all: ${ok(never === res.real.length)})`);
  }
  if (res.wake?.length) {
    const run = (r: { ms: number; pass: boolean; full?: boolean; read?: number } | null | undefined) =>
      r ? `${f1(r.ms)} ms${r.pass ? ` (${r.full ? 'full pass' : 'pass'}, ${r.read ?? '?'} read)` : ' (no pass)'}` : '—';
    const ratio = (r: { ms: number } | null | undefined, w: WakeRow) => (r && w.passMs ? `${f1((r.ms / w.passMs) * 100)} %` : '—');
    out.push(table("The worker's wake: busy time of the sync scheduler's run after it (wall time, ms)", ['stories', 'nothing new: wake 1', 'wake 2', 'one story changed', 'another device changed one', 'peer: a full pass', 'nothing / one / remote vs pass'],
      res.wake.map((w) => [
        w.stories,
        run(w.wakes[0]),
        run(w.wakes[1]),
        run(w.local),
        run(w.remote),
        w.passMs != null ? `${f1(w.passMs / 1000)} s` : '—',
        w.wakes.length ? `${ratio({ ms: Math.max(...w.wakes.map((r) => r.ms)) }, w)} / ${ratio(w.local, w)} / ${ratio(w.remote, w)}` : '—',
      ])));
  }
  if (res.library) {
    const l = res.library;
    out.push(table(`Library at scale: ${l.stories} stories, ${l.chapters} chapter records`, ['measure', 'value', 'goal'], [
      ['seeding', `${f1(l.seedMs)} ms`, ''],
      ['database size per story', l.bytesPerStory ? kb(l.bytesPerStory) : '—', ''],
      ['popup first render', `${f1(l.popupMs)} ms`, `< ${GOALS.popupMs} ms: ${ok(l.popupMs < GOALS.popupMs)}`],
      ['popup first render, worker stopped (idle)', `${f1(l.popupAsleepMs)} ms`, `< ${GOALS.popupMs} ms: ${ok(l.popupAsleepMs < GOALS.popupMs)}`],
      ...(l.popupConfirmedMs != null
        ? [['popup: the list as the library has it (running / stopped)', `${f1(l.popupConfirmedMs)} / ${f1(l.popupConfirmedAsleepMs ?? NaN)} ms`, `${f1(l.popupConfirmedMs / l.emptyPageMs)}x / ${f1((l.popupConfirmedAsleepMs ?? NaN) / l.emptyPageAsleepMs)}x the peer`]]
        : []),
      ['library page first render', `${f1(l.libraryMs)} ms`, `< ${GOALS.libraryMs} ms: ${ok(l.libraryMs < GOALS.libraryMs)}`],
      ['library page, whole list loaded', `${f1(l.libraryFullMs)} ms`, ''],
      ['peer: an empty extension page opened the same way', `${f1(l.emptyPageMs)} ms`, `popup ${f1(l.popupMs / l.emptyPageMs)}x, library ${f1(l.libraryMs / l.emptyPageMs)}x`],
      ['peer, worker stopped', `${f1(l.emptyPageAsleepMs)} ms`, `popup ${f1(l.popupAsleepMs / l.emptyPageAsleepMs)}x`],
      ['search keystroke (median / max)', `${f1(l.keystrokeMs)} / ${f1(l.keystrokeMaxMs)} ms`, `< ${GOALS.keystrokeMs} ms: ${ok(l.keystrokeMaxMs < GOALS.keystrokeMs)}`],
      ['export', l.exportMs === null ? `failed: ${l.exportError}` : `${f1(l.exportMs)} ms (${kb(l.exportChars)} ${l.exportGzip ? 'gzip' : 'JSON'})`, l.exportMs === null ? '' : `< 3000 ms: ${ok(l.exportMs < 3000)}`],
      ['import (replace)', l.importMs === null ? (l.importError ? `failed: ${l.importError}` : 'skipped (no export)') : `${f1(l.importMs)} ms`, l.importMs === null ? '' : `< 10000 ms: ${ok(l.importMs < 10_000)}`],
      ...(l.importEmptyMs != null || l.importEmptyError
        ? [['import (replace) into an empty library', l.importEmptyMs != null ? `${f1(l.importEmptyMs)} ms` : `failed: ${l.importEmptyError}`, ''] as [string, string, string]]
        : []),
      ...backupFloorRows(l),
    ]));
  }
  if (res.lists) {
    const m = res.lists;
    out.push(table(`Marks on a list page: ${m.pageStories}-work AO3 tag listing, ${m.stories} stories in the library (median of ${m.runs})`, ['measure', 'value', 'goal'], [
      ['marking on the page\'s thread (list read + marks drawn)', `${f1(m.mainThreadMs)} ms`, `< ${GOALS.listMarkMs} ms: ${ok(m.mainThreadMs < GOALS.listMarkMs)}`],
      ...(m.mainThreadMaxMs != null ? [['fastest / slowest run on the page\'s thread', `${f1(m.mainThreadMinMs)} / ${f1(m.mainThreadMaxMs)} ms`, `every run < ${GOALS.listMarkMs} ms: ${ok(m.mainThreadMaxMs < GOALS.listMarkMs)}`] as [string, string, string]] : []),
      ['marking, start to end (with the batched library query)', `${f1(m.markMs)} ms`, `< ${GOALS.listMarkMs} ms: ${ok(m.markMs < GOALS.listMarkMs)}`],
      ['of which waiting for the library', `${f1(m.queryMs)} ms`, ''],
      ['peer: the page\'s own load (navigation → load event)', `${f1(m.pageLoadMs)} ms`, `marking ${f1((100 * m.markMs) / m.pageLoadMs)}% of it`],
      ['marks shown', String(m.marksShown), ''],
    ]));
  }
  if (res.updates) {
    const u = res.updates;
    out.push(table(`Update checks: ${u.stories} followed stories, spacing ${u.spacingMs} ms per host`, ['host', 'requests', 'max requests in any 60 s', 'limit / min'],
      u.hosts.map((h) => [h.host, h.requests, h.maxPerMinute, f1(60_000 / u.spacingMs)])));
    out.push(`total (simulated clock): ${f1(u.simulatedMs / 60_000)} min for ${u.checked} checks, ${u.newChapters} new chapters; real time ${f1(u.realMs / 1000)} s; politeness ${ok(u.hosts.every((h) => h.maxPerMinute <= 60_000 / u.spacingMs))}`);
  }
  if (res.webdav) {
    const w = res.webdav;
    out.push(table('WebDAV sync (encrypted) against rclone on loopback', ['stories', 'first sync', 'peer: library phases alone', 'first sync sent', 'shards', 'after one chapter: sent', 'shards written', 'received', 'nothing new: sent / received', `first sync < ${w.goalFirstSyncMs / 1000} s`],
      w.rows.map((r) => [r.stories, `${f1(r.firstSyncMs)} ms`, `${f1(r.peerMs)} ms (${f1(r.firstSyncMs / r.peerMs)}x)`, kb(r.firstSyncBytes), r.shards, kb(r.oneChapterBytes), r.oneChapterShards, kb(r.oneChapterReceived ?? NaN), `${r.idleBytes} B / ${kb(r.idleReceived ?? NaN)}`, ok(r.firstSyncMs < w.goalFirstSyncMs)])));
    const big = w.rows.find((r) => r.pullMs !== undefined);
    if (big) out.push(`second device, empty library, first sync of ${big.stories} stories: ${f1(big.pullMs!)} ms (${big.pulled} stories brought in)`);
  }
  for (const [k, v] of Object.entries(res.errors)) out.push(`section ${k} failed: ${v}`);
  out.push(`\nbench finished in ${res.seconds} s`);
  return out.join('\n');
}

const from = args.find((a) => a.startsWith('--table-from='))?.slice(13);
(from
  ? Promise.resolve().then(async () => console.log(render(JSON.parse((await import('node:fs')).readFileSync(from, 'utf8')) as Results)))
  : main()
).then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
