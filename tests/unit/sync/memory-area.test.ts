/** lib/sync/memory-area.ts: the in-memory storage.sync several "devices" share in tests and demos. */
import { describe, expect, it } from 'vitest';
import { createMemorySyncBackend } from '../../../lib/sync/memory-area';
import type { SyncChange } from '../../../lib/sync/types';

function listen(device: { onChanged: { addListener(cb: (c: Record<string, SyncChange>) => void): void } }) {
  const seen: Record<string, SyncChange>[] = [];
  device.onChanged.addListener((c) => void seen.push(c));
  return seen;
}

describe('createMemorySyncBackend', () => {
  it('reaches every online device at once and fires onChanged there', async () => {
    const sync = createMemorySyncBackend();
    const a = sync.device('a');
    const b = sync.device('b');
    const seenB = listen(b);
    await a.set({ k: { v: 1 } });
    expect(await b.get('k')).toEqual({ k: { v: 1 } });
    expect(seenB).toEqual([{ k: { oldValue: undefined, newValue: { v: 1 } } }]);
    expect(sync.snapshot()).toEqual({ k: { v: 1 } });
    expect(a.writeOps).toBe(1);
    expect(b.writeOps).toBe(0);
  });

  it('fires nothing for a write that changes nothing', async () => {
    const sync = createMemorySyncBackend();
    const a = sync.device('a');
    const seen = listen(sync.device('b'));
    await a.set({ k: 1 });
    await a.set({ k: 1 });
    expect(seen).toHaveLength(1);
  });

  it('hands out copies: changing what get() answered changes nothing stored', async () => {
    const sync = createMemorySyncBackend();
    const a = sync.device('a');
    const item = { list: [1] };
    await a.set({ k: item });
    item.list.push(2);
    const got = (await a.get('k')).k as { list: number[] };
    got.list.push(3);
    expect((await a.get(null)).k).toEqual({ list: [1] });
  });

  it('keeps an offline device’s writes to itself, then replays them over newer ones on reconnect', async () => {
    const sync = createMemorySyncBackend();
    const a = sync.device('a');
    const b = sync.device('b');
    await a.set({ k: 'old', gone: 1 });
    sync.setOnline('a', false);
    await a.set({ k: 'stale' });
    await a.remove('gone');
    await b.set({ k: 'newer' });
    expect((await b.get('k')).k).toBe('newer');
    expect((await a.get('k')).k).toBe('stale');
    const seenB = listen(b);
    sync.setOnline('a', true);
    // The stale device's items win (the worst case of item-level last-writer-wins).
    expect(sync.snapshot()).toEqual({ k: 'stale' });
    expect(await b.get(null)).toEqual({ k: 'stale' });
    expect(await a.get(null)).toEqual({ k: 'stale' });
    expect(seenB).toEqual([{ k: { oldValue: 'newer', newValue: 'stale' }, gone: { oldValue: 1, newValue: undefined } }]);
  });

  it('rejects writes over the quotas with Chrome’s messages, storing nothing', async () => {
    const sync = createMemorySyncBackend({ bytes: 100, perItem: 40, items: 2 });
    const a = sync.device('a');
    await expect(a.set({ big: 'x'.repeat(50) })).rejects.toThrow('QUOTA_BYTES_PER_ITEM quota exceeded');
    await a.set({ a: 'x'.repeat(30), b: 'y'.repeat(30) });
    await expect(a.set({ c: 1 })).rejects.toThrow('MAX_ITEMS quota exceeded');
    await expect(a.set({ a: 'x'.repeat(30), b: 'y'.repeat(30) + 'zz', d: null })).rejects.toThrow(/quota exceeded/);
    const big = createMemorySyncBackend({ bytes: 50, perItem: 40, items: 10 }).device('z');
    await big.set({ a: 'x'.repeat(30) });
    await expect(big.set({ b: 'y'.repeat(30) })).rejects.toThrow('QUOTA_BYTES quota exceeded');
    expect(Object.keys(await a.get(null)).sort()).toEqual(['a', 'b']);
    expect(a.writeOps).toBe(1);
  });

  it('counts bytes in use as key plus JSON, per key or in all', async () => {
    const sync = createMemorySyncBackend();
    const a = sync.device('a');
    await a.set({ k: 'é', n: 12 });
    // "k" + "\"é\"" (4 bytes in UTF-8), "n" + "12".
    expect(await a.getBytesInUse('k')).toBe(5);
    expect(await a.getBytesInUse(['n', 'missing'])).toBe(3);
    expect(await a.getBytesInUse(null)).toBe(8);
    expect(sync.bytesInUse()).toBe(8);
  });

  it('a new device starts with the shared state; a removed listener hears nothing', async () => {
    const sync = createMemorySyncBackend();
    await sync.device('a').set({ k: 1 });
    const late = sync.device('late');
    expect(await late.get(null)).toEqual({ k: 1 });
    const seen: unknown[] = [];
    const cb = (c: unknown) => void seen.push(c);
    late.onChanged.addListener(cb);
    late.onChanged.removeListener(cb);
    await sync.device('a').set({ k: 2 });
    expect(seen).toEqual([]);
  });
});
