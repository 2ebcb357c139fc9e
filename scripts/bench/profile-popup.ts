/**
 * Dev tool: where the popup's first render goes, with the worker running and stopped, on the bench's
 * seeded 10,000-story profile (a copy). Per open: the page's own marks (IndexedDB open and read,
 * scripts loaded, first paint, first row) and, with `--cpu`, the main thread's self time by function.
 *   npx wxt build && npx tsx scripts/bench/profile-popup.ts [opens] [--cpu] [--ext=<built extension folder>]
 * --ext: another build (e.g. a copy of main's .output/chrome-mv3), to compare builds in one session.
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXTENSION_DIR, launch } from '../../tests/e2e/harness';
import { assertSeeded, NAME_SHIM, openWithLibrary, seededProfileCopy, stopWorker } from './library';
import { median } from './stats';

const opens = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 5);
const cpu = process.argv.includes('--cpu');
const extArg = process.argv.find((a) => a.startsWith('--ext='));
const extensionDir = extArg ? resolve(extArg.slice('--ext='.length)) : EXTENSION_DIR;

/** Init script: stamps (ms since navigation start) of what the popup does before its first row. */
const probe = `(() => {
  const w = window; w.__p = {};
  const stamp = (k) => { if (w.__p[k] == null) w.__p[k] = performance.now(); };
  const open = indexedDB.open.bind(indexedDB);
  indexedDB.open = (...a) => { stamp('idbOpen'); const r = open(...a); r.addEventListener('success', () => stamp('idbOpened')); r.addEventListener('upgradeneeded', () => stamp('idbUpgrade')); return r; };
  const obs = new MutationObserver(() => {
    if (document.querySelector('#app > *')) stamp('firstDom');
    if (document.querySelector('[data-testid=continue-list] li, [data-testid=continue-empty]')) stamp('row');
    // The list as the library has it (the first row may be the snapshot of the list as last seen).
    if (document.querySelector('[data-testid=continue-list]:not([data-source=snapshot]) li, [data-testid=continue-empty]:not([data-source=snapshot])')) { stamp('confirmed'); obs.disconnect(); }
  });
  obs.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-source'] });
  new PerformanceObserver((l) => { for (const e of l.getEntries()) stamp(e.name); }).observe({ type: 'paint', buffered: true });
  addEventListener('DOMContentLoaded', () => stamp('dcl'));
})();`;

const { profile } = await seededProfileCopy(10_000, 30, console.log, extensionDir);
const s = await launch({ pages: new Map(), userDataDir: profile, extensionDir });
try {
  await s.context.addInitScript({ content: NAME_SHIM });
  const base = `chrome-extension://${s.extensionId}`;
  const warm = await openWithLibrary(s);
  await assertSeeded(warm);
  await warm.close();
  const blank = await s.context.newPage();
  const self = new Map<string, number>();
  let runsProfiled = 0;
  for (const asleep of [false, true]) {
    const rows: Record<string, number>[] = [];
    for (let i = 0; i < opens; i++) {
      if (asleep) await stopWorker(s, blank);
      const peer = await s.context.newPage();
      await peer.goto(`${base}/manifest.json`);
      const peerMs = await peer.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domInteractive);
      await peer.close();
      if (asleep) await stopWorker(s, blank);
      const page = await s.context.newPage();
      await page.setViewportSize({ width: 360, height: 700 });
      await page.addInitScript({ content: probe });
      const cdp = cpu ? await s.context.newCDPSession(page) : null;
      if (cdp) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
        await cdp.send('Profiler.start');
      }
      await page.goto(`${base}/popup.html`);
      await page.waitForFunction(() => (window as unknown as { __p: { confirmed?: number } }).__p.confirmed != null, null, { polling: 20 });
      const marks = await page.evaluate(() => {
        const w = window as unknown as { __p: Record<string, number> };
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const out: Record<string, number> = { resp: nav.responseEnd, interactive: nav.domInteractive, ...w.__p };
        for (const r of performance.getEntriesByType('resource') as PerformanceResourceTiming[]) out[r.name.replace(/^.*\//, '').replace(/-[\w-]{8}\./, '.')] = r.responseEnd;
        return out;
      });
      if (cdp) {
        const { profile: p } = (await cdp.send('Profiler.stop')) as {
          profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] };
        };
        const byId = new Map(p.nodes.map((n) => [n.id, n]));
        for (let k = 0; k < p.samples.length; k++) {
          const f = byId.get(p.samples[k])!.callFrame;
          const key = `${f.functionName || '(anon)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber}`;
          self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[k + 1] ?? 0) / 1000);
        }
        runsProfiled++;
        await cdp.detach();
      }
      rows.push({ ...marks, 'peer (empty page)': peerMs, 'row / peer': marks.row / peerMs, 'confirmed / peer': marks.confirmed / peerMs });
      await page.close();
    }
    const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))].sort((a, b) => median(rows.map((r) => r[a] ?? NaN)) - median(rows.map((r) => r[b] ?? NaN)));
    console.log(`\nworker ${asleep ? 'stopped' : 'running'}: median ms from navigation start (${opens} opens)`);
    for (const k of keys) console.log(`${median(rows.map((r) => r[k] ?? NaN)).toFixed(1).padStart(8)}  ${k}   [${rows.map((r) => (r[k] ?? NaN).toFixed(k.includes("/") ? 1 : 0)).join(' ')}]`);
  }
  if (cpu) {
    console.log('\nself time per open, ms');
    for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`${(v / runsProfiled).toFixed(2).padStart(8)}  ${k}`);
  }
} finally {
  await s.close();
  rmSync(profile, { recursive: true, force: true });
}
