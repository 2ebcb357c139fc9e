/**
 * npm run -s train-notes [-- --dry]
 * Fits the notes detector's model (lib/notes/model.json) on real chapters and reports how it does
 * on chapters it never saw.
 *  - Data: the real FanFiction.net corpus (../shared/corpus/notes-ffn-hpmor, read at run time),
 *    split by story (scripts/notes-fixtures.ts corpusPart): ~60 % of the stories to fit on, the
 *    rest only to measure on; and the hand-written chapters (tests/fixtures/notes*, alternating per
 *    language between the two parts).
 *  - Stage 1: logistic regression over each block's own features. Stage 2: logistic regression over
 *    each block's place, fed with stage-1 scores that were cross-fitted (each story's scores from a
 *    model that did not see that story), so stage 2 learns how far to trust stage 1 on new text.
 *  - Thresholds: the most recall on the fitting part (cross-fitted) with precision >= 0.975 and
 *    >= 99 % of chapters with no story hidden there.
 * --dry: report without writing model.json. --cache <file>: reuse fitted models (see below).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decide, prepare, type Prepared } from '../lib/notes/detector';
import { evaluate, evaluateWithMemory, textOf, chapterLanguage, type EvalSummary, type Figures, type LabelledChapter } from '../lib/notes/evaluate';
import { FEATURES } from '../lib/notes/features';
import { matcherFor } from '../lib/notes/lexicons';
import { CONTEXT, contextVectors, dot, sigmoid, stage2Input, type NotesModel } from '../lib/notes/model';
import {
  CORPUS_DIR,
  HAND_DIRS,
  corpusAvailable,
  corpusPart,
  handParts,
  loadChapters,
  loadLanguageChapters,
  storyKey,
  type Part,
} from './notes-fixtures';

const HERE = dirname(fileURLToPath(import.meta.url));
const dry = process.argv.includes('--dry');
if (!corpusAvailable()) {
  console.error(`train-notes: the corpus is not at ${CORPUS_DIR}`);
  process.exit(2);
}

interface Item {
  ch: LabelledChapter;
  part: Part;
  group: string;
  source: 'corpus' | 'hand';
  prep: Prepared;
  y: Uint8Array;
}

const corpus = loadChapters([CORPUS_DIR]);
const hand = [...loadChapters(HAND_DIRS.filter((d) => d)), ...loadLanguageChapters()];
const handPart = handParts(hand);
const placeholder: NotesModel = {
  version: 0,
  features: FEATURES,
  context: CONTEXT,
  stage1: { w: new Array(FEATURES.length).fill(0), b: 0 },
  stage2: { w: new Array(FEATURES.length + CONTEXT.length).fill(0), b: 0 },
  thresholds: { edge: 0.5, middle: 4, gap: 0.3, fence: 0, own: -99, whole: 0.7, label: 0 },
};

function item(ch: LabelledChapter, source: 'corpus' | 'hand'): Item {
  const blocks = ch.blocks.map((b) => ({ html: b.html, text: textOf(b) }));
  const prep = prepare(blocks, matcherFor(chapterLanguage(ch)), placeholder);
  const y = new Uint8Array(ch.blocks.map((b) => (b.label === 'note' ? 1 : 0)));
  const part = source === 'corpus' ? corpusPart(ch) : handPart.get(ch.id)!;
  return { ch, part, group: source === 'corpus' ? storyKey(ch) : `hand:${ch.id}`, source, prep, y };
}

const t0 = Date.now();
const items = [...corpus.map((c) => item(c, 'corpus')), ...hand.map((c) => item(c, 'hand'))];
const fit = items.filter((i) => i.part === 'fit');
console.log(`features for ${items.length} chapters in ${Date.now() - t0} ms`);

// ---------------------------------------------------------------------------------------------
// Logistic regression: full-batch Adam with L2, notes weighted up (they are ~2 % of blocks).

function train(X: Float64Array[], y: number[], dim: number, opts: { l2: number; pos: number; iters: number }): { w: number[]; b: number } {
  const w = new Float64Array(dim);
  let b = -3;
  const mw = new Float64Array(dim);
  const vw = new Float64Array(dim);
  let mb = 0;
  let vb = 0;
  const lr = 0.05;
  const n = X.length;
  let wsum = 0;
  for (const t of y) wsum += t ? opts.pos : 1;
  const g = new Float64Array(dim);
  for (let it = 1; it <= opts.iters; it++) {
    g.fill(0);
    let gb = 0;
    for (let k = 0; k < n; k++) {
      const x = X[k];
      let z = b;
      for (let j = 0; j < dim; j++) z += w[j] * x[j];
      const p = sigmoid(z);
      const wt = y[k] ? opts.pos : 1;
      const d = (p - y[k]) * wt;
      for (let j = 0; j < dim; j++) g[j] += d * x[j];
      gb += d;
    }
    for (let j = 0; j < dim; j++) {
      const gj = g[j] / wsum + opts.l2 * w[j];
      mw[j] = 0.9 * mw[j] + 0.1 * gj;
      vw[j] = 0.999 * vw[j] + 0.001 * gj * gj;
      w[j] -= (lr * (mw[j] / (1 - 0.9 ** it))) / (Math.sqrt(vw[j] / (1 - 0.999 ** it)) + 1e-8);
    }
    const gbn = gb / wsum;
    mb = 0.9 * mb + 0.1 * gbn;
    vb = 0.999 * vb + 0.001 * gbn * gbn;
    b -= (lr * (mb / (1 - 0.9 ** it))) / (Math.sqrt(vb / (1 - 0.999 ** it)) + 1e-8);
  }
  return { w: Array.from(w), b };
}

const S1 = { l2: 1e-4, pos: 3, iters: 600 };
const S2 = { l2: 3e-5, pos: 3, iters: 600 };

function stage1Data(list: Item[]): { X: Float64Array[]; y: number[] } {
  const X: Float64Array[] = [];
  const y: number[] = [];
  for (const it of list) {
    for (let i = 0; i < it.prep.n; i++) {
      const f = it.prep.info[i];
      if (!f || it.ch.blocks[i].label === 'separator') continue;
      X.push(f.x);
      y.push(it.y[i]);
    }
  }
  return { X, y };
}

/** Stage-1 scores of a chapter under weights `w1`, written into its Prepared. */
function score1(it: Item, w1: { w: number[]; b: number }): void {
  for (let i = 0; i < it.prep.n; i++) {
    const f = it.prep.info[i];
    if (f) it.prep.s[i] = dot(w1, f.x);
  }
}

