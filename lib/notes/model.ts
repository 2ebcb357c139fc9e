/**
 * The learned part of the notes detector: two logistic models and the thresholds that turn their
 * output into runs of notes. Stage 1 weighs a block's own features (features.ts); stage 2 weighs the
 * block in its place: its stage-1 score, its neighbours', its divider segment's, how far it is from
 * the chapter's top and bottom, whether a note label opened its segment. Both are fitted by
 * scripts/train-notes.ts on the part of the real-chapter corpus set aside for fitting, and stored
 * in model.json: no weight or threshold here is set by hand.
 */
import { F } from './features';
import data from './model.json';

const featureIndex = (name: string): number => F[name];

export interface Linear {
  w: number[];
  b: number;
}

export interface NotesModel {
  version: number;
  /** The feature names the weights are for (model-names.json; not shipped in the bundles). */
  features?: string[];
  context?: string[];
  stage1: Linear;
  stage2: Linear;
  thresholds: {
    /** A block at a chapter edge (in the top or bottom run) is a note from this probability on. */
    edge: number;
    /** The same for the bottom run (the top's when absent). */
    edgeBottom?: number;
    /** A note label in mid-chapter opens a note from this stage-1 score on. */
    middle: number;
    /** The least evidence a note label ("A/N:", "Author's note:") adds to an edge run. */
    label: number;
    /** A chapter whose blocks' mean probability reaches this is a note as a whole. */
    whole: number;
    /** A block between two notes of one run joins them from this probability on. */
    gap: number;
    /** Evidence bonus for an edge run that ends at a divider or heading. */
    fence: number;
    /** A block joins a note only with at least this stage-1 score (evidence of its own). */
    own: number;
    /** A block with less evidence of its own than `own` costs an edge run this much log-odds instead of ending it (absent: it ends the run). */
    weak?: number;
    /** The chapter's first or last block, when short (a line of at most 12 words), is a note from this probability on (`edge` when absent). */
    edgeOne?: number;
    /** A note label at an edge opens a region (to the end, or to the first divider at the top) whose mean probability reaches this (absent or > 1: off). */
    region?: number;
    /** The most blocks such a region spans. */
    regionSpan?: number;
    /** A block joins a region only with at least this stage-1 score (`own` when absent). */
    regionOwn?: number;
  };
}

export const MODEL = data as unknown as NotesModel;

/** Context feature names (stage 2), in vector order. */
export const CONTEXT: string[] = [
  's',
  'sPrev',
  'sNext',
  'sPrev2',
  'sNext2',
  'maxBefore',
  'maxAfter',
  'edgeMean',
  'segMax',
  'segLen',
  'firstSeg',
  'lastSeg',
  'prevSep',
  'nextSep',
  'topRank',
  'bottomRank',
  'isFirst',
  'isLast',
  'topZone',
  'bottomZone',
  'sTop',
  'sBottom',
  'markerAbove',
  'markerBelow',
  'dialogueInSeg',
  'names',
  'logBlocks',
  'onlySeg',
  'segShare',
  'firstSegSmall',
  'lastSegSmall',
  'sFirstSeg',
  'sLastSeg',
  'heading',
  'storyHeading',
  'dialogueStart',
  'marker',
  'headingAfterSep',
  'quoteShare',
  'short',
  'sEdge',
  'edgeConcepts',
];

export const C: Record<string, number> = /* @__PURE__ */ Object.fromEntries(/* @__PURE__ */ CONTEXT.map((n, i) => [n, i]));

/** Stage 2 reads the block's own features and its place. */
export function stage2Input(x: ArrayLike<number>, z: ArrayLike<number>): Float64Array {
  const v = new Float64Array(x.length + z.length);
  v.set(x as ArrayLike<number>, 0);
  v.set(z as ArrayLike<number>, x.length);
  return v;
}

export function dot(l: Linear, x: ArrayLike<number>): number {
  let s = l.b;
  const w = l.w;
  const n = Math.min(w.length, x.length);
  for (let i = 0; i < n; i++) s += w[i] * x[i];
  return s;
}

export function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** What stage 2 needs of each block, besides its stage-1 score. */
export interface ContextInput {
  /** Stage-1 score per block (separators: 0, ignored). */
  s: ArrayLike<number>;
  sep: ArrayLike<number>;
  marker: ArrayLike<number>;
  dialogue: ArrayLike<number>;
  /** Recurring character names in the block (0..2). */
  names: ArrayLike<number>;
  /** Each block's own features (stage 1's input; absent for blocks not read). */
  info: ({ x: ArrayLike<number>; heading: boolean } | undefined)[];
}

/** Own-block features stage 2 sees again (context names equal to the stage-1 names). */
const OWN = ['storyHeading', 'dialogueStart', 'marker', 'quoteShare', 'short'];

