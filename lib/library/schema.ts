/**
 * The reader's library in IndexedDB: versions and upgrade steps.
 *
 * Each schema change appends one step to UPGRADES (never edit a shipped step); DB_VERSION follows.
 * tests/unit/library/schema.test.ts holds a frozen copy of every earlier version with data and
 * checks that upgrading it to the current version loses nothing.
 */
import { openDB, unwrap, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';
import type { ChapterRecord } from './types';
import { SetBuilder, type ChapterSet } from './chapter-sets';
import { DUE_INDEX, NEWS_INDEX, withIndexKeys, type NewsKey, type StoredStory } from './derived';
import type { StoryNoteMemory } from '../notes/types';

export const DEFAULT_DB_NAME = 'calm-reader';

/** What the notes detector remembers per story, plus its edge-fingerprint counts. */
export interface NoteMemoryRecord extends StoryNoteMemory {
  storyKey: string;
  /** fingerprint -> number of chapters where it was seen at a chapter edge */
  edgeCounts: Record<string, number>;
  /** Chapters already counted in edgeCounts (a revisit does not count twice); the latest few hundred. */
  learnedChapters?: string[];
  updatedAt: number;
}

export interface LibrarySchema extends DBSchema {
  stories: {
    key: string;
    value: StoredStory;
    // lastCheckedAt (v2): stories never checked have no value and are not in this index.
    // news, due (v3): followed stories with unread chapters / that update checks may ask about
    // (see derived.ts: `followed` is a boolean, which cannot be a key, so records carry derived keys).
    indexes: { lastReadAt: number; lastCheckedAt: number; news: NewsKey; due: number };
  };
  /** v5: the chapters opened in each story, one record per story (chapter-sets.ts). */
  chapterSets: {
    key: string;
    value: ChapterSet;
  };
  noteMemory: {
    key: string;
    value: NoteMemoryRecord;
  };
  /** Small key/value facts about the library itself (out-of-line keys). */
  meta: {
    key: string;
    value: unknown;
  };
}

export type LibraryDB = IDBPDatabase<LibrarySchema>;

/** The stores of every version, as the upgrade steps name them (v1-v4 kept one record per chapter). */
interface UpgradeSchema extends LibrarySchema {
  chapters: {
    key: string;
    value: ChapterRecord;
    indexes: { storyKey: string; storyLastRead: [string, number] };
  };
}
type UpgradeDB = IDBPDatabase<UpgradeSchema>;
type UpgradeTx = IDBPTransaction<UpgradeSchema, StoreNames<UpgradeSchema>[], 'versionchange'>;

/** Chapter records read per request while v5 gathers them into sets. */
export const MIGRATE_PAGE = 5000;

/** UPGRADES[i] takes a database from version i to version i + 1. Append only. */
export const UPGRADES: ReadonlyArray<(db: UpgradeDB, tx: UpgradeTx) => void> = [
  // v1: the first library.
  (db) => {
    const stories = db.createObjectStore('stories', { keyPath: 'key' });
    stories.createIndex('lastReadAt', 'lastReadAt');
    const chapters = db.createObjectStore('chapters', { keyPath: 'key' });
    chapters.createIndex('storyKey', 'storyKey');
    chapters.createIndex('storyLastRead', ['storyKey', 'lastReadAt']);
    db.createObjectStore('noteMemory', { keyPath: 'storyKey' });
    db.createObjectStore('meta');
  },
  // v2: update checks. New optional story fields (toc, unread, siteUpdatedAt, lastCheckedAt,
  // checkState, newChaptersAt) need no rewrite: absent means "not known yet". Index stories by
  // when they were last checked, for the scheduler and the library page.
  (_db, tx) => {
    tx.objectStore('stories').createIndex('lastCheckedAt', 'lastCheckedAt');
  },
  // v3: the badge, the popup and update runs read followed stories from indexes instead of the
  // whole library. Every stored story gets its derived keys once, here.
  (_db, tx) => {
    const stories = tx.objectStore('stories');
    stories.createIndex(NEWS_INDEX, 'newsKey');
    stories.createIndex(DUE_INDEX, 'checkKey');
    // Raw requests: the version-change transaction stays open while they chain.
    const cursorReq = unwrap(stories).openCursor();
    cursorReq.onsuccess = () => {
      const cursor = cursorReq.result;
      if (!cursor) return;
      const next = withIndexKeys(cursor.value as StoredStory);
      if ('newsKey' in next || 'checkKey' in next) cursor.update(next);
      cursor.continue();
    };
  },
  // v4: "new" and "unread" kept apart. The badge counted unread chapters (following a finished
  // story after chapter 1 showed 40); it now counts `newCount`, chapters posted since the reader
  // last saw the chapter list. A followed story whose news came after the last reading keeps its
  // unread chapters as new; every other story starts with none. The news keys are recomputed.
  (_db, tx) => {
    const cursorReq = unwrap(tx.objectStore('stories')).openCursor();
    cursorReq.onsuccess = () => {
      const cursor = cursorReq.result;
      if (!cursor) return;
      const old = cursor.value as StoredStory;
      const unread = typeof old.unread === 'number' && old.unread > 0 ? old.unread : 0;
      const newsAfterReading = old.followed && unread > 0 && (old.newChaptersAt ?? 0) > old.lastReadAt;
      const story: StoredStory = { ...old };
      delete story.newsKey;
      if (newsAfterReading) story.newCount = unread;
      const next = withIndexKeys(story);
      if (newsAfterReading || 'newsKey' in old) cursor.update(next);
      cursor.continue();
    };
  },
  // v5: a story's chapters are one record (chapter-sets.ts): a backup of 10,000 stories reads and
  // writes 10,000 records instead of 300,000. Every chapter record is read in pages (raw requests,
  // chained, keep the version-change transaction open), grouped by its story, written as that
  // story's set, and the chapters store is deleted. All of it is one version-change transaction:
  // if the worker is stopped, the browser closes or a write fails (quota) half-way, IndexedDB
  // aborts it whole and the database is still v4 with every chapter record, upgraded again on the
  // next open. Records without a story (a removed story's leftovers) are kept as sets too.
  (db, tx) => {
    const sets = unwrap(db.createObjectStore('chapterSets', { keyPath: 'storyKey' }));
    const chapters = unwrap(tx.objectStore('chapters'));
    const builder = new SetBuilder();
    const readFrom = (after: IDBValidKey | null) => {
      const request = chapters.getAll(after === null ? null : IDBKeyRange.lowerBound(after, true), MIGRATE_PAGE);
      request.onsuccess = () => {
        const page = request.result as ChapterRecord[];
        for (const c of page) if (c && typeof c.storyKey === 'string' && typeof c.chapterId === 'string') builder.add(c);
        if (page.length === MIGRATE_PAGE) return readFrom(page[page.length - 1].key);
        for (const set of builder.sets()) sets.put(set);
        db.deleteObjectStore('chapters');
      };
    };
    readFrom(null);
  },
];

export const DB_VERSION = UPGRADES.length;

export interface OpenLibraryOptions {
  /**
   * Called when this connection is closed because another context (a newer worker or page after
   * an update) needs a newer version, or because the browser closed it. Open again lazily.
   */
  onClose?: () => void;
  /** Called when an older connection elsewhere keeps this open from upgrading. */
  onBlocked?: () => void;
}

export async function openLibrary(name = DEFAULT_DB_NAME, options: OpenLibraryOptions = {}): Promise<LibraryDB> {
  try {
    return await openDB<LibrarySchema>(name, DB_VERSION, {
      upgrade(database, oldVersion, _newVersion, tx) {
        // A failed upgrade is reported by the open itself (the database stays at its old version).
        tx.done.catch(() => undefined);
        for (let v = oldVersion; v < DB_VERSION; v++) UPGRADES[v](database as unknown as UpgradeDB, tx as unknown as UpgradeTx);
      },
      blocked() {
        options.onBlocked?.();
      },
      blocking(_currentVersion, _blockedVersion, event) {
        // Another context wants a newer version: let it, and reopen (with the new code) when asked.
        (event.target as IDBDatabase).close();
        options.onClose?.();
      },
      terminated() {
        options.onClose?.();
      },
    });
  } catch (err) {
    throw libraryError(err, `open the library "${name}"`);
  }
}

/**
 * A getter that opens the library once and reuses the connection; after a close (version change,
 * browser shutdown of the connection) or a failed open, the next call opens it again.
 */
export function lazyLibrary(
  name = DEFAULT_DB_NAME,
  open: (name: string, options: OpenLibraryOptions) => Promise<LibraryDB> = openLibrary,
): () => Promise<LibraryDB> {
  let current: Promise<LibraryDB> | null = null;
  return () => {
    if (!current) {
      let blocked = false;
      const attempt: Promise<LibraryDB> = new Promise<LibraryDB>((resolve, reject) => {
        open(name, {
          onClose: () => {
            if (current === attempt) current = null;
          },
          // An older connection elsewhere holds the upgrade back: say so now instead of hanging;
          // the next request tries again.
          onBlocked: () => {
            blocked = true;
            if (current === attempt) current = null;
            reject(blockedError(name));
          },
        }).then(
          (db) => {
            // Opened after all, but the callers were already told: free it, the next call reopens.
            if (blocked) db.close();
            else resolve(db);
          },
          (err: unknown) => {
            if (current === attempt) current = null;
            reject(err);
          },
        );
      });
      current = attempt;
    }
    return current;
  };
}

/** The library's upgrade waits for another page of the extension that still has it open. */
export function blockedError(name: string): Error {
  const e = new Error(
    `Calm Reader is updating its library ("${name}") and is waiting for another of its pages to close. ` +
      'Close other Calm Reader tabs (the library page) and try again. Nothing was lost.',
  );
  e.name = 'LibraryBlockedError';
  return e;
}

/** Turn an IndexedDB failure into an Error that says what happened; quota errors say so plainly. */
export function libraryError(err: unknown, action: string): Error {
  const name = err && typeof err === 'object' && 'name' in err ? String((err as { name: unknown }).name) : '';
  const message = err instanceof Error ? err.message : String(err);
  if (name === 'QuotaExceededError' || /quota/i.test(message)) {
    const e = new Error(
      `Calm Reader could not ${action}: the browser's storage for this extension is full. ` +
        'Nothing was saved. Free some disk space or remove stories from the library, then try again.',
    );
    e.name = 'LibraryQuotaError';
    (e as Error & { cause?: unknown }).cause = err;
    return e;
  }
  const e = new Error(`Calm Reader could not ${action}: ${name ? `${name}: ` : ''}${message}`);
  e.name = 'LibraryError';
  (e as Error & { cause?: unknown }).cause = err;
  return e;
}
