import { describe, expect, it } from 'vitest';
import { parseSnapshot, popupSnapshot, serializeSnapshot, SNAPSHOT_KEY, type SnapshotStorage } from '../../../lib/popup/snapshot';
import { story } from './fake-api';

function memoryStorage(): SnapshotStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, String(v)) };
}

describe('popup snapshot', () => {
  it('keeps only what the list shows, and reads it back', () => {
    const s = story({ key: 'ao3:5', storyId: '5', title: 'Five', summary: 'a long summary', tags: ['x'], unread: 3, followed: true, newCount: 2, newChaptersAt: 9 });
    const storage = memoryStorage();
    popupSnapshot(storage).write([s]);
    const text = storage.data.get(SNAPSHOT_KEY)!;
    expect(text).not.toContain('a long summary');
    const [back] = popupSnapshot(storage).read()!;
    expect(back).toEqual({
      key: 'ao3:5', site: 'ao3', storyId: '5', title: 'Five', url: s.url, lastReadAt: s.lastReadAt, lastChapterId: s.lastChapterId,
      lastChapterIndex: s.lastChapterIndex, lastChapterUrl: s.lastChapterUrl, lastChapterTitle: null, followed: true, unread: 3, newCount: 2, newChaptersAt: 9,
    });
  });

  it('an empty list is a snapshot too (the popup says the library is empty at once)', () => {
    const storage = memoryStorage();
    popupSnapshot(storage).write([]);
    expect(popupSnapshot(storage).read()).toEqual([]);
  });

  it('ignores anything it did not write: hostile or broken text is no snapshot', () => {
    const good = JSON.parse(serializeSnapshot([story()])) as { v: number; stories: Record<string, unknown>[] };
    const bad: unknown[] = [
      null,
      '',
      'not json',
      '[]',
      '{"v":2,"stories":[]}',
      '{"v":1}',
      '{"v":1,"stories":{}}',
      JSON.stringify({ v: 1, stories: Array.from({ length: 21 }, () => good.stories[0]) }),
      JSON.stringify({ v: 1, stories: [{ ...good.stories[0], title: 5 }] }),
      JSON.stringify({ v: 1, stories: [{ ...good.stories[0], key: 'ao3:other' }] }),
      JSON.stringify({ v: 1, stories: [{ ...good.stories[0], lastReadAt: 'yesterday' }] }),
      JSON.stringify({ v: 1, stories: [{ ...good.stories[0], followed: 'yes' }] }),
      JSON.stringify({ v: 1, stories: [{ ...good.stories[0], unread: null }] }),
      JSON.stringify({ v: 1, stories: [good.stories[0], 7] }),
    ];
    for (const text of bad) expect(parseSnapshot(text as string | null), String(text)).toBeNull();
    // Extra fields are dropped, not carried into the page.
    const extra = parseSnapshot(JSON.stringify({ v: 1, stories: [{ ...good.stories[0], onclick: 'x' }] }))!;
    expect(Object.keys(extra[0])).not.toContain('onclick');
  });

  it('a storage that throws (disabled, full) or is missing is a snapshot that is never there', () => {
    const throwing: SnapshotStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => popupSnapshot(throwing).write([story()])).not.toThrow();
    expect(popupSnapshot(throwing).read()).toBeNull();
    expect(popupSnapshot(null).read()).toBeNull();
  });

  it('does not write again what is already stored', () => {
    const storage = memoryStorage();
    let writes = 0;
    const counting: SnapshotStorage = { getItem: storage.getItem, setItem: (k, v) => (writes++, storage.setItem(k, v)) };
    popupSnapshot(counting).write([story()]);
    popupSnapshot(counting).write([story()]);
    expect(writes).toBe(1);
  });
});
