/**
 * The library read straight from its IndexedDB by an extension page (the popup, the library page).
 * Pages share the worker's origin, so their first screen never waits for a worker that is asleep
 * (Manifest V3 stops it when idle) or busy (a sync pass, an update check reading the library).
 * Reads only: every write still goes through the worker, which owns the library.
 */
import type { LibraryDB } from './schema';
import { listForPopup, listRecent, listStories } from './store';
import type { StoryRecord } from './types';

export interface LocalReads {
  /** As the 'library/recent' message: what the popup's "Continue reading" picks from. */
  forPopup(limit: number): Promise<StoryRecord[]>;
  /** As 'library/recent' with `news: false`: the most recently read stories. */
  recent(limit: number): Promise<StoryRecord[]>;
  /** As 'library/list': every story, most recently read first. */
  all(): Promise<StoryRecord[]>;
}

/** `db` opens (or reuses) the library: lazyLibrary(), which refuses at once when an upgrade is held back. */
export function createLocalReads(db: () => Promise<LibraryDB>): LocalReads {
  return {
    forPopup: async (limit) => listForPopup(await db(), limit),
    recent: async (limit) => listRecent(await db(), limit),
    all: async () => listStories(await db()),
  };
}

/** The local read, or when it fails (no IndexedDB here, a held-back upgrade) the worker's answer. */
export async function localOr<T>(local: (() => Promise<T>) | undefined, remote: () => Promise<T>): Promise<T> {
  if (local) {
    try {
      return await local();
    } catch {
      // The worker reads the same library: ask it.
    }
  }
  return remote();
}

/**
 * Reads whose first screen has already started (before the page's first render, so the database
 * works while the page draws): the first `read(limit)` call gets that read, later calls read again.
 * `read` is 'forPopup' (the popup) or 'recent' (the library page's first screen).
 */
export function startedEarly(reads: LocalReads, limit: number, read: 'forPopup' | 'recent' = 'forPopup'): LocalReads {
  let early: Promise<StoryRecord[]> | null = reads[read](limit);
  early.catch(() => undefined); // handled by whoever takes it
  return {
    ...reads,
    [read](n: number) {
      const got = n === limit ? early : null;
      early = null;
      return got ?? reads[read](n);
    },
  };
}
