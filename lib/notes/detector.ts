/**
 * The author's-note detector: decides, over a chapter's whole block sequence, which blocks are
 * the author talking to readers. Notes are contiguous runs: at the top, at the bottom, or inline
 * after a marker ("A/N:") or between dividers. Hiding story is the worse error, so a run needs
 * positive evidence in every block and, without a marker, enough evidence overall.
 *
 * Pure and DOM-free (HTML strings + text); linear in the number of blocks. It runs cold (a fresh
 * JS world before the reader view's first paint), so every block gets only the two cheap checks
 * the run search needs everywhere (divider? marker?); the full features, the text score and the
 * chapter's recurring names are computed only for the blocks the run search actually looks at.
 */
import { blockFeatures, blockScore, capitalisedNames, hasMarker, isSeparatorBlock, normalizeForMatch, shapeOf, type BlockFeatures } from './features';
import { fingerprintKey, hashKey } from './fingerprint';
import { htmlToText } from './html-text';
import type { Decision, DetectorBlock, StoryNoteMemory } from './types';

/** A block joins a note run only with at least this score. */
const JOIN = 0.5;
/** A weak block (score >= BRIDGE) may sit inside a run when a strong note block follows it. */
const BRIDGE = -0.5;
const STRONG = 3;
/** Total evidence an unmarked edge run needs: fenced off by a divider/heading, or not. */
const NEED_FENCED = 2;
const NEED_OPEN = 3.5;
/** An unmarked block standing alone between two dividers in mid-chapter. */
const NEED_INLINE_ALONE = 3.5;

interface Ctx {
  n: number;
  html: string[];
  text: string[];
  /** Computed for every block: a divider; a note marker ("A/N:", "Disclaimer"…). */
  sep: Uint8Array;
  marker: Uint8Array;
  /** Full features, for the blocks the run search looks at. */
  feats: (BlockFeatures | undefined)[];
  scores: (number | undefined)[];
  locked: ('story' | 'note' | undefined)[];
  known: boolean[];
  /** Whether a name recurs across the chapter (see `recurring`), per name asked about. */
  recurring: Map<string, boolean>;
  /** Names per block, for the sampled blocks `recurring` looked into. */
  namesOf: (string[] | undefined)[];
}

function feat(ctx: Ctx, i: number): BlockFeatures {
  return (ctx.feats[i] ??= blockFeatures(ctx.html[i], ctx.text[i]));
}

function score(ctx: Ctx, i: number): number {
  let s = ctx.scores[i];
  if (s !== undefined) return s;
  const f = feat(ctx, i);
  s = blockScore(f);
  if (!f.marker) {
    let hits = 0;
    for (const name of namesIn(ctx, i)) if (recurring(ctx, name)) hits++;
    if (hits) s -= Math.min(hits * 0.6, 1.2);
  }
  if (ctx.known[i]) s += 6;
  if (ctx.locked[i] === 'note') s = Math.max(s, 10);
  if (ctx.locked[i] === 'story') s = Math.min(s, -10);
  ctx.scores[i] = s;
  return s;
}

function namesIn(ctx: Ctx, i: number): string[] {
  return (ctx.namesOf[i] ??= capitalisedNames(ctx.text[i]));
}

/**
 * Does `name` recur across the chapter (as a name in enough of the sampled blocks)? The story's
 * characters and places do. Sampling at most ~400 blocks keeps an entire-work page cheap; only
 * the blocks whose text contains the name are read for names.
 */
function recurring(ctx: Ctx, name: string): boolean {
  let r = ctx.recurring.get(name);
  if (r !== undefined) return r;
  const { n, text, sep, marker } = ctx;
  const step = Math.max(1, Math.floor(n / 400));
  const min = Math.max(3, Math.ceil(Math.min(n, 400) / 40));
  let count = 0;
  for (let i = 0; i < n && count < min; i += step) {
    if (sep[i] || marker[i] || text[i].indexOf(name) < 0) continue;
    if (namesIn(ctx, i).includes(name)) count++;
  }
  r = count >= min;
  ctx.recurring.set(name, r);
  return r;
}

interface Run {
  start: number;
  end: number; // exclusive
  total: number;
  marker: boolean;
  fenced: boolean;
  where: 'before' | 'inline' | 'after';
}

function isBarrier(ctx: Ctx, i: number): boolean {
  return ctx.sep[i] === 1 || ctx.locked[i] === 'story' || isHeading(ctx, i);
}

function isHeading(ctx: Ctx, i: number): boolean {
  // A heading is short (blockFeatures looks at blocks of up to 200 characters only).
  return ctx.text[i].length <= 200 && feat(ctx, i).heading;
}

