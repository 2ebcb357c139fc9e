/**
 * Dev tool: two builds of the extension side by side, page load by page load (alternating which
 * goes first), on the bench's reader pages: DOMContentLoaded -> painted, the view's part (notes
 * known -> painted) and DCL -> first contentful paint, medians per build and after / before.
 * On a busy machine single runs move 2-10x; alternating loads keeps both builds under the same load.
 *   npx tsx scripts/bench/ab-reader.ts <before build dir> [runs=15] [page ids, comma-separated]
 * The after build is .output/chrome-mv3 (CALM_BENCH_EXTENSION_DIR unset).
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { launch, type Session } from '../../tests/e2e/harness';
import { benchPages } from './pages';
import { readMarks, seedPosition, waitMark } from './browser';
import { median } from './stats';

const before = resolve(process.argv[2] ?? '');
const runs = Number(process.argv[3] ?? 15);
const ids = process.argv[4]?.split(',');
const pages = benchPages().filter((p) => !ids || ids.includes(p.id));
const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((f) => f);';

async function open(dir: string | undefined): Promise<Session> {
  const s = await launch({ pages: new Map(pages.map((p) => [p.url, p.html])), extensionDir: dir });
  await s.context.addInitScript({ content: NAME_SHIM });
  return s;
}

const builds = { before: await open(before), after: await open(undefined) };
const load0 = loadavg()[0];
try {
  for (const p of pages) {
    const tabs = {} as Record<keyof typeof builds, import('playwright-core').Page>;
    for (const k of ['before', 'after'] as const) {
      const page = await builds[k].context.newPage();
      await page.goto(p.url);
      await waitMark(page, 'painted');
      await seedPosition(builds[k], page, p.url);
      tabs[k] = page;
    }
    const got = { before: { ready: [] as number[], view: [] as number[], fcp: [] as number[] }, after: { ready: [] as number[], view: [] as number[], fcp: [] as number[] } };
    for (let i = 0; i < runs; i++) {
      for (const k of i % 2 ? (['after', 'before'] as const) : (['before', 'after'] as const)) {
        await tabs[k].goto(p.url);
        await waitMark(tabs[k], 'painted');
        const m = await readMarks(tabs[k]);
        if (m.painted === null || m.scrollTop <= 0) throw new Error(`${k} ${p.id}: not painted or not restored`);
        got[k].ready.push(m.painted - m.dcl);
        if (m.chapter !== null) got[k].view.push(m.painted - m.chapter);
        if (m.fcp !== null) got[k].fcp.push(m.fcp - m.dcl);
      }
    }
    const row = (what: 'ready' | 'view' | 'fcp') => {
      const b = median(got.before[what]);
      const a = median(got.after[what]);
      return `${what} ${b.toFixed(1)} → ${a.toFixed(1)} (${(a / b).toFixed(2)}×)`;
    };
    console.log(`${p.id.padEnd(9)} ${row('ready')}  ${row('view')}  ${row('fcp')}`);
    await tabs.before.close();
    await tabs.after.close();
  }
  console.log(`${runs} loads per build and page, alternated; load ${load0.toFixed(1)} → ${loadavg()[0].toFixed(1)}`);
} finally {
  await builds.before.close();
  await builds.after.close();
}