function stage2Data(list: Item[]): { X: Float64Array[]; y: number[] } {
  const X: Float64Array[] = [];
  const y: number[] = [];
  for (const it of list) {
    const which: number[] = [];
    for (let i = 0; i < it.prep.n; i++) if (it.prep.info[i]) which.push(i);
    const z = contextVectors(it.prep, which);
    for (const [i, v] of z) {
      if (it.ch.blocks[i].label === 'separator') continue;
      X.push(stage2Input(it.prep.info[i]!.x, v));
      y.push(it.y[i]);
    }
  }
  return { X, y };
}

const probsOf = (it: Item, w2: { w: number[]; b: number }): Float64Array => {
  const z = contextVectors(it.prep);
  const p = new Float64Array(it.prep.n);
  for (const [i, v] of z) if (it.prep.info[i]) p[i] = sigmoid(dot(w2, stage2Input(it.prep.info[i]!.x, v)));
  return p;
};
const FOLDS = 5;
const groups = [...new Set(fit.map((i) => i.group))].sort();
const foldOf = new Map(groups.map((g, k) => [g, k % FOLDS]));

interface Fitted {
  stage1: { w: number[]; b: number };
  stage2: { w: number[]; b: number };
  /** Cross-fitted stage-1 scores and stage-2 probabilities of the fitting part's chapters. */
  scoresFit: number[][];
  probsFit: number[][];
}

