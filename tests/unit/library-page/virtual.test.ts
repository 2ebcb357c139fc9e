import { describe, expect, it } from 'vitest';
import { nextIndex, scrollToReveal, virtualWindow } from '../../../lib/library-page/virtual';

describe('virtualWindow', () => {
  it('renders the visible rows plus overscan at the top', () => {
    expect(virtualWindow({ count: 10_000, rowHeight: 100, scrollTop: 0, viewportHeight: 500, overscan: 3 })).toEqual({
      start: 0,
      end: 8,
      totalHeight: 1_000_000,
    });
  });
  it('in the middle', () => {
    const w = virtualWindow({ count: 10_000, rowHeight: 100, scrollTop: 5050, viewportHeight: 500, overscan: 3 });
    // rows 50..55 are (partly) visible
    expect(w).toEqual({ start: 47, end: 59, totalHeight: 1_000_000 });
  });
  it('clamps at the end and past the end', () => {
    expect(virtualWindow({ count: 20, rowHeight: 100, scrollTop: 1500, viewportHeight: 500, overscan: 2 })).toEqual({
      start: 13,
      end: 20,
      totalHeight: 2000,
    });
    expect(virtualWindow({ count: 20, rowHeight: 100, scrollTop: 99_999, viewportHeight: 500, overscan: 2 }).end).toBe(20);
  });
  it('copes with empty lists, short lists and bad input', () => {
    expect(virtualWindow({ count: 0, rowHeight: 100, scrollTop: 0, viewportHeight: 500, overscan: 3 })).toEqual({
      start: 0,
      end: 0,
      totalHeight: 0,
    });
    expect(virtualWindow({ count: 3, rowHeight: 100, scrollTop: -50, viewportHeight: 500, overscan: 3 })).toEqual({
      start: 0,
      end: 3,
      totalHeight: 300,
    });
    expect(virtualWindow({ count: 5, rowHeight: 100, scrollTop: NaN, viewportHeight: 0, overscan: 0 })).toEqual({
      start: 0,
      end: 1,
      totalHeight: 500,
    });
  });
});

describe('scrollToReveal', () => {
  it('scrolls as little as needed', () => {
    expect(scrollToReveal(3, 100, 0, 500)).toBe(0); // already visible
    expect(scrollToReveal(5, 100, 0, 500)).toBe(100); // just below
    expect(scrollToReveal(2, 100, 400, 500)).toBe(200); // above
    expect(scrollToReveal(9999, 100, 0, 500)).toBe(999_500);
  });
});

describe('nextIndex', () => {
  it('moves with arrows, pages, Home and End, within bounds', () => {
    expect(nextIndex('ArrowDown', 0, 10, 4)).toBe(1);
    expect(nextIndex('ArrowUp', 0, 10, 4)).toBe(0);
    expect(nextIndex('ArrowDown', 9, 10, 4)).toBe(9);
    expect(nextIndex('PageDown', 2, 10, 4)).toBe(6);
    expect(nextIndex('PageUp', 2, 10, 4)).toBe(0);
    expect(nextIndex('Home', 7, 10, 4)).toBe(0);
    expect(nextIndex('End', 0, 10, 4)).toBe(9);
    expect(nextIndex('PageDown', 0, 10, 0)).toBe(1);
  });
  it('ignores other keys and empty lists', () => {
    expect(nextIndex('a', 0, 10, 4)).toBeNull();
    expect(nextIndex('ArrowDown', 0, 0, 4)).toBeNull();
  });
});
