import { afterEach, describe, expect, it, vi } from 'vitest';
import { PositionTracker, SAVED_POSITION_WAIT_MS, type PositionTrackerOptions } from '../../../lib/reader/position-tracker';
import { PENDING_ATTR, type Timers } from '../../../lib/reader/position';
import type { Position } from '../../../lib/library/types';
import { fakeView } from './fixtures';

/** Timers the test moves by hand. */
function manualTimers() {
  let now = 0;
  let seq = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      due.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clearTimeout: (id) => due.delete(id as number),
    now: () => now,
  };
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const next = [...due].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!next) break;
      due.delete(next[0]);
      now = next[1].at;
      next[1].fn();
    }
    now = end;
  };
  return { timers, advance };
}

/** Heights: ten blocks of 100px below a 200px header, in a 600px view at y=50 (fixtures.fakeView). */
function tracker(patch: Partial<PositionTrackerOptions> = {}) {
  const v = fakeView(Array(10).fill(100));
  const t = manualTimers();
  const painted: Array<() => void> = [];
  const saved: Position[] = [];
  const state = { on: true, drawn: true, redraws: [] as boolean[] };
  const chunks = { ensureAround: vi.fn(() => false), fill: vi.fn(), scheduleFill: vi.fn() };
  const opts: PositionTrackerOptions = {
    win: window,
    view: () => (state.drawn ? v.container : null),
    topInset: () => 0,
    isOn: () => state.on,
    save: (p) => void saved.push(p),
    redraw: (fill) => void state.redraws.push(fill),
    chunks,
    timers: t.timers,
    afterPaint: (fn) => painted.push(fn),
    ...patch,
  };
  const p = new PositionTracker(opts);
  const paint = () => painted.splice(0).forEach((fn) => fn());
  // block i's top is at scrollTop 200 + 100 i
  const at = (block: number, ratio = 0) => v.setScroll(200 + 100 * block + 100 * ratio);
  return { p, v, t, saved, state, chunks, paint, at, painted };
}

const pos = (blockIndex: number, offsetRatio = 0): Position => ({ blockIndex, offsetRatio, updatedAt: 1 });
const anchors = (saved: Position[]) => saved.map((s) => [s.blockIndex, s.offsetRatio]);

afterEach(() => {
  vi.useRealTimers();
});

