/**
 * The position tracker: where in the chapter the reader is, and saving it. It restores the saved
 * position once the view has painted (unless the reader already scrolled), saves scrolling from
 * then on (throttled, lib/reader/position.ts; at once on pagehide and when the tab is hidden),
 * remembers the place while the view is off, and keeps the reader's place when something moves
 * the layout (settings, notes, a correction). The anchors themselves are read and restored by
 * lib/reader/position.ts; huge chapters render in chunks (lib/reader/chunk-renderer.ts), so the
 * text around a position is made rendered before it is restored or read.
 */
import type { Position } from '../library/types';
import type { ChunkRenderer } from './chunk-renderer';
import {
  computeAnchor,
  createPositionSaver,
  locate,
  restoreAnchor,
  type Anchor,
  type PositionSaver,
  type Timers,
} from './position';

/** Until the saved position arrives the rest of a huge chapter waits to be filled, at most this long. */
export const SAVED_POSITION_WAIT_MS = 2000;

export interface PositionTrackerOptions {
  win: Window;
  /** The view's scrolling element; null while it is not drawn. */
  view(): HTMLElement | null;
  /** The height the toolbar covers at the top of the view. */
  topInset(): number;
  /** Whether the view is on (and not destroyed). */
  isOn(): boolean;
  /** 'position/save' for this chapter. */
  save(position: Position): Promise<unknown> | void;
  /** Draw the view again; fill: only more chunks became rendered. Synchronous. */
  redraw(fill: boolean): void;
  /** The chapter's chunks (huge chapters). */
  chunks: Pick<ChunkRenderer, 'ensureAround' | 'fill' | 'scheduleFill'>;
  timers?: Timers;
  /** Run fn once the view has painted (default: paintThen). */
  afterPaint?(fn: () => void): void;
}

/** Run fn once the next frame is out (rAF, then a task); without rAF, after a frame's time. */
export function paintThen(win: Window, fn: () => void): void {
  if (typeof win.requestAnimationFrame === 'function') win.requestAnimationFrame(() => win.setTimeout(fn, 0));
  else win.setTimeout(fn, 16);
}

export class PositionTracker {
  readonly #opts: PositionTrackerOptions;
  readonly #saver: PositionSaver;
  /** True once the saved position is known (or known to be unavailable): scrolling is saved from then on. */
  #tracking = false;
  /** Where to put the reader when the view is next shown. */
  #pending: Anchor | null = null;
  #disposed = false;

  constructor(opts: PositionTrackerOptions) {
    this.#opts = opts;
    this.#saver = createPositionSaver({ read: () => this.#read(), save: (p) => opts.save(p), timers: opts.timers });
  }

  /** The block the view should open at (the remembered or saved position's, else the first). */
  get startBlock(): number {
    return this.#pending?.blockIndex ?? 0;
  }

  /** The last position saved (or restored): tests, status. */
  get lastSaved(): Anchor | null {
    return this.#saver.last;
  }

  /**
   * The position the library saved for this chapter, or null (none, or the library did not answer).
   * Restored after paint unless the reader already scrolled; from then on scrolling is saved.
   * Only the first answer counts.
   */
  setSaved(position: Position | null): void {
    if (this.#tracking || this.#disposed) return;
    this.#tracking = true;
    const view = this.#opts.view();
    const userScrolled = !!view && view.scrollTop > 0;
    if (position && !userScrolled) {
      const anchor = { blockIndex: position.blockIndex, offsetRatio: position.offsetRatio };
      this.#saver.seed(anchor);
      this.#pending = anchor;
      if (this.#opts.isOn()) {
        if (this.#opts.chunks.ensureAround(anchor.blockIndex)) this.#opts.redraw(true);
        this.#restoreAfterPaint(anchor);
      }
    } else {
      if (userScrolled) this.#saver.request();
      this.#opts.chunks.scheduleFill();
    }
  }

  /** The view was shown (and drawn): put the reader back where they were, or start the fill. */
  shown(): void {
    if (this.#tracking && this.#pending) this.#restoreAfterPaint(this.#pending);
    else if (this.#tracking) this.#opts.chunks.scheduleFill();
    else {
      // The saved position normally arrives first (setSaved starts the fill); never wait forever.
      this.#opts.win.setTimeout(() => {
        if (!this.#tracking) this.#opts.chunks.scheduleFill();
      }, SAVED_POSITION_WAIT_MS);
    }
  }

  /** The view is about to go off (still drawn): save, and remember the place for when it comes back. */
  hiding(): void {
    this.#saver.flush();
    const view = this.#opts.view();
    if (view && this.#tracking) this.#pending = this.#read() ?? computeAnchor(view, this.#opts.topInset());
  }

  /** The view scrolled: schedule a save (cheap; the anchor is read later, off the scroll event). */
  scrolled(): void {
    if (this.#tracking) this.#saver.request();
  }

  /** Save a pending position now (navigation, pagehide, tab hidden). */
  flush(): void {
    this.#saver.flush();
  }

  /** Change something that moves the layout, keeping the block at the top of the view in place. */
  keeping(change: () => void): void {
    const on = this.#opts.isOn();
    const view = on ? this.#opts.view() : null;
    const anchor = view && view.scrollTop > 0 ? computeAnchor(view, this.#opts.topInset()) : null;
    change();
    if (anchor) this.#opts.chunks.ensureAround(anchor.blockIndex);
    this.#opts.redraw(false);
    const after = this.#opts.view();
    if (anchor && after) restoreAnchor(after, anchor, this.#opts.topInset());
  }

  /** Save at once when the page goes away or the tab is hidden; returns how to stop. */
  listen(win: Window, doc: Document): () => void {
    const onPageHide = () => this.#saver.flush();
    const onVisibility = () => {
      if (doc.visibilityState === 'hidden') this.#saver.flush();
    };
    win.addEventListener('pagehide', onPageHide);
    doc.addEventListener('visibilitychange', onVisibility);
    return () => {
      win.removeEventListener('pagehide', onPageHide);
      doc.removeEventListener('visibilitychange', onVisibility);
    };
  }

  /** Save what is pending, then save nothing more. */
  dispose(): void {
    if (this.#disposed) return;
    this.#saver.flush();
    this.#saver.dispose();
    this.#disposed = true;
  }

  #restoreAfterPaint(anchor: Anchor): void {
    const run = () => {
      const view = this.#opts.view();
      if (!this.#opts.isOn() || !view || this.#disposed) return;
      // The chapter or the view may have changed since: the anchor's chunk must be there.
      if (this.#opts.chunks.ensureAround(anchor.blockIndex)) this.#opts.redraw(true);
      restoreAnchor(this.#opts.view() ?? view, anchor, this.#opts.topInset());
      this.#pending = null;
      this.#opts.chunks.scheduleFill();
    };
    if (this.#opts.afterPaint) this.#opts.afterPaint(run);
    else paintThen(this.#opts.win, run);
  }

  /** The anchor to save: renders the chunk at the top of the view first if it is a placeholder. */
  #read(): Anchor | null {
    const view = this.#opts.view();
    if (!this.#opts.isOn() || !view) return null;
    let at = locate(view, this.#opts.topInset());
    if (at.pendingChunk !== undefined) {
      this.#opts.chunks.fill(at.pendingChunk);
      at = locate(view, this.#opts.topInset());
    }
    return at.anchor ?? null;
  }
}
