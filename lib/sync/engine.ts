/**
 * The sync engine: IndexedDB is the source of truth, storage.sync the transport.
 *
 * The library has no per-field change times, so the engine keeps a "shadow" per story in the
 * library's meta store (`sync:s:<storyKey>`): the follow flag, reading status and corrections as
 * last seen, each with the time it changed. Every run first compares the library with the shadows
 * and stamps what changed since with `now` (the scheduler runs within seconds of a change).
 * Reading places carry their own clocks (lastReadAt, position.updatedAt).
 *
 * - pullRemote: merge every synced record into the library (never loses newer local data).
 * - pushLocal: write merge(library, synced) for the stories that fit the budget, most recently
 *   read first; drop synced items that no longer fit only when the library already holds all of
 *   their data. Never more than one set and one remove per run.
 * - syncOnce: both, from one read of the library.
 * - syncStatus: the read and the plan only; writes nothing.
 *
 * A run never holds a read-write transaction over the library (at 10,000 stories that took
 * 10–18 s, and every read and save of the extension waited for it). It goes in phases:
 * 1. Read (readLibrary): the shadows, then READ_PAGE stories per read-only transaction with their
 *    note memories and the chapter each was last at. Writes nothing; a save waits one page at most.
 * 2. Plan (pure): the stories that need a write: their shadow is out of date, or the synced record
 *    brings something the library lacks.
 * 3. Write (commit): WRITE_BATCH of those per read-write transaction. Each story's records are
 *    read again inside it and observed and merged as they are then, so a visit, position, follow
 *    or removal saved by the reader since the read is stamped and kept, never overwritten by what
 *    the read saw.
 * 4. Push: storage.sync is read again (what another device wrote meanwhile is merged, not
 *    overwritten) and the plan written.
 * Pages and batches are read at slightly different times: a story the reader changes during a run
 * may go out as it was at the read; the change itself asks for another run, which pushes it.
 */
import type { IDBPTransaction } from 'idb';
import type { LibraryDB, LibrarySchema, NoteMemoryRecord } from '../library/schema';
import { inTx } from '../library/store';
import { chapterKey, type ChapterRecord, type ReadingStatus, type StoryRecord } from '../library/types';
import { withIndexKeys } from '../library/derived';
import { DEFAULT_SETTINGS, normalizeSettings, SETTINGS_KEY } from '../settings/settings';
import { beatable, latestAllowed } from '../library/clock';
import {
  decodeEntry,
  forgetImpossibleTimes,
  decodeSettings,
  encodeEntry,
  encodeSettings,
  FORMAT_VERSION,
  isStoryItem,
  itemBytes,
  itemKeyOf,
  roundRatio,
  SETTINGS_ITEM,
  toSecond,
  storyKeyOfItem,
  VERSION_KEY,
  type SyncedSettings,
} from './codec';
import { latestClock, mergeEntries, placeClock } from './merge';
import {
  DEFAULT_BUDGET,
  SYNC_QUOTA,
  type CorrectionLabel,
  type LocalArea,
  type SyncArea,
  type SyncBudget,
  type SyncCorrection,
  type SyncEntry,
  type SyncStatus,
  type SyncStory,
} from './types';

export const SHADOW_PREFIX = 'sync:s:';
export const SETTINGS_SHADOW_KEY = 'sync:settings';
export const STATE_KEY = 'sync:state';
export const SYNC_ENABLED_KEY = 'syncEnabled';

const DAY = 86_400_000;
/** Removals and unfollows are synced this long, so devices offline for a month still learn of them. */
export const TOMBSTONE_TTL = 90 * DAY;
/** Stories neither followed nor given a status are synced while read within this window. */
export const RECENT_WINDOW = 30 * DAY;

/** What the engine remembers per story: reader-owned values as last seen and when they changed. */
export interface Shadow {
  f: boolean;
  fa: number;
  s: ReadingStatus | null;
  sa: number;
  c: Record<string, [CorrectionLabel | null, number]>;
  /** Removed from the library at this time. */
  x?: number;
}

