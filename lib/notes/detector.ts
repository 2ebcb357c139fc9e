/**
 * The author's-note detector: decides, over a chapter's whole block sequence, which blocks are the
 * author talking to readers. Three steps, all learned except the last's shape:
 *  1. each block's own features (features.ts: lexicon concepts in the page's language, shape) give
 *     a stage-1 score;
 *  2. each block's place (neighbours' scores, its divider segment, distance from the chapter's top
 *     and bottom, a note label above it) gives a stage-2 probability;
 *  3. notes are runs: at the top, at the bottom, or in mid-chapter, where the bar is higher; a
 *     weak block between two notes of one run joins them.
 * Weights and thresholds come from model.json (scripts/train-notes.ts). The story's memory (notes
 * learned across chapters, the reader's corrections) is applied on top.
 *
 * Pure and DOM-free (HTML strings + text). On long pages only the blocks a note can be in are
 * read in full: the chapter's first and last blocks, and the blocks from a note label on.
 */
import { blockInfo, capitalisedNames, F, isSeparatorBlock, universalMarker, type BlockInfo } from './features';
import { fingerprintKey, hashKey } from './fingerprint';
import { htmlToText } from './html-text';
import { englishMatcher } from './matchers';
import { normalizeForMatch, type Matcher } from './lexicon';
import { contextVectors, dot, MODEL, sigmoid, stage2Input, type NotesModel } from './model';
import type { Decision, DetectorBlock, StoryNoteMemory } from './types';

export interface DetectOptions {
  /** The page's lexicon matcher (lexicons.ts matcherFor); English alone when absent. */
  matcher?: Matcher;
  /** Another model (training and tests). */
  model?: NotesModel;
}

/** Pages up to this many blocks are read in full. */
const FULL = 600;
/** On longer pages: this many blocks at each end, and this many from a note label on. */
const EDGE = 80;
const AFTER = 12;
/** A block the detector did not read in full: plainly story. */
const UNREAD = -8;
/**
 * A postscript ("P.S.", "PS:", "PD:") closes a letter inside the story as often as a note: in
 * mid-chapter it needs as much evidence as any label, and it opens no note region.
 */
