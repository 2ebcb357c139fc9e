/**
 * A reading position whose save fails (the service worker was stopped mid-request, the library
 * refused the write) is saved again later, without the reader having to move.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPositionSaver, type Anchor, type Timers } from '../../../lib/reader/position';

afterEach(() => vi.useRealTimers());

function setup(save: (p: unknown) => Promise<unknown> | void) {
  vi.useFakeTimers();
  const anchor: Anchor = { blockIndex: 7, offsetRatio: 0.25 };
  const timers: Timers = {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (id) => clearTimeout(id as number),
    now: () => Date.now(),
  };
  const spy = vi.fn(save);
  const saver = createPositionSaver({ read: () => anchor, save: spy, intervalMs: 3000, settleMs: 500, timers });
  return { saver, save: spy };
}

describe('position saves that fail', () => {
  it('retry the same position after a rejected save, and stop once it is saved', async () => {
    let calls = 0;
    const { saver, save } = setup(() => (++calls === 1 ? Promise.reject(new Error('worker stopped')) : Promise.resolve({ ok: true })));
    saver.request();
    await vi.advanceTimersByTimeAsync(500);
    expect(save).toHaveBeenCalledTimes(1);
    expect(saver.last).toBeNull();
    await vi.advanceTimersByTimeAsync(3000);
    expect(save).toHaveBeenCalledTimes(2);
    expect(save.mock.calls[1][0]).toMatchObject({ blockIndex: 7, offsetRatio: 0.25 });
    expect(saver.last).toEqual({ blockIndex: 7, offsetRatio: 0.25 });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(save).toHaveBeenCalledTimes(2);
  });

  it('retry after a save that throws at once (no receiving end)', async () => {
    let calls = 0;
    const { saver, save } = setup(() => {
      if (++calls === 1) throw new Error('Could not establish connection. Receiving end does not exist.');
      return Promise.resolve({ ok: true });
    });
    saver.request();
    await vi.advanceTimersByTimeAsync(500);
    await vi.advanceTimersByTimeAsync(3000);
    expect(save).toHaveBeenCalledTimes(2);
    expect(saver.last).toEqual({ blockIndex: 7, offsetRatio: 0.25 });
  });

  it('give up after a few failures in a row instead of retrying for ever', async () => {
    const { saver, save } = setup(() => Promise.reject(new Error('quota')));
    saver.request();
    await vi.advanceTimersByTimeAsync(120_000);
    const n = save.mock.calls.length;
    expect(n).toBeGreaterThan(2);
    expect(n).toBeLessThanOrEqual(6);
    await vi.advanceTimersByTimeAsync(120_000);
    expect(save.mock.calls.length).toBe(n);
  });

  it('do not retry after the saver is disposed', async () => {
    const { saver, save } = setup(() => Promise.reject(new Error('gone')));
    saver.request();
    await vi.advanceTimersByTimeAsync(500);
    saver.dispose();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(save).toHaveBeenCalledTimes(1);
  });
});