describe('PositionTracker', () => {
  it('restores the saved position after paint, then saves where scrolling settles (not the same place again)', () => {
    const { p, v, t, saved, chunks, paint, at } = tracker();
    p.scrolled();
    t.advance(10_000);
    expect(saved).toEqual([]); // nothing is saved before the saved position is known
    p.setSaved(pos(4, 0.5));
    expect(chunks.ensureAround).toHaveBeenCalledWith(4);
    expect(v.scrollTop).toBe(0);
    paint();
    expect(v.scrollTop).toBe(200 + 450);
    expect(p.lastSaved).toEqual({ blockIndex: 4, offsetRatio: 0.5 });
    expect(chunks.scheduleFill).toHaveBeenCalledTimes(1);
    p.scrolled();
    t.advance(5000);
    expect(saved).toEqual([]);
    at(6, 0.25);
    p.scrolled();
    t.advance(5000);
    expect(anchors(saved)).toEqual([[6, 0.25]]);
    // only the library's first answer counts
    p.setSaved(pos(1));
    paint();
    expect(v.scrollTop).toBe(200 + 625);
  });

  it('does not move a reader who scrolled before the saved position arrived, and saves their place', () => {
    const { p, v, t, saved, chunks, painted, at } = tracker();
    at(2);
    p.setSaved(pos(7));
    expect(painted).toHaveLength(0);
    expect(v.scrollTop).toBe(400);
    expect(chunks.scheduleFill).toHaveBeenCalledTimes(1);
    t.advance(5000);
    expect(anchors(saved)).toEqual([[2, 0]]);
  });

  it('with no saved position, tracks from the top', () => {
    const { p, t, saved, at } = tracker();
    p.setSaved(null);
    at(3);
    p.scrolled();
    t.advance(5000);
    expect(anchors(saved)).toEqual([[3, 0]]);
  });

  it('remembers the place while the view is off and puts the reader back when it is shown', () => {
    const { p, v, saved, state, paint, at, chunks } = tracker();
    p.setSaved(null);
    at(5, 0.5);
    p.hiding();
    expect(anchors(saved)).toEqual([]); // nothing was requested: no save
    expect(p.startBlock).toBe(5);
    state.on = false;
    v.setScroll(0);
    state.on = true;
    p.shown();
    paint();
    expect(v.scrollTop).toBe(200 + 550);
    expect(p.startBlock).toBe(0);
    expect(chunks.ensureAround).toHaveBeenLastCalledWith(5);
  });

  it('fills a huge chapter anyway when the saved position never comes', () => {
    vi.useFakeTimers();
    const { p, chunks } = tracker();
    p.shown();
    vi.advanceTimersByTime(SAVED_POSITION_WAIT_MS - 1);
    expect(chunks.scheduleFill).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(chunks.scheduleFill).toHaveBeenCalledTimes(1);
    // once it came, showing starts the fill at once
    p.setSaved(null);
    p.shown();
    expect(chunks.scheduleFill).toHaveBeenCalledTimes(3);
  });

  it('keeps the block at the top of the view in place across a layout change', () => {
    const { p, v, state, chunks } = tracker();
    v.setScroll(200 + 300 + 50); // block 3, halfway
    p.keeping(() => {
      // a bigger font: every block 200px tall
      v.heights.fill(200);
    });
    expect(state.redraws).toEqual([false]);
    expect(chunks.ensureAround).toHaveBeenCalledWith(3);
    expect(v.scrollTop).toBe(200 + 600 + 100);
    // at the very top, or with the view off, the change just happens
    v.setScroll(0);
    p.keeping(() => v.heights.fill(50));
    expect(v.scrollTop).toBe(0);
    state.on = false;
    v.setScroll(400);
    let changed = false;
    p.keeping(() => (changed = true));
    expect(changed).toBe(true);
    expect(v.scrollTop).toBe(400);
  });

  it('renders the chunk at the top of the view before reading a position from it', () => {
    const { p, v, t, saved, chunks, at } = tracker();
    p.setSaved(null);
    // block 4 is a placeholder of chunk 2 until chunk 2 is filled
    const b4 = v.els[4].el;
    delete b4.dataset.blockIndex;
    b4.setAttribute(PENDING_ATTR, '2');
    chunks.fill.mockImplementation((k: number) => {
      expect(k).toBe(2);
      b4.removeAttribute(PENDING_ATTR);
      b4.dataset.blockIndex = '4';
    });
    at(4, 0.5);
    p.scrolled();
    t.advance(5000);
    expect(chunks.fill).toHaveBeenCalledTimes(1);
    expect(anchors(saved)).toEqual([[4, 0.5]]);
  });

  it('saves at once on pagehide and when the tab is hidden, until told to stop', () => {
    const { p, saved, at } = tracker();
    p.setSaved(null);
    const stop = p.listen(window, document);
    at(1);
    p.scrolled();
    window.dispatchEvent(new Event('pagehide'));
    expect(anchors(saved)).toEqual([[1, 0]]);
    at(2);
    p.scrolled();
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    try {
      document.dispatchEvent(new Event('visibilitychange'));
      expect(anchors(saved)).toEqual([[1, 0], [2, 0]]);
      stop();
      at(3);
      p.scrolled();
      window.dispatchEvent(new Event('pagehide'));
      document.dispatchEvent(new Event('visibilitychange'));
      expect(saved).toHaveLength(2);
    } finally {
      visibility.mockRestore();
    }
  });

  it('saves what is pending when disposed, then nothing more', () => {
    const { p, t, saved, at, paint } = tracker();
    p.setSaved(null);
    at(8);
    p.scrolled();
    p.dispose();
    expect(anchors(saved)).toEqual([[8, 0]]);
    at(9);
    p.scrolled();
    p.flush();
    t.advance(10_000);
    p.setSaved(pos(2));
    paint();
    expect(saved).toHaveLength(1);
  });

  it('reads no position while the view is off or not drawn', () => {
    const { p, t, saved, state, at } = tracker();
    p.setSaved(null);
    at(2);
    p.scrolled();
    state.drawn = false;
    p.flush();
    state.drawn = true;
    state.on = false;
    p.scrolled();
    t.advance(10_000);
    expect(saved).toEqual([]);
  });
});