const POSTSCRIPT = /^[\s(\[*~_\-–—]*p\.?\s?[sd]\b/i;

/** The chapter as the models see it (shared with the trainer so both compute the same thing). */
export interface Prepared {
  n: number;
  text: string[];
  sep: Uint8Array;
  marker: Uint8Array;
  dialogue: Uint8Array;
  names: Float64Array;
  info: (BlockInfo | undefined)[];
  /** Stage-1 score per block. */
  s: Float64Array;
}

/** Which blocks get full features. */
function chooseRead(n: number, text: string[], html: string[], sep: Uint8Array, matcher: Matcher): Uint8Array {
  const read = new Uint8Array(n);
  if (n <= FULL) {
    for (let i = 0; i < n; i++) read[i] = sep[i] ? 0 : 1;
    return read;
  }
  for (let i = 0, k = 0; i < n && k < EDGE; i++) if (!sep[i]) (read[i] = 1), k++;
  for (let i = n - 1, k = 0; i >= 0 && k < EDGE; i--) if (!sep[i]) (read[i] = 1), k++;
  // Mid-page notes open with a label: only the start of each block is read to find one.
  for (let i = 0; i < n; i++) {
    if (sep[i] || read[i] || !startsWithLabel(text[i], html[i], matcher)) continue;
    for (let j = i, k = 0; j < n && k < AFTER && !sep[j]; j++, k++) read[j] = 1;
  }
  return read;
}

const FIRST_WORD = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/u;

function startsWithLabel(text: string, html: string, matcher: Matcher): boolean {
  if (universalMarker(text)) return true;
  // Only a block whose first word can start a note label is read further.
  const m = FIRST_WORD.exec(text.slice(0, 40));
  if (!m || m.index > 6) return false;
  const word = normalizeForMatch(m[0]);
  if (!matcher.labelStarts.has(word)) return false;
  return blockInfo(html.length > 300 ? html.slice(0, 300) : html, text.slice(0, 80), matcher).marker;
}

/** Stage 1 over a chapter: features for the blocks a note can be in, and their scores. */
export function prepare(blocks: DetectorBlock[], matcher: Matcher, model: NotesModel = MODEL): Prepared {
  const n = blocks.length;
  const text = new Array<string>(n);
  const sep = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const b = blocks[i];
    text[i] = b.text ?? htmlToText(b.html);
    if (isSeparatorBlock(b.html, text[i])) sep[i] = 1;
  }
  const read = chooseRead(n, text, blocks.map((b) => b.html), sep, matcher);
  const info = new Array<BlockInfo | undefined>(n);
  const marker = new Uint8Array(n);
  const dialogue = new Uint8Array(n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (sep[i]) continue;
    if (!read[i]) {
      s[i] = UNREAD;
      continue;
    }
    const f = blockInfo(blocks[i].html, text[i], matcher);
    info[i] = f;
    marker[i] = f.marker ? 1 : 0;
    dialogue[i] = f.dialogueStart ? 1 : 0;
    s[i] = dot(model.stage1, f.x);
  }
  const names = recurringNames(n, text, sep, read, s);
  return { n, text, sep, marker, dialogue, names, info, s };
}

/**
 * For the blocks that look like notes on their own (stage-1 score above -2): how many of their
 * capitalised names recur across the chapter, as the story's characters and places do (0..2).
 */
function recurringNames(n: number, text: string[], sep: Uint8Array, read: Uint8Array, s: Float64Array): Float64Array {
  const out = new Float64Array(n);
  const cache = new Map<string, boolean>();
  const step = Math.max(1, Math.floor(n / 400));
  const min = Math.max(3, Math.ceil(Math.min(n, 400) / 40));
  const namesOf = new Map<number, string[]>();
  const names = (i: number): string[] => {
    let v = namesOf.get(i);
    if (!v) namesOf.set(i, (v = capitalisedNames(text[i])));
    return v;
  };
  const recurs = (name: string): boolean => {
    let r = cache.get(name);
    if (r !== undefined) return r;
    let count = 0;
    for (let i = 0; i < n && count < min; i += step) {
      if (sep[i] || text[i].indexOf(name) < 0) continue;
      if (names(i).includes(name)) count++;
    }
    r = count >= min;
    cache.set(name, r);
    return r;
  };
  for (let i = 0; i < n; i++) {
    if (!read[i] || s[i] < -2) continue;
    let hits = 0;
    for (const name of names(i)) if (recurs(name) && ++hits >= 2) break;
    out[i] = hits;
  }
  return out;
}

/** Stage 2: the probability that each block is a note (separators and unread blocks: 0). */
export function probabilities(p: Prepared, model: NotesModel = MODEL): Float64Array {
  const prob = new Float64Array(p.n);
  const which: number[] = [];
  for (let i = 0; i < p.n; i++) if (p.info[i]) which.push(i);
  const z = contextVectors(p, which);
  for (const [i, v] of z) prob[i] = sigmoid(dot(model.stage2, stage2Input(p.info[i]!.x, v)));
  return prob;
}

const logit = (q: number): number => {
  const c = q < 1e-4 ? 1e-4 : q > 1 - 1e-4 ? 1 - 1e-4 : q;
  return Math.log(c / (1 - c));
};

/**
 * A block a note run does not cross: a story heading, or a title-like line with no evidence of a
 * note of its own (the story's title or an epigraph's source right under a top note).
 */
function fences(p: Prepared, i: number): boolean {
  const f = p.info[i];
  return !!f && !p.marker[i] && !isStamp(p, i) && (f.heading || (f.title && p.s[i] < 0));
}

/**
 * An update or edit stamp on its own short line ("Updated 5/4/2012", "Publicado el 3/5/12": a date
 * with an update, edit or posting word, features.ts stampLine). Structure, not learned: the
 * fitting part has none, and a story's own dates ("9:05 pm, July 22nd") carry no such word. At a
 * chapter's edge it counts as a note label does.
 */
const isStamp = (p: Prepared, i: number): boolean => p.info[i]?.x[F.stampLine] === 1;

/**
 * The best edge run from `from` in direction `dir`: the length that maximises the summed evidence
 * (each block's log-odds less the learned `cost`), with a `fence` bonus when the run ends at a
 * divider or a heading. A weak block inside a note is taken when stronger ones follow it. Returns
 * the index one past the run's last block (in `dir`), or `from` for no run.
 */
function edgeRun(p: Prepared, prob: ArrayLike<number>, from: number, stop: number, dir: 1 | -1, cost: number, th: NotesModel['thresholds']): number {
  const { sep, info, s: score, marker } = p;
  const { fence, own, label } = th;
  let cum = 0;
  let best = 0;
  let bestEnd = from;
  let seen = false;
  for (let i = from; dir > 0 ? i < stop : i > stop; i += dir) {
    if (sep[i]) continue;
    const f = info[i];
    // A block the detector did not read or a story heading ends the run.
    const stamp = isStamp(p, i);
    // A block with too little evidence of its own: with a learned `weak` cost, a change point the
    // run may cross when the blocks after it make up for it; without one, the run's end.
    const weak = !stamp && score[i] < own;
    if (!f || fences(p, i) || (weak && th.weak === undefined)) break;
    // The chapter's outermost block, when it is one short line (a stamp, "Review please!"), has
    // its own threshold: one-line habits sit exactly there.
    const c = !seen && th.edgeOne !== undefined && f.words <= 12 && isOutermost(p, i, dir) ? logit(th.edgeOne) : cost;
    // A note label ("A/N:", "Author's note:", "Disclaimer:") is evidence enough on its own; a
    // postscript is not (a letter in the story ends with one as often).
    const e = logit(prob[i]) - c - (weak ? th.weak! : 0);
    cum += (marker[i] && !POSTSCRIPT.test(p.text[i])) || stamp ? Math.max(e, label) : e;
    seen = true;
    const next = i + dir;
    const fenced = next === stop || (next >= 0 && next < p.n && (sep[next] === 1 || fences(p, next)));
    const v = cum + (fenced ? fence : 0);
    if (v > best) {
      best = v;
      bestEnd = next;
    }
    if (cum < -30) break;
  }
  return seen ? bestEnd : from;
}

/** Whether no block but dividers lies between `i` and the chapter's edge in direction -`dir`. */
function isOutermost(p: Prepared, i: number, dir: 1 | -1): boolean {
  for (let j = i - dir; j >= 0 && j < p.n; j -= dir) if (!p.sep[j]) return false;
  return true;
}

/** Notes as runs, from the probabilities: the best top and bottom runs, mid-chapter notes, gaps filled. */
export function decide(p: Prepared, prob: ArrayLike<number>, model: NotesModel = MODEL): boolean[] {
  const { n, sep } = p;
  const { edge, middle, gap, own, whole } = model.thresholds;
  const cost = logit(edge);
  // Notes at the bottom are shorter and come without a divider more often: their own cost.
  const costBottom = logit(model.thresholds.edgeBottom ?? edge);
  const note = new Array<boolean>(n).fill(false);
  const topEnd = edgeRun(p, prob, 0, n, 1, cost, model.thresholds);
  for (let i = 0; i < topEnd; i++) if (!sep[i]) note[i] = true;
  const bottomStart = edgeRun(p, prob, n - 1, topEnd - 1, -1, costBottom, model.thresholds);
  for (let i = n - 1; i > bottomStart; i--) if (!sep[i]) note[i] = true;
  // A note label at an edge opens a note region: at the bottom it runs to the chapter's end, at
  // the top to the first divider ("Notes:" over numbered explanations, "Author's Note –" over an
  // essay), when the region's blocks are likely notes on average.
  const region = labelRegions(p, prob, model, topEnd, bottomStart);
  for (let i = region.top[0]; i < region.top[1]; i++) if (!sep[i]) note[i] = true;
  for (let i = region.bottom; i < n; i++) if (!sep[i]) note[i] = true;
  // Mid-chapter, where a chapter's notes are rare (the place says "story"): a note label whose own
  // text is strong evidence (stage-1 score >= middle; for the unmistakable "A/N", "N/A", "NdA"
  // abbreviations, any evidence for) opens a note, which runs on over blocks with evidence of their
  // own (score > 0) up to a divider or heading.
  for (let i = topEnd; i <= bottomStart; i++) {
    if (sep[i] || note[i] || !p.marker[i] || p.s[i] < (universalMarker(p.text[i]) && !POSTSCRIPT.test(p.text[i]) ? 0 : middle)) continue;
    let j = i;
    while (j <= bottomStart && !sep[j] && (j === i || (p.s[j] > 0 && !p.info[j]?.heading))) note[j++] = true;
    i = j - 1;
  }
  // A chapter that is all author talk (a hiatus notice, a forum post about the story).
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) if (!sep[i]) (sum += prob[i]), count++;
  if (count && sum / count >= whole) for (let i = 0; i < n; i++) if (!sep[i]) note[i] = true;
  // A weak block between two notes (no divider between them) joins them.
  for (let i = 1; i < n - 1; i++) {
    if (note[i] || sep[i] || prob[i] < gap || p.s[i] < own) continue;
    let a = i - 1;
    while (a >= 0 && !note[a] && !sep[a] && prob[a] >= gap && p.s[a] >= own) a--;
    let b = i + 1;
    while (b < n && !note[b] && !sep[b] && prob[b] >= gap && p.s[b] >= own) b++;
    if (a >= 0 && b < n && note[a] && note[b]) for (let j = a + 1; j < b; j++) note[j] = true;
  }
  return note;
}

