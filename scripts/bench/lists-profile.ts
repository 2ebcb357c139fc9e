/**
 * Dev tool: CPU profile of the list content script marking the bench's AO3 listing (10,000
 * stories in the library): the samples whose stack runs through content-scripts/lists.js, by the
 * function on top of the stack (DOM and i18n calls show as their own names), and the script's own
 * performance marks. Build with CALM_NO_MINIFY=1 for readable names.
 *   npx tsx scripts/bench/lists-profile.ts [runs]
 */
import './site-globals';
import { listsSession, waitMarked } from './lists';

interface ProfileNode {
  id: number;
  parent?: number;
  children?: number[];
  callFrame: { functionName: string; url: string; lineNumber: number };
}

const runs = Number(process.argv[2] ?? 5);
const { s, url, close } = await listsSession((l) => console.log(l));
try {
  const self = new Map<string, number>();
  let total = 0;
  for (let r = 0; r < runs; r++) {
    const page = await s.context.newPage();
    const cdp = await s.context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 50 });
    await cdp.send('Profiler.start');
    await page.goto(url);
    await waitMarked(page);
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] } };
    const marks = await page.evaluate(() => {
      const at = (n: string) => (performance.getEntriesByName(`calm-reader:${n}`)[0] as PerformanceMark).startTime;
      return { read: at('list-read') - at('list-start'), wait: at('marks-known') - at('list-read'), draw: at('marked') - at('marks-known') };
    });
    console.log(`run ${r + 1}: list read ${marks.read.toFixed(1)} ms, wait ${marks.wait.toFixed(1)} ms, marks drawn ${marks.draw.toFixed(1)} ms`);
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    for (const n of profile.nodes) for (const c of n.children ?? []) byId.get(c)!.parent = n.id;
    const inList = (id: number): boolean => {
      for (let n = byId.get(id); n; n = n.parent === undefined ? undefined : byId.get(n.parent)) if (n.callFrame.url.includes('lists.js')) return true;
      return false;
    };
    for (let i = 0; i < profile.samples.length; i++) {
      if (!inList(profile.samples[i])) continue;
      const f = byId.get(profile.samples[i])!.callFrame;
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      const key = `${f.functionName || '(anon)'} ${f.url.replace(/^.*\//, '')}:${f.lineNumber}`;
      self.set(key, (self.get(key) ?? 0) + dt);
      total += dt;
    }
    await page.close();
  }
  for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${(v / runs).toFixed(2).padStart(8)} ms  ${k}`);
  console.log(`in the list script, per run: ${(total / runs).toFixed(1)} ms`);
} finally {
  await close();
}
