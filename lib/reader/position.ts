/**
 * Reading position: a paragraph anchor { blockIndex, offsetRatio } read from the reader's scroll
 * container, restored by scrolling so that block's offsetRatio sits at the top again. It survives
 * font and width changes because it never stores pixels.
 */
import type { Position } from '../library/types';

export type Anchor = Pick<Position, 'blockIndex' | 'offsetRatio'>;

/** The scroll container's top edge in viewport coordinates. */
function containerTop(container: Element): number {
  return container.getBoundingClientRect().top;
}

/** Rendered blocks (those with geometry; collapsed notes have none) in document order. */
export function visibleBlocks(container: Element): HTMLElement[] {
  const all = Array.from(container.querySelectorAll<HTMLElement>('[data-block-index]'));
  return all.filter((el) => el.getBoundingClientRect().height > 0);
}

/** Placeholders of chunks not rendered yet (lib/reader/chunks.ts) carry this attribute. */
export const PENDING_ATTR = 'data-pending-chunk';

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round4 = (x: number) => Math.round(x * 10000) / 10000;

/** What is at the top of the container's viewport: a block anchor, or a chunk not rendered yet. */
export type Location = { anchor: Anchor; pendingChunk?: undefined } | { anchor?: undefined; pendingChunk: number };

/**
 * The block at the top of the container's viewport and how far down it the top edge is.
 * { 0, 0 } while the reader is at the very top (header visible) or the chapter has no blocks.
 * When the top edge is inside a placeholder (a chunk not rendered yet) the position is unknown:
 * `pendingChunk` says which chunk to render before asking again.
 */
export function locate(container: Element, topInset = 0): Location {
  if (container.scrollTop <= 0) return { anchor: { blockIndex: 0, offsetRatio: 0 } };
  const top = containerTop(container) + topInset;
  const all = Array.from(container.querySelectorAll<HTMLElement>(`[data-block-index], [${PENDING_ATTR}]`));
  const blocks = all.filter((el) => el.getBoundingClientRect().height > 0);
  if (!blocks.length) return { anchor: { blockIndex: 0, offsetRatio: 0 } };
  // The first block whose bottom is below the top edge is the one the reader is in.
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (blocks[mid].getBoundingClientRect().bottom > top) hi = mid;
    else lo = mid + 1;
  }
  const el = blocks[lo];
  const pending = el.getAttribute(PENDING_ATTR);
  if (pending !== null) return { pendingChunk: Number(pending) };
  const r = el.getBoundingClientRect();
  const offsetRatio = r.bottom <= top ? 1 : clamp01((top - r.top) / r.height);
  return { anchor: { blockIndex: Number(el.dataset.blockIndex), offsetRatio: round4(offsetRatio) } };
}

/**
 * The block at the top of the container's viewport (see locate). Inside a chunk not rendered
 * yet it answers the first rendered block below it: callers that save positions use locate.
 */
export function computeAnchor(container: Element, topInset = 0): Anchor {
  const at = locate(container, topInset);
  if (at.anchor) return at.anchor;
  const top = containerTop(container) + topInset;
  const next = visibleBlocks(container).find((el) => el.getBoundingClientRect().bottom > top);
  return next ? { blockIndex: Number(next.dataset.blockIndex), offsetRatio: 0 } : { blockIndex: 0, offsetRatio: 0 };
}

/**
 * Blocks above a restored anchor that are laid out for real: more than Chromium's content-visibility
 * margin (half a viewport) holds, the blocks whose real height would otherwise move the anchor once
 * they are first shown. Blocks below it cannot move it.
 */
export const LAID_OUT_ABOVE = 16;

/**
 * Scroll the container so the anchored block's offsetRatio is at its top edge.
 * A block that is not rendered (inside a collapsed note) falls back to the next rendered block.
 * Returns false when there is nothing to scroll to.
 */