/** "Name: reply" lines (review replies) continue a run of the same shape. */
const LABEL_LEAD = /^[^\s:]{1,40}(?: [^\s:]{1,20}){0,3}\s?(?:\([^)]{0,30}\))?\s?:\s+\S/;

function continuesList(ctx: Ctx, i: number, prev: number): boolean {
  if (prev < 0 || prev >= ctx.n) return false;
  return LABEL_LEAD.test(ctx.text[i]) && LABEL_LEAD.test(ctx.text[prev]) && (shapeOf(feat(ctx, i)).leadBold !== '') === (shapeOf(feat(ctx, prev)).leadBold !== '');
}

function canJoin(ctx: Ctx, i: number, next: number, prev: number, inRun: boolean): boolean {
  if (isBarrier(ctx, i)) return false;
  let s = score(ctx, i);
  if (inRun && continuesList(ctx, i, prev)) s += 1;
  if (s >= JOIN) return true;
  if (s >= BRIDGE && next >= 0 && next < ctx.n && !isBarrier(ctx, next)) {
    const sn = score(ctx, next);
    // A weak block inside a run: a strong note follows, or it is a short line (a valediction) before more note.
    return sn >= STRONG || (inRun && feat(ctx, i).words <= 8 && sn >= JOIN);
  }
  return false;
}

/** Grow a run from `from` in direction `dir`, continuing across dividers when strong notes follow. */
function grow(ctx: Ctx, from: number, dir: 1 | -1): { last: number; total: number; marker: boolean } | null {
  const { n, sep } = ctx;
  let i = from;
  let last = -1;
  let total = 0;
  let marker = false;
  while (i >= 0 && i < n) {
    if (sep[i]) {
      // Continue past dividers only into another strong note (a second note section).
      let j = i;
      while (j >= 0 && j < n && sep[j]) j += dir;
      if (last >= 0 && j >= 0 && j < n && !isBarrier(ctx, j) && score(ctx, j) >= STRONG) {
        i = j;
        continue;
      }
      break;
    }
    if (!canJoin(ctx, i, i + dir, i - dir, last >= 0)) break;
    last = i;
    total += score(ctx, i);
    if (ctx.marker[i] || ctx.known[i] || ctx.locked[i] === 'note') marker = true;
    i += dir;
  }
  return last < 0 ? null : { last, total, marker };
}

/** At most this many plain blocks may sit between a marked edge note and the divider that closes it. */
const TO_DIVIDER = 2;
/** ...and each of them must score at least this (no dialogue, no narration). */
const TO_DIVIDER_MIN = -1.5;

/**
 * A marked note at a chapter edge ("A/N: ..." at the top) runs to the divider that closes it when
 * that divider comes within a couple of blocks: the classic "note, note, <hr>, story" layout. The
 * blocks in between only need to show no story evidence (no dialogue, no narration).
 */
function extendToDivider(ctx: Ctx, g: { last: number; total: number; marker: boolean }, dir: 1 | -1): void {
  if (!g.marker) return;
  const { n, sep } = ctx;
  let i = g.last + dir;
  let total = 0;
  for (let k = 0; k < TO_DIVIDER && i >= 0 && i < n; k++, i += dir) {
    if (sep[i]) break;
    if (isBarrier(ctx, i) || feat(ctx, i).dialogueStart) return;
    const s = score(ctx, i);
    if (s < TO_DIVIDER_MIN) return;
    total += s;
  }
  if (i < 0 || i >= n || !sep[i] || i === g.last + dir) return;
  g.total += total;
  g.last = i - dir;
}

function fencedAt(ctx: Ctx, i: number): boolean {
  if (i < 0 || i >= ctx.n) return true;
  return ctx.sep[i] === 1 || isHeading(ctx, i);
}

function accept(run: { total: number; marker: boolean }, fenced: boolean): boolean {
  if (run.marker) return true;
  return run.total >= (fenced ? NEED_FENCED : NEED_OPEN);
}