function fitModels(): Fitted {
  // Cross-fitted stage-1 scores on the fitting part: 5 folds by story.
  for (let k = 0; k < FOLDS; k++) {
    const trainOn = fit.filter((i) => foldOf.get(i.group) !== k);
    const d = stage1Data(trainOn);
    const w1 = train(d.X, d.y, FEATURES.length, S1);
    for (const it of fit) if (foldOf.get(it.group) === k) score1(it, w1);
  }
  console.log(`cross-fitted stage 1 in ${Date.now() - t0} ms`);
  const d2 = stage2Data(fit);
  const stage2 = train(d2.X, d2.y, FEATURES.length + CONTEXT.length, S2);
  const d1 = stage1Data(fit);
  const stage1 = train(d1.X, d1.y, FEATURES.length, S1);
  console.log(`trained both stages in ${Date.now() - t0} ms`);
  // Cross-fitted stage 2 as well: thresholds are chosen on probabilities no model saw the answers to.
  const probsFit: number[][] = new Array(fit.length);
  for (let k = 0; k < FOLDS; k++) {
    const d = stage2Data(fit.filter((i) => foldOf.get(i.group) !== k));
    const w2 = train(d.X, d.y, FEATURES.length + CONTEXT.length, S2);
    fit.forEach((it, j) => {
      if (foldOf.get(it.group) === k) probsFit[j] = Array.from(probsOf(it, w2));
    });
  }
  console.log(`cross-fitted stage 2 in ${Date.now() - t0} ms`);
  return { stage1, stage2, scoresFit: fit.map((it) => Array.from(it.prep.s)), probsFit };
}

// --cache <file>: the fitted weights and cross-fitted scores are read from that file when it exists
// (and written to it when not), so the threshold search can be rerun without refitting. Delete the
// file whenever the features or the data change.
const cacheAt = process.argv.indexOf('--cache');
const cacheFile = cacheAt >= 0 ? process.argv[cacheAt + 1] : null;
let fitted: Fitted;
if (cacheFile && existsSync(cacheFile)) {
  fitted = JSON.parse(readFileSync(cacheFile, 'utf8')) as Fitted;
  fit.forEach((it, j) => it.prep.s.set(fitted.scoresFit[j]));
  console.log(`fitted models read from ${cacheFile}`);
} else {
  fitted = fitModels();
  if (cacheFile) writeFileSync(cacheFile, JSON.stringify(fitted));
}
const { stage1, stage2 } = fitted;
const probsFit = fitted.probsFit;

function grade(th: NotesModel['thresholds']): { recall: number; precision: number; clean: number } {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let bad = 0;
  const model = { ...placeholder, thresholds: th };
  fit.forEach((it, k) => {
    const note = decide(it.prep, probsFit[k], model);
    let hid = false;
    it.ch.blocks.forEach((b, i) => {
      if (b.label === 'separator') return;
      if (b.label === 'note') (note[i] ? tp++ : fn++);
      else if (note[i]) (fp++, (hid = true));
    });
    if (hid) bad++;
  });
  return { recall: tp / (tp + fn || 1), precision: tp / (tp + fp || 1), clean: 1 - bad / fit.length };
}

