/**
 * Apply: the write phase of a pass. Small read-write transactions (WRITE_BATCH stories each) that
 * read each story's records again, bring its shadow up to date (stamping whatever the reader
 * changed, even since the read phase) and merge the remote entry into the records as they are
 * then, so a visit, position, follow or removal saved meanwhile is stamped and kept, never
 * overwritten by what the read saw.
 */
import type { LibraryDB, NoteMemoryRecord } from '../library/schema';
import { inTx } from '../library/store';
import { chapterKey, type ChapterRecord, type StoryRecord } from '../library/types';
import { chapterIn, withChapter } from '../library/chapter-sets';
import { withIndexKeys } from '../library/derived';
import { beatable } from '../library/clock';
import { toSecond } from './codec';
import { mergeEntries } from './merge';
import {
  itemsOf,
  observeStory,
  sameJson,
  shadowFromStory,
  SHADOW_PREFIX,
  type LocalItem,
  type Observed,
  type Shadow,
  type Snapshot,
  type Tx,
} from './observe';
import { patchState } from './state';
import type { CorrectionLabel, SyncEntry } from './types';

/** Stories written per read-write transaction of the write phase. */
export const WRITE_BATCH = 50;

const WRITE_ACTION = 'save what was synced';

/** One story's records and their observation, read inside a write transaction. */
interface Current extends Observed {
  story: StoryRecord | undefined;
  memory: NoteMemoryRecord | undefined;
}

/**
 * Read a story's records inside a write transaction and observe them. `seen` is the shadow the
 * read phase computed: where none is stored yet (a library older than sync, on the first run) it
 * stands in for one, so what the reader changed since the read is stamped with `now`, not dated
 * from before sync.
 */
async function observeInTx(tx: Tx, key: string, now: number, firstRun: boolean, seen?: Shadow): Promise<Current> {
  const [story, memory, stored] = await Promise.all([
    tx.objectStore('stories').get(key),
    tx.objectStore('noteMemory').get(key),
    tx.objectStore('meta').get(SHADOW_PREFIX + key) as Promise<Shadow | undefined>,
  ]);
  const chapter =
    story && story.lastChapterId !== null ? chapterIn(await tx.objectStore('chapterSets').get(key), story.lastChapterId) : undefined;
  const old = stored ?? (story ? seen : undefined);
  const observed = observeStory(key, story, memory, chapter, old, toSecond(now), firstRun);
  if (!stored && observed.item) observed.write = 'put';
  return { ...observed, story, memory };
}

/** Whether writing `merged` would change the library or the story's shadow. */
function changesLibrary(local: LocalItem | null, merged: SyncEntry): boolean {
  if (merged.kind === 'tombstone')
    return local?.entry.kind === 'story' || local?.shadow.x !== merged.tombstone.removedAt;
  return !(local?.entry.kind === 'story' && sameJson(local.entry.story, merged.story));
}

/** Does this story need a write transaction: its shadow is out of date, or the remote brings something. */
function needsWrite(o: Observed | undefined, remote: SyncEntry | undefined): boolean {
  if (o?.write) return true;
  if (!remote) return false;
  const local = o?.item ?? null;
  return changesLibrary(local, mergeEntries(local?.entry ?? null, remote) as SyncEntry);
}

/** The engine's only story write (the place to derive anything stored alongside a story record). */
async function putStory(tx: Tx, story: StoryRecord): Promise<void> {
  await tx.objectStore('stories').put(withIndexKeys(story));
}

/**
 * Apply a merged entry to the library, given the story's records as read in this transaction.
 * Returns 'changed' | 'removed', or null when only the shadow noted a removal.
 */
