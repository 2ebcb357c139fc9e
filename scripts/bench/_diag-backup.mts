import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, ROOT } from '../../tests/e2e/harness';
const seedDir = join(ROOT, 'node_modules/.cache/calm-reader-bench/seeded-10000x30');
const profile = mkdtempSync(join(tmpdir(), 'perf25-diag-'));
cpSync(seedDir, profile, { recursive: true });
const s = await launch({ pages: new Map(), userDataDir: profile });
try {
  await s.context.addInitScript({ content: 'globalThis.__name = (f) => f;' });
  const p = await s.context.newPage();
  await p.goto(`chrome-extension://${s.extensionId}/library.html`);
  const which = process.argv[2] ?? 'all';
  const out = await p.evaluate(async (which) => {
    const res: Record<string, number> = {};
    const req = <T,>(r: IDBRequest<T>) => new Promise<T>((ok, no) => { r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
    const done = (tx: IDBTransaction) => new Promise<void>((ok, no) => { tx.oncomplete = () => ok(); tx.onabort = () => no(tx.error); tx.onerror = () => no(tx.error); });
    const db = await req(indexedDB.open('calm-reader')) as IDBDatabase;
    let t = performance.now();
    let tx = db.transaction('chapters', 'readonly');
    const all = await req(tx.objectStore('chapters').getAll()) as { key: string; storyKey: string }[];
    res.getAllChapters = performance.now() - t;
    t = performance.now();
    tx = db.transaction('chapters', 'readonly');
    let after: string | null = null; let n = 0;
    for (;;) {
      const page = await req(tx.objectStore('chapters').getAll(after === null ? null : IDBKeyRange.lowerBound(after, true), 20000)) as { key: string }[];
      n += page.length;
      if (page.length < 20000) break;
      after = page[page.length - 1].key;
    }
    res.pagedChapters = performance.now() - t;
    t = performance.now();
    const text = JSON.stringify(all);
    res.stringify = performance.now() - t;
    res.textMB = text.length / 2 ** 20;
    t = performance.now();
    const cs = new CompressionStream('gzip');
    const w = cs.writable.getWriter();
    const enc = new TextEncoder();
    const reading = new Response(cs.readable).arrayBuffer();
    for (let i = 0; i < text.length; i += 1 << 20) void w.write(enc.encode(text.slice(i, i + (1 << 20))));
    void w.close();
    const gz = await reading;
    res.gzip = performance.now() - t;
    res.gzMB = gz.byteLength / 2 ** 20;
    // writes into a scratch database with the same indexes
    const scratch = await new Promise<IDBDatabase>((ok, no) => {
      const r = indexedDB.open('scratch-' + Math.random(), 1);
      r.onupgradeneeded = () => { const c = r.result.createObjectStore('chapters', { keyPath: 'key' }); c.createIndex('storyKey', 'storyKey'); c.createIndex('storyLastRead', ['storyKey', 'lastReadAt']); };
      r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error);
    });
    const N = 60000;
    for (const batch of [5000, 60000]) {
      const tc = scratch.transaction('chapters', 'readwrite'); tc.objectStore('chapters').clear(); await done(tc);
      t = performance.now();
      for (let i = 0; i < N; i += batch) {
        const tw = scratch.transaction('chapters', 'readwrite');
        const st = tw.objectStore('chapters');
        for (let j = i; j < i + batch && j < N; j++) st.put(all[j]);
        await done(tw);
      }
      res[`put60k_batch${batch}`] = performance.now() - t;
    }
    {
      const tc = scratch.transaction('chapters', 'readwrite'); tc.objectStore('chapters').clear(); await done(tc);
      t = performance.now();
      for (let i = 0; i < N; i += 5000) {
        const tw = scratch.transaction('chapters', 'readwrite', { durability: 'relaxed' } as IDBTransactionOptions);
        const st = tw.objectStore('chapters');
        for (let j = i; j < i + 5000 && j < N; j++) st.put(all[j]);
        await done(tw);
      }
      res.put60k_relaxed5000 = performance.now() - t;
    }
    return res;
  }, which);
  console.log(JSON.stringify(out, null, 1));
} finally {
  await s.close();
  rmSync(profile, { recursive: true, force: true });
}