// The seed chapter (tests/fixtures/seed) must hide exactly its last three paragraphs, an unmarked
// note: thresholds that do not are not taken (a stated requirement, checked with the final weights).
const seedItem = items.find((i) => i.ch.id.startsWith('seed'))!;
score1(seedItem, stage1);
const seedProbs = probsOf(seedItem, stage2);
const seedOk = (th: NotesModel['thresholds']): boolean => {
  const note = decide(seedItem.prep, seedProbs, { ...placeholder, thresholds: th });
  const n = note.length;
  return note.every((x, i) => x === (i >= n - 3));
};
type Scored = { th: NotesModel['thresholds']; recall: number; precision: number; clean: number };
let best = null as Scored | null;
let fallback = null as (Scored & { f: number }) | null;
/** What the search has chosen so far (read through a call: the search assigns in `consider`). */
const chosen = (): Scored => (best ?? fallback)!;
/** Grade one setting and keep it when it is the best so far (the seed chapter's rule first). */
function consider(th: NotesModel['thresholds']): void {
  if (!seedOk(th)) return;
  const g = grade(th);
  if (process.argv.includes('--grid')) console.log(`  ${JSON.stringify(th)} recall ${g.recall.toFixed(3)} precision ${g.precision.toFixed(3)} clean ${g.clean.toFixed(4)}`);
  const f = g.recall - 3 * (1 - g.precision) - 3 * (1 - g.clean);
  if (!fallback || f > fallback.f) fallback = { th, ...g, f };
  if (g.precision < 0.975 || g.clean < 0.99) return;
  if (!best || g.recall > best.recall + 1e-9 || (Math.abs(g.recall - best.recall) < 1e-9 && g.precision > best.precision)) best = { th, ...g };
}
// A label's note region: off, or on from a mean probability over at most `regionSpan` blocks.
const REGIONS = [
  { region: 2, regionSpan: 0, regionOwn: -99 },
  ...[0.1, 0.2, 0.3, 0.5].flatMap((region) => [15, 40].flatMap((regionSpan) => [-4, -6, -8].map((regionOwn) => ({ region, regionSpan, regionOwn })))),
];
const EDGES = [0.8, 0.85, 0.875, 0.9];
const BOTTOMS = [0.8, 0.85, 0.875, 0.9, 0.95];
const OWNS = [-2, -1, -0.5];
// Pass 1: the run thresholds and the label regions (no outermost-line threshold).
for (const edge of EDGES)
  for (const edgeBottom of BOTTOMS)
    for (const fence of [0, 2])
      for (const own of OWNS)
        for (const label of [3, 6])
          for (const r of REGIONS) consider({ edge, edgeBottom, middle: 4, gap: 0.2, fence, own, whole: 0.85, label, ...r });
// Pass 2: from pass 1's choice, the outermost short line's threshold (edgeOne), with the run
// thresholds searched again around it; then the regions again. (A probability that carried a run
// over a block with little evidence of its own, `trust` 0.95-0.99, was searched here until the
// boundary's `weak` cost replaced it: it was never chosen.)
const pass1 = chosen().th;
for (const edgeOne of [undefined, 0.5, 0.6, 0.7, 0.8, 0.9])
  for (const edge of [...EDGES, 0.925, 0.95, 0.975])
    for (const edgeBottom of BOTTOMS)
      for (const own of [...OWNS, -1.5]) consider({ ...pass1, edge, edgeBottom, own, edgeOne });
const pass2 = chosen().th;
for (const label of [3, 6]) for (const r of REGIONS) consider({ ...pass2, label, ...r });
// Pass 3, the boundary: a block with little evidence of its own as a cost the run may cross when
// stronger blocks follow (`weak`) instead of its end, with the run and outermost-line thresholds
// searched again around it.
const pass3 = chosen().th;
for (const weak of [undefined, 1, 2, 3, 4, 6, 8, 12, 16, 24])
  for (const own of [...OWNS, -1.5, -3])
    for (const edge of [0.875, 0.9, 0.925, 0.95, 0.975, 0.985])
      for (const edgeBottom of [0.85, 0.875, 0.9, 0.95])
        for (const edgeOne of [pass3.edgeOne, 0.85, 0.875]) consider({ ...pass3, weak, own, edge, edgeBottom, edgeOne });
