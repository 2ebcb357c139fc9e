import { describe, expect, it } from 'vitest';
import { ChunkRenderer, type ChunkRendererOptions } from '../../../lib/reader/chunk-renderer';
import { chunkOfBlock, EAGER_BLOCKS, type Chunk } from '../../../lib/reader/chunks';
import { groupBlocks } from '../../../lib/reader/notes';
import { PENDING_ATTR } from '../../../lib/reader/position';
import type { Block } from '../../../lib/sites/types';
import { story } from './fixtures';

const items = (n: number) => groupBlocks(Array.from({ length: n }, (_, i): Block => story(`paragraph ${i}`)));

/** A window whose idle callbacks run when the test says (each with this much time left). */
function idleWindow() {
  const queue = new Map<number, (d: { timeRemaining(): number }) => void>();
  let next = 1;
  const win = {
    requestIdleCallback: (cb: (d: { timeRemaining(): number }) => void) => {
      queue.set(next, cb);
      return next++;
    },
    cancelIdleCallback: (id: number) => queue.delete(id),
  } as unknown as Window;
  const runIdle = (remaining: number) => {
    const [id, cb] = [...queue][0] ?? [];
    if (id === undefined) return false;
    queue.delete(id);
    let left = remaining;
    cb!({ timeRemaining: () => (left -= 10) + 10 });
    return true;
  };
  return { win, queue, runIdle };
}

function renderer(n: number, patch: Partial<ChunkRendererOptions> = {}) {
  const idle = idleWindow();
  const state = { active: true, redraws: 0 };
  const r = new ChunkRenderer(
    { win: idle.win, view: () => null, topInset: () => 0, redraw: () => state.redraws++, active: () => state.active, ...patch },
    items(n),
  );
  const rendered = () => [...(r.drawing.rendered ?? [])].sort((a, b) => a - b);
  return { r, idle, state, rendered, chunks: () => r.drawing.chunks as Chunk[] };
}

describe('ChunkRenderer', () => {
  it('leaves a chapter small enough to render whole alone', () => {
    const { r, idle, state } = renderer(EAGER_BLOCKS);
    expect(r.drawing).toEqual({ chunks: undefined, rendered: undefined });
    expect(r.ensureAround(50)).toBe(false);
    r.fill(0);
    r.scheduleFill();
    expect(idle.queue.size).toBe(0);
    expect(state.redraws).toBe(0);
  });

  it('marks the chunks around a block rendered once, and the fill grows outward from there', () => {
    const { r, idle, state, rendered, chunks } = renderer(1500);
    const count = chunks().length;
    expect(count).toBeGreaterThan(10);
    const at = chunkOfBlock(chunks(), 700);
    expect(r.ensureAround(700)).toBe(true);
    expect(rendered()).toEqual([at - 1, at, at + 1]);
    expect(r.ensureAround(700)).toBe(false);
    expect(state.redraws).toBe(0); // marking only: the caller draws

    r.scheduleFill();
    r.scheduleFill(); // one fill at a time
    expect(idle.queue.size).toBe(1);
    // 25 ms of idle time: three chunks (it stops once less than 8 ms are left)
    idle.runIdle(25);
    expect(rendered()).toEqual([at - 2, at - 1, at, at + 1, at + 2, at + 3].sort((a, b) => a - b));
    expect(state.redraws).toBe(3);
    while (idle.runIdle(0));
    expect(rendered()).toEqual([...Array(count).keys()]);
    expect(idle.queue.size).toBe(0);
  });

  it('fills nothing while the view is off, and forgets what was rendered when it goes off', () => {
    const { r, idle, state, rendered } = renderer(1500);
    r.ensureAround(0);
    state.active = false;
    r.scheduleFill();
    expect(idle.queue.size).toBe(0);
    state.active = true;
    r.scheduleFill();
    state.active = false;
    idle.runIdle(100);
    expect(rendered()).toEqual([0, 1]);
    state.active = true;
    r.scheduleFill();
    r.reset();
    expect(idle.queue.size).toBe(0);
    expect(rendered()).toEqual([]);
  });

  it('keeps the rendered chunks that still exist when the items change', () => {
    const { r, rendered, chunks } = renderer(1500);
    r.ensureAround(1499);
    const last = chunks().length - 1;
    expect(rendered()).toEqual([last - 1, last]);
    r.setItems(items(1000));
    expect(rendered().every((k) => k < chunks().length)).toBe(true);
    r.setItems(items(10));
    expect(r.drawing.rendered).toBeUndefined();
  });

  it('keeps the text in view where it is when a placeholder above it is filled', () => {
    // A placeholder (chunk 1) above the top of the view, 1000px estimated; filled, it is 1400px.
    const view = document.createElement('div');
    const ph = document.createElement('div');
    ph.setAttribute(PENDING_ATTR, '1');
    const below = document.createElement('div');
    view.append(ph, below);
    document.body.append(view);
    let scrollTop = 1200;
    let filled = false;
    Object.defineProperty(view, 'scrollTop', { get: () => scrollTop, set: (v) => (scrollTop = v) });
    view.getBoundingClientRect = () => ({ top: 0, bottom: 600, height: 600 }) as DOMRect;
    ph.getBoundingClientRect = () => ({ top: 100 - scrollTop, bottom: 1100 - scrollTop, height: 1000 }) as DOMRect;
    below.getBoundingClientRect = () => {
      const t = (filled ? 1500 : 1100) - scrollTop;
      return { top: t, bottom: t + 500, height: 500 } as DOMRect;
    };
    const { r } = renderer(1500, { view: () => view, redraw: () => (filled = true) });
    r.fill(1);
    expect(filled).toBe(true);
    expect(scrollTop).toBe(1600);
    expect(r.drawing.rendered?.has(1)).toBe(true);
    // a placeholder below the top of the view moves nothing above it
    const { r: r2 } = renderer(1500, { view: () => view, redraw: () => undefined });
    scrollTop = 0;
    r2.fill(1);
    expect(scrollTop).toBe(0);
    r2.fill(-1);
    r2.fill(10_000);
    expect([...(r2.drawing.rendered ?? [])]).toEqual([1]);
    view.remove();
  });

  it('fills on a timer where there are no idle callbacks', async () => {
    const { r, rendered, chunks } = renderer(1500, { win: window });
    r.ensureAround(0);
    r.scheduleFill();
    await expect.poll(() => rendered().length, { timeout: 10_000, interval: 20 }).toBe(chunks().length);
  });
});