/**
 * Whether a block can be inside a note region: not a story heading, not a line of dialogue, and
 * not plainly narration on its own (stage-1 score below the learned floor).
 */
const inRegion = (p: Prepared, i: number, floor: number): boolean => !!p.info[i] && !fences(p, i) && !p.dialogue[i] && p.s[i] >= floor;

/** A note label strong enough to open a region. */
const opensRegion = (p: Prepared, i: number): boolean => !!p.marker[i] && !POSTSCRIPT.test(p.text[i]) && (p.s[i] >= 0 || universalMarker(p.text[i]));

/** The note regions a label opens (see decide): [from, to) at the top and the first index at the bottom (n: none). */
function labelRegions(p: Prepared, prob: ArrayLike<number>, model: NotesModel, topEnd: number, bottomStart: number): { top: [number, number]; bottom: number } {
  const { n, sep } = p;
  const out: { top: [number, number]; bottom: number } = { top: [0, 0], bottom: n };
  const need = model.thresholds.region ?? 2;
  const span = model.thresholds.regionSpan ?? 0;
  const floor = model.thresholds.regionOwn ?? model.thresholds.own;
  if (need > 1 || span <= 0) return out;
  // Bottom: the nearest label above the bottom run, with only likely-note blocks between it and the end.
  let sum = 0;
  for (let i = n - 1, k = 0; i > Math.max(topEnd - 1, 0) && k < span; i--) {
    if (sep[i]) continue;
    if (i <= bottomStart) {
      if (!inRegion(p, i, floor)) break;
      sum += prob[i];
      k++;
    }
    if (opensRegion(p, i) && i <= bottomStart && sum / k >= need) {
      out.bottom = i;
      break;
    }
  }
  // Top: a label at the top (or inside the top run) opens a note up to the first divider.
  let m = -1;
  for (let i = 0; i < n; i++) {
    if (sep[i]) continue;
    if (opensRegion(p, i)) m = i;
    if (m >= 0 || i >= topEnd) break;
  }
  if (m < 0) return out;
  sum = 0;
  let k = 0;
  // The mean is over the blocks the region adds to the top run.
  for (let j = m, len = 0; j < n && len < span; j++, len++) {
    if (sep[j]) {
      if (k && sum / k >= need && j < bottomStart) out.top = [m, j];
      break;
    }
    if (j > m && !inRegion(p, j, floor)) break;
    if (j >= topEnd) (sum += prob[j]), k++;
  }
  return out;
}