interface EngineState {
  initialized: boolean;
  lastSyncAt: number | null;
  lastError: string | null;
  /** The sync data was written by a newer format: stay away from it. */
  newerFormat?: boolean;
  /**
   * What the last run synced (its plan), so the status answers without planning again: planning
   * reads the whole library (about a second of the worker's time at 10,000 stories, during which
   * the popup and the library page wait for their answers).
   */
  figures?: SyncFigures;
}

/** How much of the library the last run fitted into sync storage. */
export interface SyncFigures {
  storiesSynced: number;
  storiesTotal: number;
  /** Some story did not fit. */
  overflow: boolean;
}

interface SettingsShadow {
  /** JSON of the normalized settings as last seen. */
  json: string;
  at: number;
}

export interface SyncOptions {
  /** storage.local: reader settings are synced when given. */
  local?: LocalArea;
  budget?: Partial<SyncBudget>;
}

export interface PushResult {
  /** Items written (one set call). */
  written: string[];
  /** Items removed (one remove call). */
  removed: string[];
  storiesSynced: number;
  storiesTotal: number;
  overflow: boolean;
  bytes: number;
  /** As the status reports them (overflow = a story did not fit, not only a correction). */
  figures: SyncFigures;
}

export interface PullResult {
  /** Story keys whose library record changed. */
  applied: string[];
  removed: string[];
  settingsApplied: boolean;
}

type Tx = IDBPTransaction<LibrarySchema, Array<'stories' | 'chapters' | 'noteMemory' | 'meta'>, 'readwrite'>;

/** Stories read per read-only transaction of the read phase. */
export const READ_PAGE = 500;
/** Stories written per read-write transaction of the write phase. */
export const WRITE_BATCH = 50;
const READ_ACTION = 'read the library for sync';
const WRITE_ACTION = 'save what was synced';

/** A story (or a removed story) as sync sees it. */
interface LocalItem {
  entry: SyncEntry;
  /** Its shadow, up to date with the records (stamped with this run's time where they changed). */
  shadow: Shadow;
}

