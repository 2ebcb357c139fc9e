/**
 * What the backup tests share: fresh libraries (closed after each test), a library with one of
 * everything, a bulk library, and the whole library as comparable data.
 */
import { afterEach, vi } from 'vitest';
import { openLibrary, type LibraryDB } from '../../../../lib/library/schema';
import { exportLibrary } from '../../../../lib/library/backup';
import { withIndexKeys } from '../../../../lib/library/derived';
import { setsOf } from '../../../../lib/library/chapter-sets';
import { applyUpdate, getStory, markChecked, putNoteMemory, recordVisit, savePosition, setFollowed, setMeta, setReadingStatus } from '../../../../lib/library/store';
import { chapterKey, type ChapterRecord, type StoryRecord } from '../../../../lib/library/types';
import { freshName, visit } from '../helpers';

export { visit };
export const W = 'https://archiveofourown.org/works/123';
const opened: LibraryDB[] = [];
/** A new, empty library; every library opened in a test is closed after it. */
export async function fresh(): Promise<LibraryDB> {
  const db = await openLibrary(freshName('backup'));
  opened.push(db);
  return db;
}
afterEach(() => {
  vi.restoreAllMocks();
  while (opened.length) opened.pop()!.close();
});

/** One of everything: a v1-era story without the v2 fields, a TOC with and without dates, positions, notes, settings, sync bookkeeping. */
export async function populate(db: LibraryDB): Promise<void> {
  await recordVisit(db, visit({ chapterId: 'c1', chapterIndex: 1, toc: [{ id: 'c1', title: 'One', url: `${W}/chapters/c1` }, { id: 'c2', title: null, url: `${W}/chapters/c2` }] }), 1000);
  await recordVisit(db, visit({ chapterId: 'c2', chapterIndex: 2 }), 2000);
  await savePosition(db, 'ao3:123', 'c2', { blockIndex: 4, offsetRatio: 0.25, updatedAt: 2100 });
  await setFollowed(db, 'ao3:123', true);
  await setReadingStatus(db, 'ao3:123', 'reading');
  await recordVisit(db, visit({ site: 'ffnet', storyId: '9', chapterId: '1', storyUrl: 'https://www.fanfiction.net/s/9/1/', url: 'https://www.fanfiction.net/s/9/1/' }), 1500);
  await applyUpdate(db, 'ffnet:9', { toc: [{ id: '1', title: 'A', url: 'https://www.fanfiction.net/s/9/1/', date: 5 }, { id: '2', title: 'B', url: 'https://www.fanfiction.net/s/9/2/', date: null }], chapterCount: 2, siteUpdatedAt: 7 }, 3000);
  await recordVisit(db, visit({ storyId: 'w', chapterId: 'full', chapterIndex: null, url: '' }), 1200);
  await markChecked(db, 'ao3:w', 'visit', 3100);
  const legacy: StoryRecord = { ...(await getStory(db, 'ao3:123')).story!, key: 'ao3:old', storyId: 'old' };
  for (const k of ['toc', 'unread', 'siteUpdatedAt', 'lastCheckedAt', 'checkState', 'newChaptersAt'] as const) delete legacy[k];
  await db.put('stories', legacy);
  await putNoteMemory(db, { storyKey: 'ao3:123', noteFingerprints: ['f1'], corrections: { f2: 'story', f3: 'note' }, edgeCounts: { f1: 3 }, updatedAt: 900, learnedChapters: ['c1'] });
  await setMeta(db, 'updateSettings', { intervalMinutes: 120, notify: true });
  await setMeta(db, 'sync:state', { initialized: true, lastSyncAt: 1, lastError: null });
}

/** `stories` stories of `per` chapters each (every third with a position), written directly. */
export async function bulk(db: LibraryDB, stories: number, per: number): Promise<void> {
  const tx = db.transaction(['stories', 'chapterSets'], 'readwrite');
  for (let i = 0; i < stories; i++) {
    const key = `ao3:${i}`;
    const url = `https://archiveofourown.org/works/${i}`;
    const toc = Array.from({ length: per }, (_, j) => ({ id: String(j + 1), title: `Chapter ${j + 1}`, url: `${url}/chapters/${j + 1}`, ...(j % 2 ? { date: 1000 + j } : {}) }));
    const story: StoryRecord = {
      key, site: 'ao3', storyId: String(i), title: `Story ${i}`, author: 'a', summary: null, url, chapterCount: per, words: 1000, status: 'in-progress',
      tags: ['x'], followed: i % 2 === 0, readingStatus: null, addedAt: 1, lastReadAt: 2 + i, lastChapterId: '1', lastChapterIndex: 0,
      lastChapterUrl: `${url}/chapters/1`, lastChapterTitle: 'Chapter 1', toc, unread: per - 1, siteUpdatedAt: null, lastCheckedAt: 5, checkState: 'ok', newChaptersAt: null,
    };
    void tx.objectStore('stories').put(withIndexKeys(story));
    const chapters: ChapterRecord[] = [];
    for (let j = 0; j < per; j++) {
      chapters.push({
        key: chapterKey(key, String(j + 1)), storyKey: key, chapterId: String(j + 1), index: j, title: `Chapter ${j + 1}`, url: `${url}/chapters/${j + 1}`,
        firstReadAt: 10, lastReadAt: 20 + j, position: j % 3 === 0 ? { blockIndex: j, offsetRatio: 0.5, updatedAt: 30 } : null,
      });
    }
    for (const set of setsOf(chapters)) void tx.objectStore('chapterSets').put(set);
  }
  await tx.done;
}

/** Everything in the library as data, sorted by key (the export time and version left out). */
export async function everything(db: LibraryDB) {
  const { exportedAt: _t, version: _v, ...rest } = await exportLibrary(db, 0);
  const byKey = <T>(list: T[], k: (t: T) => string) => [...list].sort((a, b) => (k(a) < k(b) ? -1 : 1));
  return {
    ...rest,
    stories: byKey(rest.stories, (s) => s.key),
    chapters: byKey(rest.chapters, (c) => c.key),
    noteMemory: byKey(rest.noteMemory, (n) => n.storyKey),
    meta: byKey(rest.meta, (m) => m.key),
  };
}

/** Raw stored story records (with their derived index keys), for an exact comparison. */
export const rawStories = (db: LibraryDB) => db.getAll('stories');

/** `text` packed with gzip, as a file someone made by hand. */
export async function gzip(text: string): Promise<Uint8Array> {
  const cs = new CompressionStream('gzip');
  const w = cs.writable.getWriter();
  void w.write(new TextEncoder().encode(text));
  void w.close();
  const parts: Uint8Array[] = [];
  const r = cs.readable.getReader();
  for (;;) {
    const { done, value } = await r.read();
    if (done) break;
    parts.push(value);
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) (out.set(p, at), (at += p.length));
  return out;
}