export function detectNotes(blocks: DetectorBlock[], memory?: StoryNoteMemory, opts: DetectOptions = {}): Decision[] {
  const model = opts.model ?? MODEL;
  const p = prepare(blocks, opts.matcher ?? englishMatcher(), model);
  const { n, sep } = p;
  const locked = new Array<'story' | 'note' | undefined>(n);
  const known = new Uint8Array(n);
  const numeric = new Uint8Array(n);
  const fps = memory?.noteFingerprints?.length ? new Set(memory.noteFingerprints) : null;
  const corrections = memory?.corrections ?? {};
  const hasCorrections = Object.keys(corrections).length > 0;
  if (fps || hasCorrections) {
    for (let i = 0; i < n; i++) {
      if (sep[i]) continue;
      const key = fingerprintKey(normalizeForMatch(p.text[i]));
      const fp = hashKey(key);
      if (!fp) continue;
      // A block learned as a recurring note across chapters is a note (its neighbours' context
      // stays what their own text and place say).
      if (fps?.has(fp)) {
        if (mostlyNumbers(key)) numeric[i] = 1;
        if (!p.info[i]) p.info[i] = blockInfo(blocks[i].html, p.text[i], opts.matcher ?? englishMatcher());
        known[i] = 1;
      }
      const c = corrections[fp];
      if (c) {
        locked[i] = c;
        if (!p.info[i]) p.info[i] = blockInfo(blocks[i].html, p.text[i], opts.matcher ?? englishMatcher());
      }
    }
  }
  const prob = probabilities(p, model);
  for (let i = 0; i < n; i++) {
    // Numbers are folded in fingerprints ("Chapter 41 is up!" is "Chapter 42 is up!"), so a line
    // that is mostly numbers recurs whatever it says: a scene's time and date line ("9:10 am, March
    // 3rd") as much as an update stamp. It counts only with evidence of a note of its own.
    if (known[i] && (!numeric[i] || p.s[i] > 0)) {
      // Evidence for a note at the chapter's edges, where it was learned; not a label: it opens no
      // region and no note in mid-chapter (a scene's place line recurs at edges and inside too).
      prob[i] = Math.max(prob[i], 0.99);
      p.s[i] = Math.max(p.s[i], 8);
    }
    if (locked[i] === 'note') (prob[i] = 1), (p.s[i] = Math.max(p.s[i], 8));
    else if (locked[i] === 'story') (prob[i] = 0), (p.s[i] = Math.min(p.s[i], -8));
  }
  const note = decide(p, prob, model);
  // A reader's correction always wins.
  for (let i = 0; i < n; i++) if (locked[i]) note[i] = locked[i] === 'note';
  const { edge } = model.thresholds;

  const out: Decision[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (sep[i]) {
      out[i] = { label: 'story', confidence: 0.9, unsure: false };
      continue;
    }
    const q = prob[i];
    if (locked[i]) {
      out[i] = locked[i] === 'note' ? { label: 'note', confidence: 1, unsure: false, where: whereOf(i, note, sep) } : { label: 'story', confidence: 1, unsure: false };
    } else if (note[i]) {
      const confidence = clamp(q, 0.5, 0.99);
      out[i] = { label: 'note', confidence, unsure: locked[i] !== 'note' && q < edge + 0.15, where: whereOf(i, note, sep) };
    } else {
      const confidence = clamp(1 - q, 0.5, 0.99);
      out[i] = { label: 'story', confidence, unsure: locked[i] !== 'story' && q >= Math.max(edge - 0.25, 0.2) };
    }
  }
  // Dividers that touch a note: label them separator (hiding them with the note is fine).
  for (let i = 0; i < n; i++) {
    if (!sep[i]) continue;
    let a = i - 1;
    while (a >= 0 && sep[a]) a--;
    let b = i + 1;
    while (b < n && sep[b]) b++;
    if ((a >= 0 && note[a]) || (b < n && note[b])) out[i] = { label: 'separator', confidence: 0.9, unsure: false };
  }
  return out;
}

/** A fingerprint key (numbers folded to "0") whose words are numbers at least half the time. */
function mostlyNumbers(key: string): boolean {
  const words = key.split(' ');
  let k = 0;
  for (const w of words) if (/\d/.test(w)) k++;
  return k * 2 >= words.length;
}

function whereOf(i: number, note: boolean[], sep: Uint8Array): 'before' | 'inline' | 'after' {
  let storyBefore = false;
  for (let j = 0; j < i; j++) if (!note[j] && !sep[j]) { storyBefore = true; break; }
  if (!storyBefore) return 'before';
  for (let j = i + 1; j < note.length; j++) if (!note[j] && !sep[j]) return 'inline';
  return 'after';
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
