/**
 * Reading and writing the whole library for a backup: pages of records read in one read-only
 * transaction, writes in batches of WRITE_BATCH records (one transaction each, puts issued without
 * awaiting each), progress and the phases in the page's performance timeline.
 */
import { unwrap, type IDBPTransaction } from 'idb';
import type { LibraryDB, LibrarySchema, NoteMemoryRecord } from '../schema';
import { inTx } from '../store';
import type { StoredStory } from '../derived';
import type { ChapterSet } from '../chapter-sets';
import type { BackupFile, MetaEntry } from './format';

export type Snapshot = Pick<BackupFile, 'stories' | 'chapters' | 'noteMemory' | 'meta'>;

export const ALL_STORES = ['stories', 'chapterSets', 'noteMemory', 'meta'] as const;

/** Progress of a long step: `done` of `total` (records, or bytes while a file is unpacked). */
export type Progress = (done: number, total: number) => void;

/** A phase of a backup in the page's performance timeline ("backup:…"), for the bench and DevTools. */
export function phase(name: string, start: number): void {
  try {
    performance.measure(`backup:${name}`, { start, end: performance.now() });
  } catch {
    // no performance timeline here
  }
}

/** Let the page handle input and paint between two chunks of work. */
export const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

type ReadTx = IDBPTransaction<LibrarySchema, (typeof ALL_STORES)[number][], IDBTransactionMode>;

/** Records read per request: each is a short task, so the page stays responsive while it reads. */
export const READ_PAGE = 20_000;
/** Chapter sets read per request (a set holds a story's chapters: 30 in the bench's library). */
export const SET_PAGE = 1000;

/** Every record of a store, in key order, read in pages of READ_PAGE in the transaction `tx`. */
export async function readPaged<S extends 'stories' | 'chapterSets' | 'noteMemory'>(
  tx: ReadTx,
  name: S,
  onPage: (records: LibrarySchema[S]['value'][]) => void,
  pageSize = READ_PAGE,
): Promise<void> {
  const store = tx.objectStore(name);
  let after: string | null = null;
  for (;;) {
    const range: IDBKeyRange | null = after === null ? null : IDBKeyRange.lowerBound(after, true);
    const page = (await store.getAll(range, pageSize)) as LibrarySchema[S]['value'][];
    if (page.length) onPage(page);
    if (page.length < pageSize) return;
    const last = page[page.length - 1] as { key?: string; storyKey?: string };
    after = (name === 'stories' ? last.key : last.storyKey) ?? null;
  }
}

/** Pages asked for at once by readAhead: the database reads the next ones while this page decodes one. */
const READ_AHEAD = 4;

/**
 * Every record of `name`, in key order, in pages of `pageSize`: the keys are read first (one
 * request), cut into key ranges, and READ_AHEAD of them are asked for at once instead of one page
 * after the other. The transaction is read-only: the keys and the pages see the same library.
 */
export async function readAhead<S extends 'stories' | 'chapterSets'>(
  tx: ReadTx,
  name: S,
  onPage: (records: LibrarySchema[S]['value'][]) => void,
  pageSize = SET_PAGE,
): Promise<void> {
  const store = tx.objectStore(name);
  const keys = await store.getAllKeys();
  const ranges: IDBKeyRange[] = [];
  for (let i = 0; i < keys.length; i += pageSize) ranges.push(IDBKeyRange.bound(keys[i], keys[Math.min(i + pageSize, keys.length) - 1]));
  const pending: Promise<LibrarySchema[S]['value'][]>[] = [];
  let next = 0;
  const ask = () => {
    if (next >= ranges.length) return;
    const request = store.getAll(ranges[next++]) as Promise<LibrarySchema[S]['value'][]>;
    request.catch(() => undefined); // an abort rejects them all; the one awaited reports it
    pending.push(request);
  };
  for (let i = 0; i < READ_AHEAD; i++) ask();
  while (pending.length) {
    const page = await pending.shift()!;
    ask();
    if (page.length) onPage(page);
  }
}

/** Everything stored, as stored (stories with their index keys), for planning and for undoing. */
export interface Stored {
  stories: StoredStory[];
  chapterSets: ChapterSet[];
  noteMemory: NoteMemoryRecord[];
  meta: MetaEntry[];
}

export async function readStored(db: LibraryDB, withChapters: boolean): Promise<Stored> {
  return inTx(db, [...ALL_STORES], 'readonly', 'read the library', async (tx) => {
    const out: Stored = { stories: [], chapterSets: [], noteMemory: [], meta: [] };
    // Side by side: the database prepares one store's records while the page decodes another's.
    const [, , , keys, values] = await Promise.all([
      readPaged(tx, 'stories', (p) => { for (const r of p) out.stories.push(r); }),
      withChapters ? readAhead(tx, 'chapterSets', (p) => { for (const c of p) out.chapterSets.push(c); }) : null,
      readPaged(tx, 'noteMemory', (p) => { for (const r of p) out.noteMemory.push(r); }),
      tx.objectStore('meta').getAllKeys(),
      tx.objectStore('meta').getAll(),
    ]);
    out.meta = keys.map((key, i) => ({ key: String(key), value: values[i] }));
    return out;
  });
}


/** Records written per transaction. */
export const WRITE_BATCH = 1000;

export type Write =
  | { store: 'stories' | 'chapterSets' | 'noteMemory'; value: unknown }
  | { store: 'meta'; value: unknown; key: string }
  | { store: (typeof ALL_STORES)[number]; remove: string };

/**
 * Clear (when asked) and write `writes` in transactions of WRITE_BATCH records: the puts of a batch
 * are issued at once, not awaited one by one, and the batch is done when its transaction commits.
 */
export async function writeBatches(db: LibraryDB, clear: boolean, writes: Write[], onProgress?: Progress): Promise<void> {
  const run = (work: (tx: IDBTransaction) => void) =>
    inTx(db, [...ALL_STORES], 'readwrite', 'import the backup', async (tx) => {
      // A synchronous throw (a bad key) propagates at once: inTx aborts before anything commits.
      work(unwrap(tx) as IDBTransaction);
    });
  if (clear) await run((tx) => { for (const name of ALL_STORES) tx.objectStore(name).clear(); });
  onProgress?.(0, writes.length);
  for (let i = 0; i < writes.length; i += WRITE_BATCH) {
    const end = Math.min(i + WRITE_BATCH, writes.length);
    await run((tx) => {
      const stores = { stories: tx.objectStore('stories'), chapterSets: tx.objectStore('chapterSets'), noteMemory: tx.objectStore('noteMemory'), meta: tx.objectStore('meta') };
      for (let j = i; j < end; j++) {
        const w = writes[j];
        if ('remove' in w) stores[w.store].delete(w.remove);
        else if (w.store === 'meta') stores.meta.put(w.value, w.key);
        else stores[w.store].put(w.value);
      }
    });
    onProgress?.(end, writes.length);
    await pause();
  }
}
