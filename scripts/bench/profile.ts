/**
 * Dev tool: CPU profile of the content script on one bench page (self time by function).
 *   npx tsx scripts/bench/profile.ts ao3-10k [runs]
 */
import { benchPages } from './pages';
import { launchBench } from './browser';

const id = process.argv[2] ?? 'ao3-10k';
const runs = Number(process.argv[3] ?? 3);
const p = benchPages().find((x) => x.id === id)!;
const s = await launchBench([p]);
try {
  const page = await s.context.newPage();
  await page.goto(p.url);
  await page.waitForFunction(() => performance.getEntriesByName('calm-reader:painted').length > 0);
  const cdp = await s.context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
  const self = new Map<string, number>();
  let total = 0;
  for (let r = 0; r < runs; r++) {
    await cdp.send('Profiler.start');
    await page.goto(p.url);
    await page.waitForFunction(() => performance.getEntriesByName('calm-reader:painted').length > 0);
    const marks = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const out: Record<string, number> = { dcl: nav.domContentLoadedEventStart };
      for (const m of performance.getEntriesByType('mark')) if (m.name.startsWith('calm-reader:')) out[m.name.slice(12)] = m.startTime;
      return out;
    });
    console.log(JSON.stringify(Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, Math.round(v * 10) / 10]))));
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[]; samples: number[]; timeDeltas: number[] } };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    for (let i = 0; i < profile.samples.length; i++) {
      const n = byId.get(profile.samples[i])!;
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      const f = n.callFrame;
      const key = `${f.functionName || '(anon)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber}:${f.columnNumber}`;
      self.set(key, (self.get(key) ?? 0) + dt);
      total += dt;
    }
  }
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 45);
  for (const [k, v] of top) console.log(`${(v / runs).toFixed(2).padStart(8)} ms  ${k}`);
  console.log('total sampled per run', (total / runs).toFixed(1));
} finally {
  await s.close();
}
