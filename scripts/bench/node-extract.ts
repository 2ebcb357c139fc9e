/**
 * Node-side peer comparison: the extension's extraction pipeline (adapter -> sanitise -> notes
 * detector) against @mozilla/readability on the same page, both in happy-dom, same process.
 * Parsing the page is not timed (both get a freshly parsed document). In the extension the
 * detector runs in the background worker (lib/background/notes-detect.ts): `workerMs` is that
 * request's own time (the language told, the detector, the edges fingerprinted).
 */
import { Readability } from '@mozilla/readability';
import { Window } from 'happy-dom';
import { extractChapter } from '../../lib/chapter/extract';
import { detectForPage } from '../../lib/background/notes-detect';
import { detectNotes } from '../../lib/notes/detector';
import { detectBlocks } from '../../lib/reader/corrections';
import { isExtractError } from '../../lib/sites/types';
import type { BenchPage } from './pages';
import { median } from './stats';

export interface NodeRow {
  page: string;
  words: number;
  extractMs: number;
  readabilityMs: number;
  ratio: number;
  /** The notes detector alone over every block of the page (issue 4: well under 50 ms at 300k words). */
  detectMs: number;
  /** The worker's answer to the page's notes/detect request (language + detector + edge fingerprints). */
  workerMs: number;
  blocks: number;
  notes: number;
}

function parse(p: BenchPage): Document {
  const w = new Window({ url: p.url, settings: { disableJavaScriptEvaluation: true, disableCSSFileLoading: true } });
  w.document.write(p.html);
  return w.document as unknown as Document;
}

export function benchNode(pages: BenchPage[], runs: number, log: (s: string) => void): NodeRow[] {
  const rows: NodeRow[] = [];
  for (const p of pages) {
    const ex: number[] = [];
    const rd: number[] = [];
    const dt: number[] = [];
    const wk: number[] = [];
    let blocks = 0;
    let notes = 0;
    for (let i = 0; i < runs; i++) {
      const d1 = parse(p);
      let t = performance.now();
      const r = extractChapter(d1, p.url);
      ex.push(performance.now() - t);
      if (isExtractError(r)) throw new Error(`${p.id}: ${r.error}`);
      blocks = r.blocks.length;
      notes = r.blocks.filter((b) => b.kind === 'note').length;
      const input = r.blocks.map((b) => ({ html: b.html, text: b.text }));
      t = performance.now();
      detectNotes(input);
      dt.push(performance.now() - t);
      const request = { storyKey: `${r.site}:${r.storyId}`, lang: r.lang ?? null, blocks: detectBlocks(r) };
      t = performance.now();
      detectForPage(request, { noteFingerprints: [], corrections: {} });
      wk.push(performance.now() - t);
      const d2 = parse(p);
      t = performance.now();
      new Readability(d2).parse();
      rd.push(performance.now() - t);
    }
    const row: NodeRow = {
      page: p.id,
      words: p.words,
      extractMs: median(ex),
      readabilityMs: median(rd),
      ratio: median(rd) / median(ex),
      detectMs: median(dt),
      workerMs: median(wk),
      blocks,
      notes,
    };
    log(`  ${p.id}: extract ${row.extractMs.toFixed(1)} ms, Readability ${row.readabilityMs.toFixed(1)} ms (x${row.ratio.toFixed(2)}), detector ${row.detectMs.toFixed(1)} ms, worker request ${row.workerMs.toFixed(1)} ms, ${blocks} blocks, ${notes} notes`);
    rows.push(row);
  }
  return rows;
}
