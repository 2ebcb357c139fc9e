import { openLibrary, type LibraryDB } from '../../../lib/library/schema';
import { getStory, recordVisit, savePosition, updateNoteMemory } from '../../../lib/library/store';
import type { ChapterVisit } from '../../../lib/protocol/messages';
import { syncOnce, type SyncOnceOptions } from '../../../lib/sync/engine';
import type { MemorySyncBackend, MemorySyncDevice } from '../../../lib/sync/memory-area';
import type { LocalArea } from '../../../lib/sync/types';
import { freshName, visit } from '../library/helpers';
import { chapterIn } from '../../../lib/library/chapter-sets';

export { freshName, visit };

export const DAY = 86_400_000;
/** A realistic clock: 2025-06-01. */
export const T0 = 1_748_736_000_000;

export interface MemoryLocal extends LocalArea {
  data: Map<string, unknown>;
}

export function memoryLocal(): MemoryLocal {
  const data = new Map<string, unknown>();
  return {
    data,
    async get(keys) {
      const out: Record<string, unknown> = {};
      for (const k of typeof keys === 'string' ? [keys] : keys)
        if (data.has(k)) out[k] = JSON.parse(JSON.stringify(data.get(k)));
      return out;
    },
    async set(items) {
      for (const [k, v] of Object.entries(items)) data.set(k, JSON.parse(JSON.stringify(v)));
    },
  };
}

export interface Device {
  name: string;
  db: LibraryDB;
  area: MemorySyncDevice;
  local: MemoryLocal;
  sync(now: number, options?: Omit<SyncOnceOptions, 'local'>): ReturnType<typeof syncOnce>;
  visit(now: number, over?: Partial<ChapterVisit>): Promise<void>;
  position(now: number, storyKey: string, chapterId: string, blockIndex: number, offsetRatio?: number): Promise<void>;
  correct(now: number, storyKey: string, fp: string, label: 'story' | 'note' | null): Promise<void>;
  story(storyKey: string): ReturnType<typeof getStory>;
}

export async function device(backend: MemorySyncBackend, name: string): Promise<Device> {
  const db = await openLibrary(freshName(`sync-${name}`));
  const area = backend.device(name);
  const local = memoryLocal();
  return {
    name,
    db,
    area,
    local,
    sync: (now, options = {}) => syncOnce(db, area, now, { ...options, local }),
    async visit(now, over = {}) {
      await recordVisit(db, visit(over), now);
    },
    async position(now, storyKey, chapterId, blockIndex, offsetRatio = 0.5) {
      await savePosition(db, storyKey, chapterId, { blockIndex, offsetRatio, updatedAt: now });
    },
    async correct(now, storyKey, fp, label) {
      await updateNoteMemory(
        db,
        storyKey,
        (m) => {
          const corrections = { ...m.corrections };
          if (label) corrections[fp] = label;
          else delete corrections[fp];
          return { ...m, corrections };
        },
        now,
      );
    },
    story: (storyKey) => getStory(db, storyKey),
  };
}

/** A chapter visit of story `id` on AO3 (chapter n, 1-based). */
export function ao3(id: string, n: number, title = `Story ${id}`): Partial<ChapterVisit> {
  return {
    site: 'ao3',
    storyId: id,
    title,
    storyUrl: `https://archiveofourown.org/works/${id}`,
    chapterId: String(1000 + n),
    chapterIndex: n - 1,
    chapterTitle: `Chapter ${n}`,
    url: `https://archiveofourown.org/works/${id}/chapters/${1000 + n}`,
  };
}

/** What must agree between devices: the synced part of every story, sorted. */
export async function syncedView(db: LibraryDB) {
  const stories = await db.getAll('stories');
  const out = [];
  for (const s of stories.sort((a, b) => (a.key < b.key ? -1 : 1))) {
    const chapter = s.lastChapterId ? chapterIn(await db.get('chapterSets', s.key), s.lastChapterId) : undefined;
    const memory = await db.get('noteMemory', s.key);
    out.push({
      key: s.key,
      title: s.title,
      url: s.url,
      followed: s.followed,
      readingStatus: s.readingStatus,
      lastReadAt: s.lastReadAt,
      lastChapterId: s.lastChapterId,
      lastChapterIndex: s.lastChapterIndex,
      lastChapterUrl: s.lastChapterUrl,
      position: chapter?.position ?? null,
      corrections: memory?.corrections ?? {},
    });
  }
  return out;
}
