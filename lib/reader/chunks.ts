/**
 * Chapters render in slices, the first screen first: the items are cut into chunks of about
 * CHUNK_BLOCKS blocks (a note group never straddles two chunks); the chunks around the reading
 * position render in the first frame, the others stand in as placeholders of estimated height and
 * are filled right after it, in idle time, outward from there. A 10k-word chapter (~150 blocks)
 * draws 40–60 of them first: its first frame costs a third of drawing it whole. Chunks grow with
 * the chapter up to MAX_CHUNK_BLOCKS (a huge chapter is filled in fewer, larger steps, as before).
 * Pure helpers; the chunk renderer (chunk-renderer.ts) owns the schedule.
 */
import type { ReaderItem } from './notes';

/** Blocks per chunk (about), at least: two or three of them fill a screen even of one-line paragraphs. */
export const CHUNK_BLOCKS = 20;
/** Blocks per chunk (about), at most: chapters of 480 blocks and more (30k words and up). */
export const MAX_CHUNK_BLOCKS = 60;

/** The chunk size for a chapter of this many blocks: an eighth of it, within CHUNK_BLOCKS..MAX_CHUNK_BLOCKS. */
export function chunkSize(blocks: number): number {
  return Math.min(MAX_CHUNK_BLOCKS, Math.max(CHUNK_BLOCKS, Math.ceil(blocks / 8)));
}
/** Chapters with at most this many blocks render whole, at once (the chunks around a position hold as many). */
export const EAGER_BLOCKS = 3 * CHUNK_BLOCKS;
/**
 * A block's height before it was ever laid out, in em: `contain-intrinsic-size: auto 8em` on
 * `.cr-block` (lib/reader/style.ts). A placeholder estimated the same way barely moves anything
 * when it is replaced.
 */
export const BLOCK_EM = 8;
/** A note group's collapsed height, in em (its heading line). */
export const NOTE_EM = 2.5;

export interface Chunk {
  /** Items [start, end). */
  start: number;
  end: number;
  /** Lowest and highest block index in the chunk. */
  firstBlock: number;
  lastBlock: number;
  /** Plain blocks and note groups. */
  blocks: number;
  notes: number;
}

const itemFirst = (it: ReaderItem) => (it.type === 'block' ? it.index : it.indices[0]);
const itemLast = (it: ReaderItem) => (it.type === 'block' ? it.index : it.indices[it.indices.length - 1]);
const itemSize = (it: ReaderItem) => (it.type === 'block' ? 1 : it.indices.length);

/** Items -> chunks of about `target` blocks (default: chunkSize of the chapter), in order, covering every item exactly once. */
export function chunkItems(items: readonly ReaderItem[], target = chunkSize(blockCount(items))): Chunk[] {
  const chunks: Chunk[] = [];
  let cur: Chunk | null = null;
  let size = 0;
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    if (!cur || size >= target) {
      cur = { start: i, end: i, firstBlock: itemFirst(it), lastBlock: itemLast(it), blocks: 0, notes: 0 };
      chunks.push(cur);
      size = 0;
    }
    cur.end = i + 1;
    cur.lastBlock = itemLast(it);
    if (it.type === 'block') cur.blocks++;
    else cur.notes++;
    size += itemSize(it);
  }
  return chunks;
}

/** Total blocks in the items (notes count every block they hold). */
export function blockCount(items: readonly ReaderItem[]): number {
  let n = 0;
  for (const it of items) n += itemSize(it);
  return n;
}

/** Whether a chapter this size renders in slices. */
export function shouldChunk(items: readonly ReaderItem[], eager = EAGER_BLOCKS): boolean {
  return blockCount(items) > eager;
}

/**
 * The chunk holding block `blockIndex`; a block between chunks (or past the end) maps to the
 * next chunk (the last one past the end); -1 when there are no chunks.
 */
export function chunkOfBlock(chunks: readonly Chunk[], blockIndex: number): number {
  if (!chunks.length) return -1;
  let lo = 0;
  let hi = chunks.length - 1;
  // first chunk whose lastBlock >= blockIndex
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (chunks[mid].lastBlock >= blockIndex) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Chunk indices to render first for a reader at chunk `at`: it and `radius` neighbours each side. */
export function around(count: number, at: number, radius = 1): number[] {
  const out: number[] = [];
  const c = Math.min(Math.max(at, 0), count - 1);
  for (let k = c - radius; k <= c + radius; k++) if (k >= 0 && k < count) out.push(k);
  return out;
}

/**
 * The order to fill the remaining chunks in: outward from `from` (after first, then before),
 * skipping those already rendered.
 */
export function fillOrder(count: number, from: number, rendered: ReadonlySet<number> = new Set()): number[] {
  const out: number[] = [];
  const c = Math.min(Math.max(from, 0), Math.max(count - 1, 0));
  for (let d = 0; d < count; d++) {
    for (const k of d === 0 ? [c] : [c + d, c - d]) {
      if (k >= 0 && k < count && !rendered.has(k)) out.push(k);
    }
  }
  return out;
}

/** A placeholder's height in em for a chunk not rendered yet. */
export function estimateChunkEm(chunk: Chunk, paragraphSpacingEm: number): number {
  const h = chunk.blocks * (BLOCK_EM + paragraphSpacingEm) + chunk.notes * (NOTE_EM + paragraphSpacingEm);
  return Math.round(h * 100) / 100;
}
