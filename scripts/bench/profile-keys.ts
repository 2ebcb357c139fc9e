/**
 * Dev tool: the library page's search keystrokes on the bench's seeded 10,000-story profile (a copy),
 * measured as the bench does (input handler + render + layout, frame wait excluded), in several
 * fresh page opens; with `--trace`, the first row-changing keystroke's main-thread work by kind.
 *   npx wxt build && npx tsx scripts/bench/profile-keys.ts [opens] [--trace] [--ext=<built extension folder>]
 */
import { rmSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { resolve } from 'node:path';
import { EXTENSION_DIR, launch } from '../../tests/e2e/harness';
import { assertSeeded, NAME_SHIM, openWithLibrary, seededProfileCopy } from './library';
import { median } from './stats';

const opens = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 3);
const trace = process.argv.includes('--trace');
const cpu = process.argv.includes('--cpu');
const TYPED = 'harbour keeper 12';
const extArg = process.argv.find((a) => a.startsWith('--ext='));
const extensionDir = extArg ? resolve(extArg.slice('--ext='.length)) : EXTENSION_DIR;

/** The bench's keystroke loop (scripts/bench/library.ts), run in the page. */
export function typeKeys(page: Page, text = TYPED): Promise<number[]> {
  return page.evaluate(async (typed) => {
    const input = document.querySelector<HTMLInputElement>('[data-testid=library-search]')!;
    const times: number[] = [];
    for (const ch of typed) {
      const t0 = performance.now();
      input.value += ch;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, data: ch, inputType: 'insertText' }));
      await new Promise((r) => setTimeout(r, 0));
      void document.body.offsetHeight;
      times.push(performance.now() - t0);
      await new Promise((r) => setTimeout(r, 30));
    }
    return times;
  }, text);
}

const { profile } = await seededProfileCopy(10_000, 30, console.log, extensionDir);
const s = await launch({ pages: new Map(), userDataDir: profile, extensionDir });
try {
  await s.context.addInitScript({ content: NAME_SHIM });
  const warm = await openWithLibrary(s);
  await assertSeeded(warm);
  await warm.close();
  const all: number[][] = [];
  for (let i = 0; i < opens; i++) {
    const page = await s.context.newPage();
    await page.goto(`chrome-extension://${s.extensionId}/library.html`);
    await page.locator('[data-testid=library-row]').first().waitFor({ timeout: 120_000 }).catch(async (e) => { console.log(await page.locator('body').innerText()); throw e; });
    await page.waitForFunction(() => !/loading the rest/.test(document.querySelector('[data-testid=library-count]')?.textContent ?? 'loading the rest'), null, { timeout: 120_000 });
    await page.waitForTimeout(1000); // as the bench: the page settled after its whole list arrived
    const cdp = trace ? await s.context.newCDPSession(page) : null;
    const events: { name: string; dur?: number; tdur?: number; ph: string; tid: number; ts: number }[] = [];
    if (cdp) {
      cdp.on('Tracing.dataCollected', (e) => events.push(...(e.value as unknown as typeof events)));
      await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['devtools.timeline', 'v8.execute'] }, transferMode: 'ReportEvents' } as never);
    }
    const prof = cpu ? await s.context.newCDPSession(page) : null;
    if (prof) {
      await prof.send('Profiler.enable');
      await prof.send('Profiler.setSamplingInterval', { interval: 50 });
      await prof.send('Profiler.start');
    }
    // With --cpu: the first two keystrokes only (the slow ones), self time by function.
    const keys = await typeKeys(page, cpu ? TYPED.slice(0, 2) : TYPED);
    if (prof) {
      const { profile: p } = (await prof.send('Profiler.stop')) as {
        profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples: number[]; timeDeltas: number[] };
      };
      const byId = new Map(p.nodes.map((n) => [n.id, n]));
      const self = new Map<string, number>();
      for (let k = 0; k < p.samples.length; k++) {
        const f = byId.get(p.samples[k])!.callFrame;
        const key = `${f.functionName || '(anon)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber}`;
        self.set(key, (self.get(key) ?? 0) + (p.timeDeltas[k + 1] ?? 0) / 1000);
      }
      for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${v.toFixed(2).padStart(8)}  ${k}`);
      await prof.detach();
    }
    if (cdp) {
      const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
      await cdp.send('Tracing.end');
      await done;
      const byKind = new Map<string, number>();
      for (const e of events) if (e.ph === 'X' && e.dur && ['UpdateLayoutTree', 'Layout', 'FunctionCall', 'EventDispatch', 'TimerFire', 'RunMicrotasks', 'Paint', 'PrePaint', 'Commit', 'ParseHTML', 'MajorGC', 'MinorGC'].includes(e.name)) byKind.set(e.name, (byKind.get(e.name) ?? 0) + (e.tdur ?? e.dur) / 1000);
      console.log('  traced (all 17 keys), thread ms:', [...byKind.entries()].map(([k, v]) => `${k} ${v.toFixed(1)}`).join(', '));
    }
    console.log(`open ${i + 1}: ${keys.map((k) => k.toFixed(1)).join(' ')}  (median ${median(keys).toFixed(1)}, max ${Math.max(...keys).toFixed(1)})`);
    all.push(keys);
    await page.close();
  }
  console.log(`max per open: ${all.map((k) => Math.max(...k).toFixed(1)).join(' ')}; median of all: ${median(all.flat()).toFixed(1)}`);
  // The least each keystroke took over the opens: its own cost, with the other jobs' time slices left out.
  const least = all[0].map((_, k) => Math.min(...all.map((keys) => keys[k])));
  console.log(`least per keystroke: ${least.map((k) => k.toFixed(1)).join(' ')}  (max ${Math.max(...least).toFixed(1)})`);
} finally {
  await s.close();
  rmSync(profile, { recursive: true, force: true });
}