/** Stage-2 feature vectors for the blocks in `which` (all blocks when absent). */
export function contextVectors(inp: ContextInput, which?: number[]): Map<number, Float64Array> {
  const { s, sep, marker, dialogue, names, info } = inp;
  const n = s.length;
  // Ranks among non-divider blocks, and divider segments.
  const rank = new Int32Array(n);
  const segOf = new Int32Array(n);
  let r = 0;
  let seg = 0;
  for (let i = 0; i < n; i++) {
    if (sep[i]) {
      if (i > 0 && !sep[i - 1]) seg++;
      segOf[i] = -1;
      continue;
    }
    rank[i] = r++;
    segOf[i] = seg;
  }
  const total = r;
  const nSeg = seg + 1;
  const segMax = new Float64Array(nSeg).fill(-Infinity);
  const segCount = new Int32Array(nSeg);
  const segDialogue = new Int32Array(nSeg);
  let firstSeg = -1;
  let lastSeg = -1;
  for (let i = 0; i < n; i++) {
    const g = segOf[i];
    if (g < 0) continue;
    if (firstSeg < 0) firstSeg = g;
    lastSeg = g;
    if (s[i] > segMax[g]) segMax[g] = s[i];
    segCount[g]++;
    segDialogue[g] += dialogue[i] ? 1 : 0;
  }
  const at = (i: number): number => (i >= 0 && i < n && !sep[i] ? s[i] : 0);
  const out = new Map<number, Float64Array>();
  const idx = which ?? Array.from({ length: n }, (_, i) => i);
  for (const i of idx) {
    if (sep[i]) continue;
    const z = new Float64Array(CONTEXT.length);
    const g = segOf[i];
    const top = rank[i];
    const bottom = total - 1 - rank[i];
    z[C.s] = s[i];
    z[C.sPrev] = at(i - 1);
    z[C.sNext] = at(i + 1);
    z[C.sPrev2] = at(i - 2);
    z[C.sNext2] = at(i + 2);
    let mb = -8;
    let markerAbove = 0;
    for (let j = i - 1, k = 0; j >= 0 && k < 12 && !sep[j]; j--, k++) {
      if (s[j] > mb) mb = s[j];
      if (marker[j]) markerAbove = 1;
    }
    let ma = -8;
    let markerBelow = 0;
    for (let j = i + 1, k = 0; j < n && k < 12 && !sep[j]; j++, k++) {
      if (s[j] > ma) ma = s[j];
      if (marker[j]) markerBelow = 1;
    }
    z[C.maxBefore] = Math.max(mb, -8) / 2;
    z[C.maxAfter] = Math.max(ma, -8) / 2;
    // The mean score from this block to the nearer chapter edge (at most 12 blocks): a run of
    // notes at an edge is what matters, not the story the run is attached to.
    const dir = top <= bottom ? -1 : 1;
    let sum = 0;
    let cnt = 0;
    for (let j = i; j >= 0 && j < n && cnt < 12; j += dir) {
      if (sep[j]) continue;
      sum += s[j];
      cnt++;
    }
    z[C.edgeMean] = cnt ? sum / cnt : 0;
    z[C.segMax] = Math.max(segMax[g], -8) / 2;
    z[C.segLen] = Math.log1p(segCount[g]) / 3;
    z[C.firstSeg] = g === firstSeg ? 1 : 0;
    z[C.lastSeg] = g === lastSeg ? 1 : 0;
    z[C.onlySeg] = firstSeg === lastSeg ? 1 : 0;
    z[C.prevSep] = i > 0 && sep[i - 1] ? 1 : 0;
    z[C.nextSep] = i + 1 < n && sep[i + 1] ? 1 : 0;
    z[C.topRank] = Math.log1p(top) / 3;
    z[C.bottomRank] = Math.log1p(bottom) / 3;
    z[C.isFirst] = top === 0 ? 1 : 0;
    z[C.isLast] = bottom === 0 ? 1 : 0;
    z[C.topZone] = top < 8 ? 1 : 0;
    z[C.bottomZone] = bottom < 8 ? 1 : 0;
    z[C.sTop] = top < 8 ? s[i] : 0;
    z[C.sBottom] = bottom < 8 ? s[i] : 0;
    z[C.markerAbove] = markerAbove;
    z[C.markerBelow] = markerBelow;
    z[C.dialogueInSeg] = segCount[g] ? segDialogue[g] / segCount[g] : 0;
    z[C.names] = names[i];
    z[C.logBlocks] = Math.log1p(total) / 5;
    const share = total ? segCount[g] / total : 1;
    const only = firstSeg === lastSeg;
    z[C.segShare] = share;
    z[C.firstSegSmall] = g === firstSeg && !only && share < 0.25 ? 1 : 0;
    z[C.lastSegSmall] = g === lastSeg && !only && share < 0.25 ? 1 : 0;
    z[C.sFirstSeg] = g === firstSeg && !only ? s[i] : 0;
    // The chapter's very first and last blocks: where one-line habits sit ("Review please!",
    // "Updated 5/4/2012", "Thanks to my beta").
    const edge = top === 0 || bottom === 0;
    z[C.sEdge] = edge ? s[i] : 0;
    z[C.sLastSeg] = g === lastSeg && !only ? s[i] : 0;
    const f = info[i];
    if (f) {
      z[C.heading] = f.heading ? 1 : 0;
      z[C.headingAfterSep] = f.heading && i > 0 && sep[i - 1] ? 1 : 0;
      for (const name of OWN) z[C[name]] = f.x[featureIndex(name)];
      z[C.edgeConcepts] = edge ? f.x[featureIndex('noteConcepts')] : 0;
    }
    out.set(i, z);
  }
  return out;
}
