import { describe, expect, it, vi, afterEach } from 'vitest';
import { computeAnchor, createPositionSaver, restoreAnchor, type Anchor, type Timers } from '../../../lib/reader/position';
import { fakeView } from './fixtures';

describe('computeAnchor', () => {
  it('is {0,0} at the very top', () => {
    const v = fakeView([100, 100]);
    expect(computeAnchor(v.container)).toEqual({ blockIndex: 0, offsetRatio: 0 });
  });

  it('finds the block at the top edge and how far down it the edge is', () => {
    const v = fakeView([100, 200, 100, 300]);
    // blocks start at 200 (header); block 1 spans 300..500; scrollTop 400 -> top edge 100px into block 1
    v.setScroll(400);
    expect(computeAnchor(v.container)).toEqual({ blockIndex: 1, offsetRatio: 0.5 });
    v.setScroll(600); // block 3 starts at 600
    expect(computeAnchor(v.container)).toEqual({ blockIndex: 3, offsetRatio: 0 });
  });

  it('accounts for a sticky toolbar over the top edge', () => {
    const v = fakeView([100, 200]);
    v.setScroll(260); // edge at 260 + 40 = 300: start of block 1
    expect(computeAnchor(v.container, 40)).toEqual({ blockIndex: 1, offsetRatio: 0 });
  });

  it('skips blocks that are not rendered (collapsed notes)', () => {
    const v = fakeView([100, 0, 0, 200]);
    v.setScroll(150); // edge at 150: inside block 0 (200..300)? no: header 200 -> block 0 is 200..300
    expect(computeAnchor(v.container).blockIndex).toBe(0);
    v.setScroll(350); // edge at 350 -> block 3 (300..500), 25%
    expect(computeAnchor(v.container)).toEqual({ blockIndex: 3, offsetRatio: 0.25 });
  });
});

describe('restoreAnchor', () => {
  it('scrolls so the anchored point is at the top edge', () => {
    const v = fakeView([100, 200, 100]);
    expect(restoreAnchor(v.container, { blockIndex: 1, offsetRatio: 0.5 })).toBe(true);
    expect(v.scrollTop).toBe(400);
    expect(computeAnchor(v.container)).toEqual({ blockIndex: 1, offsetRatio: 0.5 });
  });

  it('round-trips after a layout change (bigger font = taller blocks)', () => {
    const small = fakeView([100, 200, 100, 100]);
    small.setScroll(450);
    const anchor = computeAnchor(small.container);
    const big = fakeView([150, 300, 150, 150], { header: 260 });
    restoreAnchor(big.container, anchor);
    expect(computeAnchor(big.container)).toEqual(anchor);
    expect(big.scrollTop).toBe(260 + 150 + 0.75 * 300);
  });

  it('honours the toolbar inset', () => {
    const v = fakeView([100, 200]);
    restoreAnchor(v.container, { blockIndex: 1, offsetRatio: 0 }, 40);
    expect(v.scrollTop).toBe(260);
  });

  it('falls back to the next rendered block, and to the top for {0,0}', () => {
    const v = fakeView([100, 0, 100]);
    restoreAnchor(v.container, { blockIndex: 1, offsetRatio: 0.7 });
    expect(v.scrollTop).toBe(300);
    restoreAnchor(v.container, { blockIndex: 0, offsetRatio: 0 });
    expect(v.scrollTop).toBe(0);
    expect(restoreAnchor(v.container, { blockIndex: 9, offsetRatio: 0.2 })).toBe(false);
  });
});

describe('createPositionSaver', () => {
  afterEach(() => vi.useRealTimers());

  function setup(intervalMs = 3000) {
    vi.useFakeTimers();
    let anchor: Anchor = { blockIndex: 0, offsetRatio: 0 };
    const read = vi.fn(() => anchor);
    const save = vi.fn();
    const timers: Timers = {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (id) => clearTimeout(id as number),
      now: () => Date.now(),
    };
    const saver = createPositionSaver({ read, save, intervalMs, settleMs: 500, timers });
    return { saver, read, save, move: (a: Anchor) => (anchor = a) };
  }

  it('does no layout work when scrolling; reads once the scroll settles', () => {
    const { saver, read, save, move } = setup();
    move({ blockIndex: 2, offsetRatio: 0.1 });
    for (let i = 0; i < 50; i++) saver.request();
    expect(read).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(read).toHaveBeenCalledTimes(1);
    expect(save).toHaveBeenCalledTimes(1);
    expect(save.mock.calls[0][0]).toMatchObject({ blockIndex: 2, offsetRatio: 0.1 });
    expect(typeof save.mock.calls[0][0].updatedAt).toBe('number');
  });

  it('saves at most once per interval while scrolling continuously, then the final place', () => {
    const { saver, save, move } = setup();
    save.mockImplementation(() => Date.now());
    for (let t = 0; t < 10_000; t += 100) {
      move({ blockIndex: t / 100, offsetRatio: 0 });
      saver.request();
      vi.advanceTimersByTime(100);
    }
    vi.advanceTimersByTime(5000);
    const times = save.mock.results.map((r) => r.value as number);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(3000);
    expect(save.mock.calls.length).toBeLessThanOrEqual(5);
    expect(save.mock.calls.at(-1)![0].blockIndex).toBe(99);
  });

  it('flushes immediately on hide, and not again when nothing moved', () => {
    const { saver, save, move } = setup();
    move({ blockIndex: 1, offsetRatio: 0 });
    saver.request();
    vi.advanceTimersByTime(600);
    expect(save).toHaveBeenCalledTimes(1);
    move({ blockIndex: 5, offsetRatio: 0.4 });
    saver.request();
    saver.flush(); // pagehide inside the throttle window: saved now
    expect(save).toHaveBeenCalledTimes(2);
    expect(save.mock.calls[1][0]).toMatchObject({ blockIndex: 5, offsetRatio: 0.4 });
    vi.advanceTimersByTime(10_000);
    saver.flush();
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('skips duplicates, seeded anchors and saves after dispose; survives a failing save', () => {
    const { saver, save, move } = setup();
    saver.seed({ blockIndex: 3, offsetRatio: 0.5 });
    move({ blockIndex: 3, offsetRatio: 0.5 });
    saver.request();
    vi.advanceTimersByTime(1000);
    expect(save).not.toHaveBeenCalled();
    save.mockImplementationOnce(() => Promise.reject(new Error('worker gone')));
    move({ blockIndex: 4, offsetRatio: 0 });
    saver.request();
    vi.advanceTimersByTime(1000);
    expect(save).toHaveBeenCalledTimes(1);
    saver.dispose();
    move({ blockIndex: 9, offsetRatio: 0 });
    saver.request();
    saver.flush();
    vi.advanceTimersByTime(10_000);
    expect(save).toHaveBeenCalledTimes(1);
  });
});
