/**
 * Observe: how sync sees the library. The library has no per-field change times, so sync keeps a
 * "shadow" per story in the meta store (`sync:s:<storyKey>`): the follow flag, reading status and
 * corrections as last seen, each with the time it changed. Observing a story compares its records
 * with its shadow and stamps what changed since with `now` (pure: observeStory).
 *
 * The read phase (readLibrary) observes the whole library in read-only transactions of READ_PAGE
 * stories, so a writer never waits for more than one page; readStories observes only the given
 * stories (a pass after a change: what changed, not the library's size).
 */
import type { IDBPTransaction } from 'idb';
import type { LibraryDB, LibrarySchema, NoteMemoryRecord } from '../library/schema';
import { inTx } from '../library/store';
import type { ChapterRecord, ReadingStatus, StoryRecord } from '../library/types';
import { chapterIn } from '../library/chapter-sets';
import { latestAllowed } from '../library/clock';
import { forgetImpossibleTimes, roundRatio, toSecond } from './codec';
import { placeClock } from './merge';
import { STATE_KEY, type EngineState } from './state';
import type { CorrectionLabel, SyncCorrection, SyncEntry, SyncStory } from './types';

export const SHADOW_PREFIX = 'sync:s:';

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
  /** When the reader was last at the story, as last seen (whether it was synced as read lately). */
  r?: number;
}

export type Tx = IDBPTransaction<LibrarySchema, Array<'stories' | 'chapterSets' | 'noteMemory' | 'meta'>, 'readwrite'>;

/** Stories read per read-only transaction of the read phase. */
export const READ_PAGE = 500;
export const READ_ACTION = 'read the library for sync';

/** A story (or a removed story) as sync sees it. */
export interface LocalItem {
  entry: SyncEntry;
  /** Its shadow, up to date with the records (stamped with this run's time where they changed). */
  shadow: Shadow;
}

/** A story observed: how sync sees it (null: nothing to sync), and what its stored shadow needs. */
export interface Observed {
  item: LocalItem | null;
  write: 'put' | 'delete' | null;
}

export const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

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
export function observeStory(
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
  const entry = forgetImpossibleTimes({ kind: 'story', story: toSyncStory(story, chapter, next) }, now);
  if (entry.kind === 'story') next.r = placeClock(entry.story);
  return { item: { entry, shadow: next }, write: sameJson(next, old) ? null : 'put' };
}

// ---------------------------------------------------------------------------------------------
// Read phase: read-only transactions, a page of stories at a time

/** The library as sync sees it at the start of a pass. */
export interface Snapshot {
  /** No run has finished observing this library yet (it may predate sync). */
  firstRun: boolean;
  /** Every story and every remembered removal, with what its shadow needs. */
  observed: Map<string, Observed>;
  /** Only the stories a pass after a change read: their shadows as stored before it. */
  before?: Map<string, Shadow | undefined>;
}

/**
 * Read the library for a pass, in read-only transactions of READ_PAGE stories each (with their
 * note memories and the chapter each was last at), so a writer never waits for more than one page.
 * Writes nothing: the pages may be a little apart in time, which the write phase makes good by
 * reading again every record it changes.
 */
export async function readLibrary(db: LibraryDB, exactNow: number): Promise<Snapshot> {
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
  return inTx(db, ['stories', 'chapterSets', 'noteMemory'], 'readonly', READ_ACTION, async (tx) => {
    const range = after === null ? undefined : IDBKeyRange.lowerBound(after, true);
    const stories = await tx.objectStore('stories').getAll(range, READ_PAGE);
    if (stories.length === 0) return [];
    const last = stories[stories.length - 1].key;
    const chapterSets = tx.objectStore('chapterSets');
    const [memories, chapters] = await Promise.all([
      // Note memories share the stories' keys: the same key range holds this page's.
      tx
        .objectStore('noteMemory')
        .getAll(after === null ? IDBKeyRange.upperBound(last) : IDBKeyRange.bound(after, last, true)),
      Promise.all(
        stories.map(async (s) => (s.lastChapterId === null ? undefined : chapterIn(await chapterSets.get(s.key), s.lastChapterId))),
      ),
    ]);
    const memoryOf = new Map(memories.map((m) => [m.storyKey, m]));
    return stories.map((story, i) => ({ story, memory: memoryOf.get(story.key), chapter: chapters[i] }));
  });
}

export function itemsOf(observed: Map<string, Observed>): Map<string, LocalItem> {
  const out = new Map<string, LocalItem>();
  for (const [key, o] of observed) if (o.item) out.set(key, o.item);
  return out;
}

export function shadowFromStory(s: SyncStory): Shadow {
  const c: Shadow['c'] = {};
  for (const [fp, x] of Object.entries(s.corrections)) c[fp] = [x.label, x.at];
  return { f: s.followed, fa: s.followAt, s: s.readingStatus, sa: s.statusAt, c, r: placeClock(s) };
}

/** A story as sync saw it when its shadow was stored (null: sync never saw it), for planning. */
export function entryOfShadow(key: string, shadow: Shadow | undefined): SyncEntry | null {
  if (!shadow) return null;
  if (shadow.x !== undefined) return { kind: 'tombstone', tombstone: { key, removedAt: shadow.x } };
  const colon = key.indexOf(':');
  return {
    kind: 'story',
    story: {
      key,
      site: key.slice(0, colon),
      storyId: key.slice(colon + 1),
      title: '',
      url: '',
      followed: shadow.f,
      followAt: shadow.fa,
      readingStatus: shadow.s,
      statusAt: shadow.sa,
      readAt: shadow.r ?? 0,
      chapterId: null,
      chapterIndex: null,
      chapterUrl: null,
      position: null,
      corrections: correctionsOf(shadow),
    },
  };
}

/**
 * Observe only the stories `keys` (a pass after a change), in one read-only transaction: each
 * story with its note memory, the chapter it was last at and its shadow. What it reads grows with
 * the number of keys, not with the library.
 */
export async function readStories(db: LibraryDB, keys: Iterable<string>, exactNow: number): Promise<Snapshot> {
  const now = toSecond(exactNow);
  const wanted = [...new Set(keys)];
  const read = await inTx(db, ['stories', 'chapterSets', 'noteMemory', 'meta'], 'readonly', READ_ACTION, async (tx) => {
    const chapterSets = tx.objectStore('chapterSets');
    return Promise.all(
      wanted.map(async (key) => {
        const [story, memory, shadow] = await Promise.all([
          tx.objectStore('stories').get(key),
          tx.objectStore('noteMemory').get(key),
          tx.objectStore('meta').get(SHADOW_PREFIX + key) as Promise<Shadow | undefined>,
        ]);
        const chapter = story && story.lastChapterId !== null ? chapterIn(await chapterSets.get(key), story.lastChapterId) : undefined;
        return { key, story, memory, chapter, shadow };
      }),
    );
  });
  const observed = new Map<string, Observed>();
  const before = new Map<string, Shadow | undefined>();
  for (const { key, story, memory, chapter, shadow } of read) {
    observed.set(key, observeStory(key, story, memory, chapter, shadow, now, false));
    before.set(key, shadow);
  }
  return { firstRun: false, observed, before };
}