if (process.argv.includes('--show')) {
  // Analysis aid: the story blocks the chosen thresholds hide on the fitting part (cross-fitted).
  const m = { ...placeholder, thresholds: chosen().th };
  fit.forEach((it, k) => {
    const note = decide(it.prep, probsFit[k], m);
    it.ch.blocks.forEach((b, i) => {
      if (b.label === 'note' && !note[i] && process.argv.includes('--fn')) console.log(`  FN ${it.ch.id}[${i}/${it.prep.n}] p=${probsFit[k][i].toFixed(2)} s=${it.prep.s[i].toFixed(1)} ${textOf(b).slice(0, 90)}`);
      if (b.label === 'story' && note[i]) console.log(`  FP ${it.ch.id}[${i}] p=${probsFit[k][i].toFixed(2)} s=${it.prep.s[i].toFixed(1)} ${textOf(b).slice(0, 90)}`);
    });
  });
}
if (!best) {
  console.error('train-notes: no thresholds reach precision 0.975 with 99 % clean chapters on the fitting part; the best trade-off instead');
  best = fallback!;
}
console.log(`thresholds ${JSON.stringify(best.th)}: fitting part (cross-fitted) recall ${best.recall.toFixed(3)}, precision ${best.precision.toFixed(3)}, clean ${best.clean.toFixed(4)}`);

const round = (x: number) => Math.round(x * 1000) / 1000;
const model: NotesModel = {
  version: 1,
  features: FEATURES,
  context: CONTEXT,
  stage1: { w: stage1.w.map(round), b: round(stage1.b) },
  stage2: { w: stage2.w.map(round), b: round(stage2.b) },
  thresholds: best.th,
};

// ---------------------------------------------------------------------------------------------
// Report, with the detector itself (lib/notes/detector.ts) and the rounded model.

const pct = (x: number) => x.toFixed(3);
function line(name: string, f: Figures): string {
  return `${name.padEnd(26)} chapters ${String(f.chapters).padStart(4)}  notes ${String(f.tp + f.fn).padStart(4)}  recall ${pct(f.recall)}  precision ${pct(f.precision)}  story hidden ${f.storyBlocksHidden} (clean chapters ${pct(f.noStoryHiddenRate)})`;
}
function positionsLine(r: EvalSummary): string {
  return '   by position: ' + Object.entries(r.byPosition).map(([p, v]) => `${p} ${pct(v.recall)} (${v.notes})`).join(', ');
}
const sets: [string, LabelledChapter[]][] = [
  ['corpus, fitted on', items.filter((i) => i.source === 'corpus' && i.part === 'fit').map((i) => i.ch)],
  ['corpus, MEASURED (unseen)', items.filter((i) => i.source === 'corpus' && i.part === 'measure').map((i) => i.ch)],
  ['hand-written, fitted on', items.filter((i) => i.source === 'hand' && i.part === 'fit').map((i) => i.ch)],
  ['hand-written, MEASURED', items.filter((i) => i.source === 'hand' && i.part === 'measure').map((i) => i.ch)],
];
for (const [name, chs] of sets) {
  const r = evaluate(chs, model);
  console.log(line(name, r));
  console.log(positionsLine(r));
  if (name.startsWith('hand')) for (const [l, f] of Object.entries(r.byLanguage)) console.log('   ' + line(l, f));
  if (name.startsWith('corpus')) {
    // The same stories read in order with the story's memory (as the extension does).
    const m = evaluateWithMemory(chs, model);
    console.log(line(`  with the story's memory`, m));
    console.log(positionsLine(m));
  }
}

if (!dry) {
  const out = join(HERE, '../lib/notes/model.json');
  // The names go beside the weights, not into the bundles: a test checks they match the code's.
  const { features, context, ...shipped } = model;
  writeFileSync(out, JSON.stringify(shipped) + '\n');
  writeFileSync(join(HERE, '../lib/notes/model-names.json'), JSON.stringify({ features, context }, null, 1) + '\n');
  console.log(`wrote ${out} and model-names.json`);
}