export function detectNotes(blocks: DetectorBlock[], memory?: StoryNoteMemory): Decision[] {
  const n = blocks.length;
  const html = new Array<string>(n);
  const text = new Array<string>(n);
  const sep = new Uint8Array(n);
  const marker = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const b = blocks[i];
    const h = b.html;
    const t = b.text ?? htmlToText(h);
    html[i] = h;
    text[i] = t;
    if (isSeparatorBlock(h, t)) sep[i] = 1;
    else if (hasMarker(h, t)) marker[i] = 1;
  }
  const known = new Array<boolean>(n).fill(false);
  const locked = new Array<'story' | 'note' | undefined>(n).fill(undefined);
  const fps = memory ? new Set(memory.noteFingerprints) : null;
  const corrections = memory?.corrections ?? {};
  const hasCorrections = Object.keys(corrections).length > 0;
  if ((fps && fps.size) || hasCorrections) {
    for (let i = 0; i < n; i++) {
      if (sep[i]) continue;
      const fp = hashKey(fingerprintKey(normalizeForMatch(text[i])));
      if (!fp) continue;
      if (fps?.has(fp)) known[i] = true;
      const c = corrections[fp];
      if (c) locked[i] = c;
    }
  }
  const ctx: Ctx = {
    n,
    html,
    text,
    sep,
    marker,
    feats: new Array(n),
    scores: new Array(n),
    locked,
    known,
    recurring: new Map(),
    namesOf: new Array(n),
  };
  const note = new Array<boolean>(n).fill(false);
  const runOf = new Array<Run | undefined>(n).fill(undefined);
  const runs: Run[] = [];
  const mark = (r: Run) => {
    runs.push(r);
    for (let i = r.start; i < r.end; i++) {
      if (!sep[i]) {
        note[i] = true;
        runOf[i] = r;
      }
    }
  };

  // Top: skip leading dividers and headings, then grow a run downwards.
  let top = 0;
  while (top < n && (sep[top] || (isHeading(ctx, top) && locked[top] !== 'note'))) top++;
  let topEnd = top;
  if (top < n) {
    const g = grow(ctx, top, 1);
    if (g) extendToDivider(ctx, g, 1);
    if (g) {
      const fenced = fencedAt(ctx, g.last + 1) || g.last === n - 1;
      if (accept(g, fenced)) {
        mark({ start: top, end: g.last + 1, total: g.total, marker: g.marker, fenced, where: 'before' });
        topEnd = g.last + 1;
      }
    }
  }

  // Bottom: skip trailing dividers, grow upwards (never into the top run).
  let bottom = n - 1;
  while (bottom >= topEnd && sep[bottom]) bottom--;
  if (bottom >= topEnd && !note[bottom]) {
    const g = grow(ctx, bottom, -1);
    if (g) extendToDivider(ctx, g, -1);
    if (g) {
      const first = Math.max(g.last, topEnd);
      const fenced = fencedAt(ctx, first - 1) || (first > 0 && note[first - 1]);
      if (accept(g, fenced)) mark({ start: first, end: bottom + 1, total: g.total, marker: g.marker, fenced, where: 'after' });
    }
  }

  // Inline: a marked note anywhere, or a strong unmarked block alone between dividers.
  for (let i = topEnd; i < n; i++) {
    if (note[i]) continue;
    const seed = marker[i] === 1 || known[i] || locked[i] === 'note';
    const betweenDividers = i > 0 && sep[i - 1] === 1;
    // (The cheap conditions first: only seeds and blocks after a divider go on.)
    if ((!seed && !betweenDividers) || isBarrier(ctx, i)) continue;
    const s = score(ctx, i);
    if (seed ? s < 2 : s < NEED_INLINE_ALONE) continue;
    let end = i + 1;
    let total = s;
    while (end < n && !note[end] && canJoin(ctx, end, end + 1, end - 1, true)) {
      total += score(ctx, end);
      end++;
    }
    if (!seed && !fencedAt(ctx, end)) continue;
    mark({ start: i, end, total, marker: seed, fenced: true, where: 'inline' });
    i = end - 1;
  }

  // Decisions.
  const out: Decision[] = new Array(n);
  for (let i = 0; i < n; i++) {
    if (sep[i]) {
      out[i] = { label: 'story', confidence: 0.9, unsure: false };
      continue;
    }
    if (note[i]) {
      const r = runOf[i]!;
      const s = score(ctx, i);
      const margin = r.marker ? 3 + Math.max(0, s) / 2 : r.total - (r.fenced ? NEED_FENCED : NEED_OPEN) + Math.min(s, 2);
      const confidence = clamp(0.5 + margin / 10, 0.5, 0.99);
      out[i] = { label: 'note', confidence, unsure: confidence < 0.65, where: r.where };
    } else {
      // Only blocks the run search looked at have a score; the rest are plainly story.
      const s = ctx.scores[i];
      const confidence = s === undefined ? 0.9 : clamp(0.5 + (JOIN - s) / 8, 0.5, 0.95);
      out[i] = { label: 'story', confidence, unsure: s !== undefined && s >= 2 && locked[i] !== 'story' };
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
  // A reader's correction always wins.
  for (let i = 0; i < n; i++) {
    const c = locked[i];
    if (c === 'note') out[i] = { label: 'note', confidence: 1, unsure: false, where: runOf[i]?.where ?? whereOf(i, note, sep) };
    else if (c === 'story') out[i] = { label: 'story', confidence: 1, unsure: false };
  }
  return out;
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
