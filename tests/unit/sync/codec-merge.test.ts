import { describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  decodeChapterUrl,
  decodeEntry,
  encodeChapterUrl,
  encodeEntry,
  itemBytes,
} from '../../../lib/sync/codec';
import { mergeEntries } from '../../../lib/sync/merge';
import { isSyncEnabled } from '../../../lib/sync/engine';
import type { LocalChangeSource } from '../../../lib/sync/scheduler';
import type { LocalArea, SyncArea, SyncEntry, SyncStory } from '../../../lib/sync/types';
import { T0 } from './helpers';

const base: SyncStory = {
  key: 'ffnet:13000211',
  site: 'ffnet',
  storyId: '13000211',
  title: 'Où vont les étoiles — 世界',
  url: 'https://www.fanfiction.net/s/13000211/1/Ou-vont',
  followed: true,
  followAt: T0,
  readingStatus: 'on-hold',
  statusAt: T0 + 5000,
  readAt: T0 + 9000,
  chapterId: '12',
  chapterIndex: 11,
  chapterUrl: 'https://www.fanfiction.net/s/13000211/12/Ou-vont',
  position: { b: 40, r: 0.125, t: T0 + 10_000 },
  corrections: { 'ab.cd': { label: 'note', at: T0 + 3000 }, 'ef.gh': { label: null, at: T0 + 4000 } },
};

describe('codec', () => {
  it('round-trips a story and a removal', () => {
    const e: SyncEntry = { kind: 'story', story: base };
    expect(decodeEntry('s:ffnet:13000211', JSON.parse(JSON.stringify(encodeEntry(e))))).toEqual(e);
    const bare: SyncStory = { ...base, followed: false, followAt: 0, readingStatus: null, statusAt: 0, chapterId: null, chapterIndex: null, chapterUrl: null, position: null, corrections: {} };
    const enc = encodeEntry({ kind: 'story', story: bare }) as unknown[];
    expect(enc.length).toBe(7); // trailing empty fields dropped
    expect(decodeEntry('s:ffnet:13000211', enc)).toEqual({ kind: 'story', story: bare });
    const t: SyncEntry = { kind: 'tombstone', tombstone: { key: 'ao3:1', removedAt: T0 } };
    expect(decodeEntry('s:ao3:1', encodeEntry(t))).toEqual(t);
  });

  it('stores chapter URLs relative to the story URL, with the chapter id abbreviated', () => {
    const story = 'archiveofourown.org/works/123';
    const ch = 'archiveofourown.org/works/123/chapters/98765';
    const enc = encodeChapterUrl(ch, story, '98765');
    expect(enc).toBe('^29*|/chapters/*');
    expect(decodeChapterUrl(enc, story, '98765')).toBe(ch);
    const other = 'example.org/a*b/98765';
    expect(decodeChapterUrl(encodeChapterUrl(other, story, '98765'), story, '98765')).toBe(other);
  });

  it('counts bytes as Chrome does: key plus JSON, in UTF-8', () => {
    expect(itemBytes('k', 'é')).toBe(1 + 4); // "é" = quote + 2 bytes + quote
    expect(itemBytes('s:a:1', [1])).toBe(5 + 3);
  });

  it('ignores malformed items', () => {
    expect(decodeEntry('s:nocolon', ['t', 'u'])).toBeNull();
    expect(decodeEntry('s:ao3:1', 'junk')).toBeNull();
    expect(decodeEntry('cfg', ['t', 'u'])).toBeNull();
    expect(decodeEntry('s:ao3:1', [1, 2])).toBeNull();
  });

  it('browser.storage fits the interfaces the engine and scheduler take', async () => {
    const area: SyncArea = fakeBrowser.storage.sync;
    const local: LocalArea = fakeBrowser.storage.local;
    const changes: LocalChangeSource = fakeBrowser.storage.onChanged;
    await area.set({ k: [1] });
    await local.set({ syncEnabled: false });
    expect(await area.get(null)).toEqual({ k: [1] });
    expect(await isSyncEnabled(local)).toBe(false);
    expect(typeof changes.addListener).toBe('function');
  });
});

/** A small deterministic generator of story variants that collide on every clock. */
function variants(): SyncEntry[] {
  const out: SyncEntry[] = [];
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let i = 0; i < 40; i++) {
    if (rnd(6) === 0) {
      out.push({ kind: 'tombstone', tombstone: { key: base.key, removedAt: T0 + rnd(4) * 1000 } });
      continue;
    }
    const ch = String(1 + rnd(3));
    out.push({
      kind: 'story',
      story: {
        ...base,
        title: ['A', 'B', ''][rnd(3)],
        followed: rnd(2) === 0,
        followAt: T0 + rnd(3) * 1000,
        readingStatus: (['reading', 'completed', null] as const)[rnd(3)],
        statusAt: T0 + rnd(3) * 1000,
        readAt: T0 + rnd(3) * 1000,
        chapterId: ch,
        chapterIndex: Number(ch),
        chapterUrl: `https://x.org/${ch}`,
        position: rnd(4) === 0 ? null : { b: rnd(3), r: rnd(3) / 4, t: T0 + rnd(4) * 1000 },
        corrections: rnd(2)
          ? { a: { label: (['story', 'note', null] as const)[rnd(3)], at: T0 + rnd(3) * 1000 } }
          : { b: { label: 'note', at: T0 + rnd(3) * 1000 } },
      },
    });
  }
  return out;
}

describe('merge', () => {
  const v = variants();
  it('is commutative and idempotent', () => {
    for (const a of v) {
      expect(mergeEntries(a, a)).toEqual(a);
      for (const b of v) expect(mergeEntries(a, b)).toEqual(mergeEntries(b, a));
    }
  });

  it('is associative for live stories (any order of pulls gives the same library)', () => {
    const stories = v.filter((e) => e.kind === 'story');
    for (const a of stories.slice(0, 12))
      for (const b of stories.slice(0, 12))
        for (const c of stories.slice(0, 12))
          expect(mergeEntries(mergeEntries(a, b), c)).toEqual(mergeEntries(a, mergeEntries(b, c)));
  });

  it('takes each field from the side that changed it last', () => {
    const a: SyncStory = { ...base, followed: false, followAt: T0 + 9000, readingStatus: 'reading', statusAt: T0 + 1000 };
    const b: SyncStory = { ...base, followed: true, followAt: T0 + 2000, readingStatus: 'dropped', statusAt: T0 + 8000 };
    const m = mergeEntries({ kind: 'story', story: a }, { kind: 'story', story: b });
    expect(m?.kind === 'story' && m.story).toMatchObject({ followed: false, readingStatus: 'dropped' });
  });

  it('a removal loses to any later change and wins over older data', () => {
    const t: SyncEntry = { kind: 'tombstone', tombstone: { key: base.key, removedAt: T0 + 20_000 } };
    expect(mergeEntries(t, { kind: 'story', story: base })).toEqual(t);
    const later: SyncEntry = { kind: 'story', story: { ...base, readAt: T0 + 30_000 } };
    expect(mergeEntries(t, later)).toEqual(later);
  });
});