export function restoreAnchor(container: Element, anchor: Anchor, topInset = 0): boolean {
  if (anchor.blockIndex <= 0 && anchor.offsetRatio <= 0) {
    container.scrollTop = 0;
    return true;
  }
  // Blocks skip layout while off-screen (content-visibility: auto) and count as an estimate until
  // first shown. Those that will show around the anchor are laid out for real, so the anchor lands
  // where it should even in the very first frame (nothing was ever shown yet). Marked before
  // anything is measured: the page is laid out once.
  const all = Array.from(container.querySelectorAll<HTMLElement>('[data-block-index]'));
  let at = all.findIndex((b) => Number(b.dataset.blockIndex) >= anchor.blockIndex);
  if (at < 0) at = all.length - 1;
  for (let j = Math.max(0, at - LAID_OUT_ABOVE); j <= at; j++) {
    all[j].style.setProperty('content-visibility', 'visible');
  }
  const blocks = all.filter((el) => el.getBoundingClientRect().height > 0);
  let el = blocks.find((b) => Number(b.dataset.blockIndex) === anchor.blockIndex);
  let ratio = clamp01(anchor.offsetRatio);
  if (!el) {
    el = blocks.find((b) => Number(b.dataset.blockIndex) > anchor.blockIndex);
    ratio = 0;
  }
  if (!el) return false;
  const r = el.getBoundingClientRect();
  const delta = r.top + ratio * r.height - (containerTop(container) + topInset);
  container.scrollTop = Math.max(0, container.scrollTop + delta);
  return true;
}

export function sameAnchor(a: Anchor | null, b: Anchor | null): boolean {
  return !!a && !!b && a.blockIndex === b.blockIndex && Math.abs(a.offsetRatio - b.offsetRatio) < 0.001;
}

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
  now(): number;
}

export const realTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

export interface PositionSaverOptions {
  /** Reads the current anchor (layout read: only ever called from a timer or a flush). */
  read(): Anchor | null;
  /** Persists a position ('position/save'); failures are swallowed. */
  save(position: Position): Promise<unknown> | void;
  /** At most one save per this many ms. */
  intervalMs?: number;
  /** Quiet time after the last scroll before a save is considered. */
  settleMs?: number;
  timers?: Timers;
}

export interface PositionSaver {
  /** Something moved: schedule a save (cheap; safe to call from a scroll listener). */
  request(): void;
  /** Save now if anything changed since the last save (pagehide, tab hidden, navigation). */
  flush(): void;
  /** Forget the pending save; later requests are ignored. */
  dispose(): void;
  /** Treat this anchor as already saved (e.g. the position just restored). */
  seed(anchor: Anchor): void;
  /** The last saved anchor (tests, status). */
  readonly last: Anchor | null;
}

/**
 * Throttled position saver: scroll events only mark it dirty; a timer reads the anchor and saves,
 * at most once per `intervalMs`; `flush` saves immediately.
 */
/** How many times in a row a failed save is retried on its own. */
const MAX_RETRIES = 5;

export function createPositionSaver(opts: PositionSaverOptions): PositionSaver {
  const timers = opts.timers ?? realTimers;
  const interval = opts.intervalMs ?? 3000;
  const settle = opts.settleMs ?? 500;
  let dirty = false;
  let timer: unknown = null;
  let lastSaveAt = -Infinity;
  let last: Anchor | null = null;
  let disposed = false;
  /** Failed saves in a row; retries stop after MAX_RETRIES until a save succeeds or the reader moves. */
  let failures = 0;

  const doSave = () => {
    dirty = false;
    let anchor: Anchor | null = null;
    try {
      anchor = opts.read();
    } catch {
      anchor = null;
    }
    if (!anchor || sameAnchor(anchor, last)) return;
    const before = last;
    last = anchor;
    lastSaveAt = timers.now();
    // A failed save (the worker stopped mid-request, the library refused) is not a saved
    // position: forget it and try again after the interval, even if the reader does not move.
    const failed = () => {
      if (disposed || last !== anchor) return;
      last = before;
      if (++failures > MAX_RETRIES) return;
      dirty = true;
      if (timer === null) timer = timers.setTimeout(fire, interval);
    };
    try {
      const p = opts.save({ ...anchor, updatedAt: Date.now() });
      if (p && typeof (p as Promise<unknown>).then === 'function')
        (p as Promise<unknown>).then(
          () => {
            if (last === anchor) failures = 0;
          },
          failed,
        );
    } catch {
      failed();
    }
  };

  const fire = () => {
    timer = null;
    if (disposed || !dirty) return;
    const wait = lastSaveAt + interval - timers.now();
    if (wait > 0) {
      timer = timers.setTimeout(fire, wait);
      return;
    }
    doSave();
  };

  return {
    request() {
      if (disposed) return;
      dirty = true;
      if (timer === null) {
        timer = timers.setTimeout(fire, Math.max(settle, lastSaveAt + interval - timers.now()));
      }
    },
    flush() {
      if (disposed) return;
      if (timer !== null) {
        timers.clearTimeout(timer);
        timer = null;
      }
      if (dirty) doSave();
    },
    dispose() {
      disposed = true;
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
    seed(anchor) {
      last = { blockIndex: anchor.blockIndex, offsetRatio: anchor.offsetRatio };
    },
    get last() {
      return last;
    },
  };
}
