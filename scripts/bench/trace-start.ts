/**
 * Dev tool: the main thread's work from DOMContentLoaded to the reader's painted mark, by trace
 * event (top-level tasks' children: parse, script, style, layout, paint), on one bench page.
 *   npx tsx scripts/bench/trace-start.ts ao3-10k [runs]
 */
import { benchPages } from './pages';
import { launchBench } from './browser';

const id = process.argv[2] ?? 'ao3-10k';
const runs = Number(process.argv[3] ?? 3);
const p = benchPages().find((x) => x.id === id)!;
const s = await launchBench([p]);
type Ev = { name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: { data?: { frame?: string } } };
try {
  const page = await s.context.newPage();
  await page.goto(p.url);
  await page.waitForFunction(() => performance.getEntriesByName('calm-reader:painted').length > 0);
  const cdp = await s.context.newCDPSession(page);
  const sums = new Map<string, number>();
  for (let r = 0; r < runs; r++) {
    const events: Ev[] = [];
    const collect = (d: { value: unknown[] }) => void events.push(...(d.value as Ev[]));
    cdp.on('Tracing.dataCollected', collect);
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,blink.user_timing,v8.execute', transferMode: 'ReportEvents' });
    await page.goto(p.url);
    await page.waitForFunction(() => performance.getEntriesByName('calm-reader:painted').length > 0);
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
    const marks = events.filter((e) => e.name.startsWith('calm-reader:') || e.name === 'domContentLoadedEventStart');
    const at = (n: string) => marks.find((e) => e.name === n)?.ts ?? NaN;
    const dcl = marks.filter((e) => e.name === 'domContentLoadedEventStart').pop()?.ts ?? NaN;
    const painted = at('calm-reader:painted');
    const main = marks.find((e) => e.name === 'calm-reader:start');
    const line: string[] = [];
    for (const m of marks) line.push(`${m.name.replace('calm-reader:', '')}=${((m.ts - dcl) / 1000).toFixed(1)}`);
    console.log(line.join(' '));
    const interesting = new Set(['ParseHTML', 'EvaluateScript', 'FunctionCall', 'UpdateLayoutTree', 'Layout', 'Paint', 'PrePaint', 'Layerize', 'Commit', 'RecalculateStyles', 'HitTest', 'ParseAuthorStyleSheet', 'TimerFire', 'FireAnimationFrame', 'EventDispatch', 'v8.compile', 'v8.run', 'RunMicrotasks', 'V8.GCScavenger', 'MajorGC', 'MinorGC', 'UpdateLayer', 'PaintImage', 'Decode Image']);
    for (const e of events) {
      if (!main || e.tid !== main.tid || e.pid !== main.pid || e.ph !== 'X' || !e.dur) continue;
      if (e.ts < dcl || e.ts > painted) continue;
      if (!interesting.has(e.name)) continue;
      sums.set(e.name, (sums.get(e.name) ?? 0) + e.dur / 1000);
    }
    if (process.env.WINDOW) {
      const [a, b] = process.env.WINDOW.split(',');
      for (const e of events) {
        if (!main || e.tid !== main.tid || e.pid !== main.pid || e.ph !== 'X' || !e.dur || e.dur < 300) continue;
        if (e.ts < at('calm-reader:' + a) - 1000 || e.ts > at('calm-reader:' + b)) continue;
        console.log(`  ${((e.ts - dcl) / 1000).toFixed(1)} +${(e.dur / 1000).toFixed(1)} ${e.name}`);
      }
    }
    cdp.off('Tracing.dataCollected', collect);
  }
  for (const [k, v] of [...sums.entries()].sort((a, b) => b[1] - a[1])) console.log(`${(v / runs).toFixed(2).padStart(8)} ms  ${k}`);
} finally {
  await s.close();
}
