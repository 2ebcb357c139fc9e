/**
 * The chunked renderer (chapters longer than a few screens): which chunks of the chapter's items (lib/reader/chunks.ts)
 * are rendered, the ones around the reading position first, the others filled in idle time,
 * outward from there. A placeholder above the top of the view changes height when its chunk
 * replaces it: the view's scroll position follows, so the text the reader sees does not move.
 * Chapters small enough to render whole have no chunks, and nothing here does anything.
 */
import { around, chunkItems, chunkOfBlock, fillOrder, shouldChunk, type Chunk } from './chunks';
import type { ReaderItem } from './notes';
import { PENDING_ATTR } from './position';

export interface ChunkRendererOptions {
  win: Window;
  /** The view's scrolling element; null while it is not drawn. */
  view(): HTMLElement | null;
  /** The height the toolbar covers at the top of the view. */
  topInset(): number;
  /** Draw again, only more chunks rendered (synchronous: the layout is read right after). */
  redraw(): void;
  /** Whether chunks may be filled now (the view is on and not destroyed). */
  active(): boolean;
}

type IdleWindow = Window & {
  requestIdleCallback?: (cb: (d: { timeRemaining(): number }) => void, o?: { timeout: number }) => number;
  cancelIdleCallback?: (id: number) => void;
};

export class ChunkRenderer {
  /** The items in chunks; null: the chapter renders whole. */
  #chunks: Chunk[] | null = null;
  readonly #rendered = new Set<number>();
  /** The chunk the idle fill grows outward from (the reading position's). */
  #fillFrom = 0;
  #fillCancel: (() => void) | null = null;
  readonly #opts: ChunkRendererOptions;

  constructor(opts: ChunkRendererOptions, items: readonly ReaderItem[]) {
    this.#opts = opts;
    this.setItems(items);
  }

  /** What the view draws: the chunks and which are rendered (both undefined: everything). */
  get drawing(): { chunks: readonly Chunk[] | undefined; rendered: ReadonlySet<number> | undefined } {
    return { chunks: this.#chunks ?? undefined, rendered: this.#chunks ? this.#rendered : undefined };
  }

  /** The chapter's items (again): cut them into chunks if it is huge; rendered chunks that still exist stay. */
  setItems(items: readonly ReaderItem[]): void {
    this.#chunks = shouldChunk(items) ? chunkItems(items) : null;
    if (!this.#chunks) this.#rendered.clear();
    else for (const k of [...this.#rendered]) if (k >= this.#chunks.length) this.#rendered.delete(k);
  }

  /**
   * Mark the chunks around this block rendered (the caller draws); the idle fill grows from there.
   * True when any was missing.
   */
  ensureAround(blockIndex: number): boolean {
    if (!this.#chunks) return false;
    const at = chunkOfBlock(this.#chunks, blockIndex);
    this.#fillFrom = at;
    let added = false;
    for (const k of around(this.#chunks.length, at)) {
      if (!this.#rendered.has(k)) {
        this.#rendered.add(k);
        added = true;
      }
    }
    return added;
  }

  /** Render chunk k in place of its placeholder now, keeping the text in view where it is. */
  fill(k: number): void {
    if (!this.#chunks || this.#rendered.has(k) || k < 0 || k >= this.#chunks.length) return;
    const view = this.#opts.view();
    let ref: Element | null = null;
    let before = 0;
    const ph = view?.querySelector(`[${PENDING_ATTR}="${k}"]`);
    if (view && ph) {
      const top = view.getBoundingClientRect().top + this.#opts.topInset();
      if (ph.getBoundingClientRect().bottom <= top) {
        ref = ph.nextElementSibling ?? view.querySelector('.cr-nav');
        if (ref) before = ref.getBoundingClientRect().top;
      }
    }
    this.#rendered.add(k);
    this.#opts.redraw();
    if (view && ref?.isConnected) {
      const delta = ref.getBoundingClientRect().top - before;
      if (delta) view.scrollTop += delta;
    }
  }

  /** Fill the remaining chunks in idle time, outward from the reading position. */
  scheduleFill(): void {
    if (!this.#opts.active() || !this.#chunks || this.#fillCancel) return;
    if (!fillOrder(this.#chunks.length, this.#fillFrom, this.#rendered).length) return;
    const w = this.#opts.win as IdleWindow;
    const run = (timeRemaining: () => number) => {
      this.#fillCancel = null;
      if (!this.#opts.active() || !this.#chunks) return;
      do {
        const next = fillOrder(this.#chunks.length, this.#fillFrom, this.#rendered)[0];
        if (next === undefined) return;
        this.fill(next);
      } while (timeRemaining() > 8);
      this.scheduleFill();
    };
    if (typeof w.requestIdleCallback === 'function') {
      const id = w.requestIdleCallback((d) => run(() => d.timeRemaining()), { timeout: 500 });
      this.#fillCancel = () => w.cancelIdleCallback?.(id);
    } else {
      const id = w.setTimeout(() => run(() => 0), 16);
      this.#fillCancel = () => w.clearTimeout(id);
    }
  }

  /** Stop the idle fill. */
  cancel(): void {
    this.#fillCancel?.();
    this.#fillCancel = null;
  }

  /** The view went off: no fill runs and nothing stays rendered (it comes back around the position). */
  reset(): void {
    this.cancel();
    this.#rendered.clear();
  }
}