/** A story observed: how sync sees it (null: nothing to sync), and what its stored shadow needs. */
interface Observed {
  item: LocalItem | null;
  write: 'put' | 'delete' | null;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const shadowRange = () => IDBKeyRange.bound(SHADOW_PREFIX, SHADOW_PREFIX + '\uffff');

function correctionsOf(shadow: Shadow): Record<string, SyncCorrection> {
  const out: Record<string, SyncCorrection> = {};
  for (const [fp, [label, at]] of Object.entries(shadow.c)) out[fp] = { label, at };
  return out;
}

function toSyncStory(story: StoryRecord, chapter: ChapterRecord | undefined, shadow: Shadow): SyncStory {
  const p = chapter?.position;
  return {
    key: story.key,
    site: story.site,
    storyId: story.storyId,
    title: story.title,
    url: story.url,
    followed: story.followed,
    followAt: shadow.fa,
    readingStatus: story.readingStatus,
    statusAt: shadow.sa,
    readAt: toSecond(story.lastReadAt),
    chapterId: story.lastChapterId,
    chapterIndex: story.lastChapterIndex,
    chapterUrl: story.lastChapterUrl,
    position: p ? { b: p.blockIndex, r: roundRatio(p.offsetRatio), t: toSecond(p.updatedAt) } : null,
    corrections: correctionsOf(shadow),
  };
}

/**
 * What a story (or a removed story's shadow) looks like to sync now. Pure: compares the records
 * with the shadow as last seen and stamps what changed since with `now` (whole seconds).
 * `write` says what must happen to the stored shadow for it to match.
 */
function observeStory(
  key: string,
  story: StoryRecord | undefined,
  memory: NoteMemoryRecord | undefined,
  chapter: ChapterRecord | undefined,
  old: Shadow | undefined,
  now: number,
  firstRun: boolean,
): Observed {
  if (!story) {
    if (!old) return { item: null, write: null };
    // Removed from the library: a tombstone until TOMBSTONE_TTL has passed.
    const next = old.x === undefined ? { ...old, x: now } : old;
    if (now - (next.x as number) > TOMBSTONE_TTL) return { item: null, write: 'delete' };
    return {
      item: { entry: forgetImpossibleTimes({ kind: 'tombstone', tombstone: { key, removedAt: next.x as number } }, now), shadow: next },
      write: next !== old ? 'put' : null,
    };
  }
  // A value the reader set before sync knew the story: on the first run (a library that existed
  // before sync) it dates from the last visit; later it is new.
  const fresh = firstRun ? Math.min(toSecond(story.lastReadAt) || now, now) : now;
  // A change is stamped after the value it replaces, which is never later than now + the allowed
  // clock skew (lib/clock.ts): an impossible date from the past cannot outlive a real action.
  const changedAt = (prev: number) => Math.max(now, Math.min(prev, toSecond(latestAllowed(now))) + 1000);
  const corrections = memory?.corrections ?? {};
  const next: Shadow = {
    f: story.followed,
    fa: old ? (old.f !== story.followed ? changedAt(old.fa) : old.fa) : story.followed ? fresh : 0,
    s: story.readingStatus,
    sa: old
      ? old.s !== story.readingStatus
        ? changedAt(old.sa)
        : old.sa
      : story.readingStatus !== null
        ? fresh
        : 0,
    c: {},
  };
  for (const [fp, label] of Object.entries(corrections)) {
    const prev = old?.c[fp];
    next.c[fp] = prev && prev[0] === label ? prev : [label, prev ? changedAt(prev[1]) : old ? now : fresh];
  }
  for (const [fp, prev] of Object.entries(old?.c ?? {})) {
    if (fp in next.c) continue;
    next.c[fp] = prev[0] === null ? prev : [null, changedAt(prev[1])];
  }
  return {
    item: { entry: forgetImpossibleTimes({ kind: 'story', story: toSyncStory(story, chapter, next) }, now), shadow: next },
    write: sameJson(next, old) ? null : 'put',
  };
}

// ---------------------------------------------------------------------------------------------
// Read phase: read-only transactions, a page of stories at a time

/** The library as sync sees it at the start of a pass. */
interface Snapshot {
  /** No run has finished observing this library yet (it may predate sync). */
  firstRun: boolean;
  /** Every story and every remembered removal, with what its shadow needs. */
  observed: Map<string, Observed>;
}

/**
 * Read the library for a pass, in read-only transactions of READ_PAGE stories each (with their
 * note memories and the chapter each was last at), so a writer never waits for more than one page.
 * Writes nothing: the pages may be a little apart in time, which the write phase makes good by
 * reading again every record it changes.
 */
async function readLibrary(db: LibraryDB, exactNow: number): Promise<Snapshot> {
  const now = toSecond(exactNow);
  const { state, shadows } = await inTx(db, ['meta'], 'readonly', READ_ACTION, async (tx) => {
    const meta = tx.objectStore('meta');
    const [keys, values, state] = await Promise.all([
      meta.getAllKeys(shadowRange()),
      meta.getAll(shadowRange()),
      meta.get(STATE_KEY) as Promise<EngineState | undefined>,
    ]);
    const shadows = new Map<string, Shadow>();
    keys.forEach((k, i) => shadows.set(String(k).slice(SHADOW_PREFIX.length), values[i] as Shadow));
    return { state, shadows };
  });
  const firstRun = !state?.initialized;
  const observed = new Map<string, Observed>();
  let after: string | null = null;
  for (;;) {
    const page = await readPage(db, after);
    for (const { story, memory, chapter } of page)
      observed.set(story.key, observeStory(story.key, story, memory, chapter, shadows.get(story.key), now, firstRun));
    if (page.length < READ_PAGE) break;
    after = page[page.length - 1].story.key;
  }
  for (const [key, shadow] of shadows)
    if (!observed.has(key)) observed.set(key, observeStory(key, undefined, undefined, undefined, shadow, now, firstRun));
  return { firstRun, observed };
}

/** Up to READ_PAGE stories after `after` (in key order), each with its note memory and last chapter. */
function readPage(
  db: LibraryDB,
  after: string | null,
): Promise<Array<{ story: StoryRecord; memory?: NoteMemoryRecord; chapter?: ChapterRecord }>> {
  return inTx(db, ['stories', 'chapters', 'noteMemory'], 'readonly', READ_ACTION, async (tx) => {
    const range = after === null ? undefined : IDBKeyRange.lowerBound(after, true);
    const stories = await tx.objectStore('stories').getAll(range, READ_PAGE);
    if (stories.length === 0) return [];
    const last = stories[stories.length - 1].key;
    const chapterStore = tx.objectStore('chapters');
    const [memories, chapters] = await Promise.all([
      // Note memories share the stories' keys: the same key range holds this page's.
      tx
        .objectStore('noteMemory')
        .getAll(after === null ? IDBKeyRange.upperBound(last) : IDBKeyRange.bound(after, last, true)),
      Promise.all(
        stories.map((s) => (s.lastChapterId === null ? undefined : chapterStore.get(chapterKey(s.key, s.lastChapterId)))),
      ),
    ]);
    const memoryOf = new Map(memories.map((m) => [m.storyKey, m]));
    return stories.map((story, i) => ({ story, memory: memoryOf.get(story.key), chapter: chapters[i] }));
  });
}

function itemsOf(observed: Map<string, Observed>): Map<string, LocalItem> {
  const out = new Map<string, LocalItem>();
  for (const [key, o] of observed) if (o.item) out.set(key, o.item);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Write phase: small read-write transactions that read again what they change

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
    story && story.lastChapterId !== null
      ? await tx.objectStore('chapters').get(chapterKey(key, story.lastChapterId))
      : undefined;
  const old = stored ?? (story ? seen : undefined);
  const observed = observeStory(key, story, memory, chapter, old, toSecond(now), firstRun);
  if (!stored && observed.item) observed.write = 'put';
  return { ...observed, story, memory };
}

function shadowFromStory(s: SyncStory): Shadow {
  const c: Shadow['c'] = {};
  for (const [fp, x] of Object.entries(s.corrections)) c[fp] = [x.label, x.at];
  return { f: s.followed, fa: s.followAt, s: s.readingStatus, sa: s.statusAt, c };
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
      const chapters = tx.objectStore('chapters');
      const chapterKeys = await chapters.index('storyKey').getAllKeys(key);
      await Promise.all([
        tx.objectStore('stories').delete(key),
        tx.objectStore('noteMemory').delete(key),
        ...chapterKeys.map((k) => chapters.delete(k)),
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
  const chapters = tx.objectStore('chapters');
  const placeChanged = !old || old.lastChapterId !== m.chapterId || toSecond(old.lastReadAt) !== m.readAt;
  let lastChapterTitle = old && old.lastChapterId === m.chapterId ? old.lastChapterTitle : null;

  // The chapter the merged place points at: create it or give it the newer position.
  if (m.chapterId !== null) {
    const cKey = chapterKey(key, m.chapterId);
    const chapter = await chapters.get(cKey);
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
      await chapters.put(record);
    } else if (p && (!chapter.position || toSecond(beatable(chapter.position.updatedAt, now)) < p.t)) {
      await chapters.put({ ...chapter, position, lastReadAt: Math.max(chapter.lastReadAt, p.t) });
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
async function commit(
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
    const results = await inTx(db, ['stories', 'chapters', 'noteMemory', 'meta'], 'readwrite', WRITE_ACTION, (tx) =>
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

/**
 * For another transport (lib/sync/webdav): the same read and write phases as a storage.sync run.
 * Reads the library, stamps what changed, merges `remote` (already decoded and clamped) into it
 * with the shared rules (merge.ts), and returns every story and removal as sync then sees it.
 * Passing no remote only observes (a push without a pull).
 */
export async function mergeIntoLibrary(
  db: LibraryDB,
  remote: Map<string, SyncEntry> | null,
  now: number,
  /** After each write batch: stories written so far, of how many. */
  onProgress?: (done: number, total: number) => void,
): Promise<{ local: Map<string, SyncEntry>; applied: string[]; removed: string[] }> {
  const { local, applied, removed } = await commit(db, await readLibrary(db, now), remote, now, onProgress);
  const entries = new Map<string, SyncEntry>();
  for (const [key, item] of local) entries.set(key, item.entry);
  return { local: entries, applied, removed };
}

function decodeRemote(all: Record<string, unknown>, now: number): Map<string, SyncEntry> {
  const out = new Map<string, SyncEntry>();
  for (const [k, v] of Object.entries(all)) {
    const e = decodeEntry(k, v, now);
    if (e) out.set(storyKeyOfItem(k), e);
  }
  return out;
}

function remoteVersion(all: Record<string, unknown>): number {
  const v = all[VERSION_KEY];
  return v && typeof v === 'object' && typeof (v as { v?: unknown }).v === 'number' ? (v as { v: number }).v : 0;
}

// ---------------------------------------------------------------------------------------------
// Settings

async function readLocalSettings(local: LocalArea): Promise<string> {
  const got = await local.get(SETTINGS_KEY);
  return JSON.stringify(normalizeSettings(got[SETTINGS_KEY]));
}

const DEFAULT_SETTINGS_JSON = JSON.stringify(DEFAULT_SETTINGS);

/** Local settings with their change time (stamped like story fields). */
async function observeSettings(db: LibraryDB, local: LocalArea, now: number, dry: boolean): Promise<SettingsShadow> {
  const json = await readLocalSettings(local);
  const old = (await db.get('meta', SETTINGS_SHADOW_KEY)) as SettingsShadow | undefined;
  let next: SettingsShadow;
  if (!old) {
    // Never synced here: defaults lose to anything, and so do settings from before sync (a new
    // device takes the reader's synced settings).
    next = { json, at: json === DEFAULT_SETTINGS_JSON ? 0 : 1000 };
  } else if (old.json !== json) {
    next = { json, at: Math.max(toSecond(now), Math.min(old.at, toSecond(latestAllowed(now))) + 1000) };
  } else next = old;
  if (!dry && next !== old) await db.put('meta', next, SETTINGS_SHADOW_KEY);
  return next;
}

function mergeSettings(a: SyncedSettings, b: SyncedSettings): SyncedSettings {
  if (a.at !== b.at) return a.at > b.at ? a : b;
  return JSON.stringify(a.value) >= JSON.stringify(b.value) ? a : b;
}

// ---------------------------------------------------------------------------------------------
// Planning: which stories fit

interface PlanItem {
  key: string;
  itemKey: string;
  entry: SyncEntry;
  value: unknown;
  bytes: number;
  rank: number;
  tier: number;
}

/** 0: reader-owned data (followed, status, corrections, recent unfollow or removal); 1: read lately; -1: not synced. */
export function tierOf(e: SyncEntry, now: number): number {
  if (e.kind === 'tombstone') return now - e.tombstone.removedAt < TOMBSTONE_TTL ? 0 : -1;
  const s = e.story;
  if (s.followed || s.readingStatus !== null || Object.values(s.corrections).some((c) => c.label !== null)) return 0;
  if (s.followAt > 0 && now - s.followAt < TOMBSTONE_TTL) return 0;
  if (s.statusAt > 0 && now - s.statusAt < TOMBSTONE_TTL) return 0;
  if (now - placeClock(s) < RECENT_WINDOW) return 1;
  return -1;
}

const recencyOf = (e: SyncEntry) => (e.kind === 'tombstone' ? e.tombstone.removedAt : latestClock(e.story));

/** Encode an entry, dropping the oldest corrections until the item fits. */
function encodeFitting(itemKey: string, entry: SyncEntry, maxBytes: number): { value: unknown; bytes: number } {
  let value = encodeEntry(entry);
  let bytes = itemBytes(itemKey, value);
  if (bytes <= maxBytes || entry.kind !== 'story') return { value, bytes };
  const byAge = Object.entries(entry.story.corrections).sort((a, b) => b[1].at - a[1].at || (a[0] < b[0] ? -1 : 1));
  let keep = byAge.length;
  while (bytes > maxBytes && keep > 0) {
    keep = Math.floor(keep * 0.8);
    const story: SyncStory = { ...entry.story, corrections: Object.fromEntries(byAge.slice(0, keep)) };
    value = encodeEntry({ kind: 'story', story });
    bytes = itemBytes(itemKey, value);
  }
  return { value, bytes };
}

interface Plan {
  included: PlanItem[];
  excluded: PlanItem[];
  bytes: number;
}

function planItems(entries: Map<string, SyncEntry>, fixedBytes: number, fixedItems: number, budget: SyncBudget, now: number, mustKeep: Set<string>): Plan {
  const items: PlanItem[] = [];
  for (const [key, entry] of entries) {
    const tier = tierOf(entry, now);
    if (tier < 0 && !mustKeep.has(key)) continue;
    const itemKey = itemKeyOf(key);
    const { value, bytes } = encodeFitting(itemKey, entry, budget.itemBytes);
    items.push({ key, itemKey, entry, value, bytes, rank: recencyOf(entry), tier: Math.max(0, tier) });
  }
  items.sort((a, b) => a.tier - b.tier || b.rank - a.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let bytes = fixedBytes;
  let count = fixedItems;
  // Items the remote has newer data for are kept whatever their rank.
  for (const it of items)
    if (mustKeep.has(it.key)) {
      bytes += it.bytes;
      count++;
    }
  const included: PlanItem[] = [];
  const excluded: PlanItem[] = [];
  let full = false;
  for (const it of items) {
    if (mustKeep.has(it.key)) {
      included.push(it);
      continue;
    }
    if (!full && bytes + it.bytes <= budget.bytes && count + 1 <= budget.items) {
      included.push(it);
      bytes += it.bytes;
      count++;
    } else {
      // Most recent first: once one does not fit, older ones do not get in ahead of it.
      full = true;
      excluded.push(it);
    }
  }
  return { included, excluded, bytes };
}

// ---------------------------------------------------------------------------------------------
// Public API

async function getState(db: LibraryDB): Promise<EngineState | undefined> {
  return (await db.get('meta', STATE_KEY)) as EngineState | undefined;
}

async function patchState(db: LibraryDB, patch: Partial<EngineState>): Promise<void> {
  const tx = db.transaction('meta', 'readwrite');
  const cur = ((await tx.store.get(STATE_KEY)) as EngineState | undefined) ?? {
    initialized: false,
    lastSyncAt: null,
    lastError: null,
  };
  await tx.store.put({ ...cur, ...patch }, STATE_KEY);
  await tx.done;
}

export class NewerSyncFormatError extends Error {
  constructor() {
    super('The synced library was written by a newer version of Calm Reader: update this one to sync.');
    this.name = 'NewerSyncFormatError';
  }
}

/** What storage.sync holds, unless a newer version of the extension wrote it. */
async function readRemote(db: LibraryDB, area: SyncArea): Promise<Record<string, unknown>> {
  const all = await area.get(null);
  if (remoteVersion(all) > FORMAT_VERSION) {
    await patchState(db, { newerFormat: true });
    throw new NewerSyncFormatError();
  }
  return all;
}

/** Take the other devices' reader settings when they changed them last. Returns whether it did. */
async function pullSettings(db: LibraryDB, all: Record<string, unknown>, local: LocalArea, now: number): Promise<boolean> {
  const remoteSettings = decodeSettings(all[SETTINGS_ITEM], now);
  const mine = await observeSettings(db, local, now, false);
  if (!remoteSettings || mergeSettings({ at: mine.at, value: JSON.parse(mine.json) }, remoteSettings) !== remoteSettings)
    return false;
  // The other device changed its settings last: take them.
  const json = JSON.stringify(normalizeSettings(remoteSettings.value));
  if (json !== mine.json) await local.set({ [SETTINGS_KEY]: JSON.parse(json) });
  if (json !== mine.json || remoteSettings.at !== mine.at)
    await db.put('meta', { json, at: remoteSettings.at } satisfies SettingsShadow, SETTINGS_SHADOW_KEY);
  return json !== mine.json;
}

/** Read phase, then write phase merging the remote in. Returns the library as sync then sees it. */
async function pull(
  db: LibraryDB,
  area: SyncArea,
  now: number,
  options: SyncOptions,
): Promise<{ result: PullResult; local: Map<string, LocalItem> }> {
  const all = await readRemote(db, area);
  const snapshot = await readLibrary(db, now);
  const { local, applied, removed } = await commit(db, snapshot, decodeRemote(all, now), now);
  const settingsApplied = options.local ? await pullSettings(db, all, options.local, now) : false;
  return { result: { applied, removed, settingsApplied }, local };
}

/** Merge what storage.sync holds into the library. */
export async function pullRemote(
  db: LibraryDB,
  area: SyncArea,
  now: number,
  options: SyncOptions = {},
): Promise<PullResult> {
  return (await pull(db, area, now, options)).result;
}

/** What to write to storage.sync for `local` (the library as sync sees it) merged with `all`. */
async function buildPlan(
  db: LibraryDB,
  all: Record<string, unknown>,
  local: Map<string, LocalItem>,
  now: number,
  options: SyncOptions,
  dry: boolean,
): Promise<{ plan: Plan; writes: Record<string, unknown>; removals: string[] }> {
  const budget = { ...DEFAULT_BUDGET, ...options.budget };
  const remote = decodeRemote(all, now);
  const desired = new Map<string, SyncEntry>();
  const mustKeep = new Set<string>();
  for (const key of new Set([...local.keys(), ...remote.keys()])) {
    const l = local.get(key)?.entry ?? null;
    const r = remote.get(key) ?? null;
    const merged = mergeEntries(l, r);
    if (!merged) continue;
    desired.set(key, merged);
    // The remote knows something this library does not (yet): never drop that item.
    if (r && (!l || !sameJson(encodeEntry(merged), encodeEntry(l)))) mustKeep.add(key);
  }

  const writes: Record<string, unknown> = {};
  const versionValue = { v: FORMAT_VERSION };
  if (!sameJson(all[VERSION_KEY], versionValue)) writes[VERSION_KEY] = versionValue;
  let fixedBytes = itemBytes(VERSION_KEY, versionValue);
  let fixedItems = 1;
  if (options.local) {
    const mine = await observeSettings(db, options.local, now, dry);
    const remoteSettings = decodeSettings(all[SETTINGS_ITEM], now);
    const merged = remoteSettings
      ? mergeSettings({ at: mine.at, value: JSON.parse(mine.json) }, remoteSettings)
      : { at: mine.at, value: JSON.parse(mine.json) };
    const value = encodeSettings(merged);
    if (!sameJson(all[SETTINGS_ITEM], value)) writes[SETTINGS_ITEM] = value;
    fixedBytes += itemBytes(SETTINGS_ITEM, value);
    fixedItems++;
  } else if (all[SETTINGS_ITEM] !== undefined) {
    fixedBytes += itemBytes(SETTINGS_ITEM, all[SETTINGS_ITEM]);
    fixedItems++;
  }

  const plan = planItems(desired, fixedBytes, fixedItems, budget, now, mustKeep);
  for (const it of plan.included) if (!sameJson(all[it.itemKey], it.value)) writes[it.itemKey] = it.value;
  const includedKeys = new Set(plan.included.map((it) => it.itemKey));
  const removals = Object.keys(all).filter((k) => isStoryItem(k) && !includedKeys.has(k) && !mustKeep.has(storyKeyOfItem(k)));
  return { plan, writes, removals };
}

function countStories(items: PlanItem[]): number {
  return items.filter((it) => it.entry.kind === 'story').length;
}

/**
 * Push phase: merge `local` with what storage.sync holds now (read again, so what another device
 * wrote during the pass is merged, not overwritten) and write it, within the budget.
 */
async function push(
  db: LibraryDB,
  area: SyncArea,
  local: Map<string, LocalItem>,
  now: number,
  options: SyncOptions,
): Promise<PushResult> {
  const all = await readRemote(db, area);
  const { plan, writes, removals } = await buildPlan(db, all, local, now, options, false);
  // Remove first: it frees room for what is written next.
  if (removals.length) await area.remove(removals);
  const written = Object.keys(writes);
  if (written.length) await area.set(writes);
  const figures = figuresOf(plan);
  return {
    written,
    removed: removals,
    storiesSynced: figures.storiesSynced,
    storiesTotal: figures.storiesTotal,
    overflow: plan.excluded.length > 0,
    bytes: plan.bytes,
    figures,
  };
}

function figuresOf(plan: { included: PlanItem[]; excluded: PlanItem[] }): SyncFigures {
  const storiesSynced = countStories(plan.included);
  return {
    storiesSynced,
    storiesTotal: storiesSynced + countStories(plan.excluded),
    overflow: plan.excluded.some((it) => it.entry.kind === 'story'),
  };
}

/** Write the library (merged with what is synced) to storage.sync, within the budget. */
export async function pushLocal(
  db: LibraryDB,
  area: SyncArea,
  now: number,
  options: SyncOptions = {},
): Promise<PushResult> {
  await readRemote(db, area); // a newer format: touch nothing
  const { local } = await commit(db, await readLibrary(db, now), null, now);
  return push(db, area, local, now, options);
}

/** Pull, then push (from the same read of the library). Records the outcome for syncStatus. */
export async function syncOnce(
  db: LibraryDB,
  area: SyncArea,
  now: number,
  options: SyncOptions = {},
): Promise<{ pull: PullResult; push: PushResult }> {
  try {
    const pulled = await pull(db, area, now, options);
    const pushed = await push(db, area, pulled.local, now, options);
    await patchState(db, { lastSyncAt: now, lastError: null, newerFormat: false, figures: pushed.figures });
    return { pull: pulled.result, push: pushed };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    await patchState(db, { lastError: message }).catch(() => undefined);
    throw err;
  }
}

export async function isSyncEnabled(local: LocalArea): Promise<boolean> {
  const got = await local.get(SYNC_ENABLED_KEY);
  return got[SYNC_ENABLED_KEY] !== false;
}

export async function setSyncEnabled(local: LocalArea, enabled: boolean): Promise<void> {
  await local.set({ [SYNC_ENABLED_KEY]: enabled });
}

async function bytesInUse(area: SyncArea, all: Record<string, unknown>): Promise<number> {
  if (area.getBytesInUse) {
    try {
      return await area.getBytesInUse(null);
    } catch {
      // this browser has no getBytesInUse for sync: count as Chrome does
    }
  }
  return Object.entries(all).reduce((n, [k, v]) => n + itemBytes(k, v), 0);
}

/**
 * For the settings page: what is synced, what does not fit. Writes nothing.
 * After a run, the figures are that run's (changes sync within seconds, and the run records new
 * ones); `fresh` plans again from the whole library (turning sync on, before any run).
 */
export async function syncStatus(
  db: LibraryDB,
  area: SyncArea,
  local: LocalArea,
  now: number,
  options: Omit<SyncOptions, 'local'> & { fresh?: boolean } = {},
): Promise<SyncStatus> {
  const [enabled, all, state] = await Promise.all([isSyncEnabled(local), area.get(null), getState(db)]);
  let figures = !options.fresh && state?.lastSyncAt != null ? state.figures : undefined;
  if (!figures) {
    // Only reading (read-only transactions block no reader); the shadows are not stamped.
    const snapshot = await readLibrary(db, now);
    figures = figuresOf((await buildPlan(db, all, itemsOf(snapshot.observed), now, { ...options, local }, true)).plan);
  }
  return {
    enabled,
    ...figures,
    bytesUsed: await bytesInUse(area, all),
    quotaBytes: SYNC_QUOTA.QUOTA_BYTES,
    newerFormat: remoteVersion(all) > FORMAT_VERSION,
    lastSyncAt: state?.lastSyncAt ?? null,
    lastError: state?.lastError ?? null,
  };
}