async function applyEntry(
  tx: Tx,
  key: string,
  current: Current,
  merged: SyncEntry,
  now: number,
): Promise<'changed' | 'removed' | null> {
  const meta = tx.objectStore('meta');
  const local = current.item;
  if (merged.kind === 'tombstone') {
    const x = merged.tombstone.removedAt;
    if (current.story) {
      await Promise.all([
        tx.objectStore('stories').delete(key),
        tx.objectStore('noteMemory').delete(key),
        tx.objectStore('chapterSets').delete(key),
        meta.put({ ...(local as LocalItem).shadow, x }, SHADOW_PREFIX + key),
      ]);
      return 'removed';
    }
    await meta.put({ ...(local?.shadow ?? { f: false, fa: 0, s: null, sa: 0, c: {} }), x }, SHADOW_PREFIX + key);
    return null;
  }

  const m = merged.story;
  const shadow = shadowFromStory(m);
  const old = current.story ?? null;
  const sets = tx.objectStore('chapterSets');
  const placeChanged = !old || old.lastChapterId !== m.chapterId || toSecond(old.lastReadAt) !== m.readAt;
  let lastChapterTitle = old && old.lastChapterId === m.chapterId ? old.lastChapterTitle : null;

  // The chapter the merged place points at: create it or give it the newer position.
  if (m.chapterId !== null) {
    const cKey = chapterKey(key, m.chapterId);
    const set = await sets.get(key);
    const chapter = chapterIn(set, m.chapterId);
    if (chapter && lastChapterTitle === null) lastChapterTitle = chapter.title;
    const p = m.position;
    const position = p ? { blockIndex: p.b, offsetRatio: p.r, updatedAt: p.t } : null;
    if (!chapter) {
      const record: ChapterRecord = {
        key: cKey,
        storyKey: key,
        chapterId: m.chapterId,
        index: m.chapterIndex,
        title: null,
        url: m.chapterUrl ?? m.url,
        firstReadAt: m.readAt || now,
        lastReadAt: Math.max(m.readAt, p?.t ?? 0) || now,
        position,
      };
      await sets.put(withChapter(set, record));
    } else if (p && (!chapter.position || toSecond(beatable(chapter.position.updatedAt, now)) < p.t)) {
      await sets.put(withChapter(set, { ...chapter, position, lastReadAt: Math.max(chapter.lastReadAt, p.t) }));
    }
  }

  const next: StoryRecord = old
    ? {
        ...old,
        title: m.title || old.title,
        url: old.url || m.url,
        followed: m.followed,
        readingStatus: m.readingStatus,
        // The place is one register: when the other device's won, take its visit time too.
        lastReadAt: toSecond(old.lastReadAt) === m.readAt ? old.lastReadAt : m.readAt,
        lastChapterId: m.chapterId,
        lastChapterIndex: m.chapterIndex,
        lastChapterUrl: m.chapterUrl,
        lastChapterTitle,
      }
    : {
        key,
        site: m.site,
        storyId: m.storyId,
        title: m.title,
        author: null,
        summary: null,
        url: m.url,
        chapterCount: null,
        words: null,
        status: null,
        tags: [],
        followed: m.followed,
        readingStatus: m.readingStatus,
        addedAt: m.readAt || now,
        lastReadAt: m.readAt || now,
        lastChapterId: m.chapterId,
        lastChapterIndex: m.chapterIndex,
        lastChapterUrl: m.chapterUrl,
        lastChapterTitle,
      };
  if (!old || !sameJson(old, next) || placeChanged) await putStory(tx, next);

  // Corrections: the merged set, as the notes detector reads them.
  const currentLabels = current.memory?.corrections ?? {};
  const wanted: Record<string, CorrectionLabel> = {};
  for (const [fp, c] of Object.entries(m.corrections)) if (c.label) wanted[fp] = c.label;
  if (!sameJson(Object.entries(currentLabels).sort(), Object.entries(wanted).sort())) {
    const memory = current.memory ?? {
      storyKey: key,
      noteFingerprints: [],
      corrections: {},
      edgeCounts: {},
      updatedAt: now,
    };
    const storyLabelled = new Set(Object.keys(wanted).filter((fp) => wanted[fp] === 'story'));
    await tx.objectStore('noteMemory').put({
      ...memory,
      corrections: wanted,
      noteFingerprints: memory.noteFingerprints.filter((fp) => !storyLabelled.has(fp)),
      updatedAt: now,
    });
  }
  await meta.put(shadow, SHADOW_PREFIX + key);
  return 'changed';
}

/**
 * One story in a write transaction: read its records again, bring its shadow up to date (stamping
 * whatever the reader changed, even since the read phase), and merge `remote` into the records
 * as they are now. Returns the story as sync sees it afterwards.
 */
async function commitStory(
  tx: Tx,
  key: string,
  seen: Observed | undefined,
  remote: SyncEntry | undefined,
  now: number,
  firstRun: boolean,
): Promise<{ item: LocalItem | null; done: 'changed' | 'removed' | null }> {
  const seenShadow = seen?.item?.entry.kind === 'story' ? seen.item.shadow : undefined;
  const current = await observeInTx(tx, key, now, firstRun, seenShadow);
  const meta = tx.objectStore('meta');
  if (current.write === 'delete') await meta.delete(SHADOW_PREFIX + key);
  if (current.write === 'put') await meta.put((current.item as LocalItem).shadow, SHADOW_PREFIX + key);
  if (!remote) return { item: current.item, done: null };
  const merged = mergeEntries(current.item?.entry ?? null, remote) as SyncEntry;
  if (!changesLibrary(current.item, merged)) return { item: current.item, done: null };
  const done = await applyEntry(tx, key, current, merged, now);
  return { item: (await observeInTx(tx, key, now, firstRun)).item, done };
}

/**
 * The write phase: for every story whose shadow is out of date or that `remote` changes, one
 * commitStory, WRITE_BATCH stories to a read-write transaction. Returns the library as sync sees
 * it afterwards (the snapshot, updated with what was written) and what the remote changed.
 */
export async function commit(
  db: LibraryDB,
  snapshot: Snapshot,
  remote: Map<string, SyncEntry> | null,
  now: number,
  onBatch?: (done: number, total: number) => void,
): Promise<{ local: Map<string, LocalItem>; applied: string[]; removed: string[] }> {
  const keys = new Set<string>();
  for (const [key, r] of remote ?? []) if (needsWrite(snapshot.observed.get(key), r)) keys.add(key);
  for (const [key, o] of snapshot.observed) if (o.write) keys.add(key);
  const todo = [...keys];
  const local = itemsOf(snapshot.observed);
  const applied: string[] = [];
  const removed: string[] = [];
  for (let i = 0; i < todo.length; i += WRITE_BATCH) {
    const batch = todo.slice(i, i + WRITE_BATCH);
    const results = await inTx(db, ['stories', 'chapterSets', 'noteMemory', 'meta'], 'readwrite', WRITE_ACTION, (tx) =>
      Promise.all(
        batch.map((key) => commitStory(tx, key, snapshot.observed.get(key), remote?.get(key), now, snapshot.firstRun)),
      ),
    );
    batch.forEach((key, j) => {
      const { item, done } = results[j];
      if (item) local.set(key, item);
      else local.delete(key);
      if (done === 'changed') applied.push(key);
      if (done === 'removed') removed.push(key);
    });
    onBatch?.(Math.min(i + WRITE_BATCH, todo.length), todo.length);
  }
  // Every story has a shadow now: later runs stamp changes with their own time.
  if (snapshot.firstRun) await patchState(db, { initialized: true });
  return { local, applied, removed };
}
