/**
 * The one merge of the library's records. A visit or a position save (store.ts), a backup import
 * (backup/plan.ts) and sync (lib/sync/merge.ts, both transports) all decide with these rules.
 *
 * Every rule is last-writer-wins on a per-field clock (a "register": fields that change together,
 * with the time they last changed), with a fixed tie-break on the values, so a merge is
 * commutative, associative and idempotent: two libraries that have seen the same records end up
 * alike whatever the order. Clocks from outside are clamped on the way in (lib/library/clock.ts);
 * a clock already stored beyond the allowed skew counts as 0 here (`beatable`), so a record dated
 * 2100 never wins over a real action again.
 *
 * The registers of a story record:
 * - place: where the reader is (last chapter, last visit time) with the story's metadata as seen
 *   then (title, author, summary, url, words, tags). Clock: the last visit (`lastReadAt`).
 * - follow (`followed`) and reading status (`readingStatus`): clocks `followAt` / `statusAt` where
 *   sync's shadows know them; a story record alone has none, so the place clock stands in (the
 *   more recently read record knows the reader's latest choice). Ties: followed, then the higher
 *   status.
 * - check: what the update checker found (toc, chapterCount, status, siteUpdatedAt, unread,
 *   lastCheckedAt, checkState, newChaptersAt, newCount). Clock: `lastCheckedAt` (never checked
 *   counts as -1). New chapters are news only when they were found after the merged last visit:
 *   otherwise `newCount` is 0 (a visit is what clears the news).
 * - addedAt: the earliest.
 * A chapter record: the position is a register of its own (clock `updatedAt`, tie: further along);
 * index, title and url come with the later read; firstReadAt is the earliest, lastReadAt the latest.
 * A removal (sync's tombstone) wins only over a record whose every clock is not later than it.
 */
import { beatable } from './clock';
import type { ChapterRecord, Position, StoryRecord } from './types';

/** Values compared in order when two clocks are equal. */
export type TieKeys = ReadonlyArray<number | string>;

/** -1 when `a` wins, 1 when `b` wins, 0 when alike: the later clock, then the tie keys in order. */
export function compareRegisters(aClock: number, aKeys: () => TieKeys, bClock: number, bKeys: () => TieKeys): number {
  if (aClock !== bClock) return aClock > bClock ? -1 : 1;
  const ka = aKeys();
  const kb = bKeys();
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return ka[i] > kb[i] ? -1 : 1;
  return 0;
}

/** The side whose register wins (`a` when alike). Tie keys are only computed for equal clocks. */
export function newer<T>(a: T, b: T, clock: (x: T) => number, tie: (x: T) => TieKeys = () => []): T {
  return compareRegisters(clock(a), () => tie(a), clock(b), () => tie(b)) <= 0 ? a : b;
}

/** A removal at `removedAt` against a record whose latest change is at `latest`: the removal stays. */
export const removalWins = (latest: number, removedAt: number) => latest <= removedAt;

/** The later of two times, each taken as a clock at `now` (a stored time from the future loses). */
function laterTime(a: number, b: number, now: number): number {
  return beatable(a, now) >= beatable(b, now) ? a : b;
}

// --- chapters ------------------------------------------------------------------------------------

const positionTie = (p: Position): TieKeys => [p.blockIndex, p.offsetRatio];

/**
 * The position a chapter keeps: the later save, the further along on a tie. Used by position
 * saves (store.ts: the save is written only when it wins), backup merges and sync.
 */
export function newerPosition(a: Position | null, b: Position | null, now: number): Position | null {
  if (!a || !b) return a ?? b;
  return newer(a, b, (p) => beatable(p.updatedAt, now), positionTie);
}

const chapterReadTie = (c: ChapterRecord): TieKeys => [c.index ?? -1, c.title ?? '', c.url];

/** One chapter in two libraries: the later read's details, the newer position, the whole span of reading. */
export function mergeChapterRecords(a: ChapterRecord, b: ChapterRecord, now: number): ChapterRecord {
  const later = newer(a, b, (c) => beatable(c.lastReadAt, now), chapterReadTie);
  const other = later === a ? b : a;
  return {
    key: later.key,
    storyKey: later.storyKey,
    chapterId: later.chapterId,
    index: later.index ?? other.index,
    title: later.title ?? other.title,
    url: later.url || other.url,
    firstReadAt: Math.min(a.firstReadAt, b.firstReadAt),
    lastReadAt: laterTime(a.lastReadAt, b.lastReadAt, now),
    position: newerPosition(a.position, b.position, now),
  };
}

// --- stories -------------------------------------------------------------------------------------

const STATUS_RANK: Record<string, number> = {
  reading: 5,
  'plan-to-read': 4,
  'on-hold': 3,
  completed: 2,
  dropped: 1,
};
/** Rank of a reading status for ties: the more active one wins. */
export const statusRank = (s: string | null) => (s ? (STATUS_RANK[s] ?? 0) : 0);

/** Place tie-break of a story record: the furthest along, then a fixed order of the rest. */
const placeTie = (s: StoryRecord): TieKeys => [
  s.lastChapterIndex ?? -1,
  s.lastChapterId ?? '',
  s.lastChapterUrl ?? '',
  s.lastChapterTitle ?? '',
  s.title,
  s.url,
  s.author ?? '',
  s.summary ?? '',
  s.words ?? -1,
  s.tags.join('\u0000'),
];

/** Check tie-break: the newest news, then a fixed order of the rest (the list itself last). */
const checkTie = (s: StoryRecord): TieKeys => [
  s.newChaptersAt ?? -1,
  s.chapterCount ?? -1,
  s.toc?.length ?? -1,
  s.siteUpdatedAt ?? -1,
  s.checkState ?? '',
  s.status ?? '',
  JSON.stringify(s.toc ?? null),
  // Derived counts last (newCount is cleared by a later visit, unread recounted by the caller).
  s.newCount ?? 0,
  s.unread ?? -1,
];

/** The fields of the check register (what update checks write). */
export const CHECK_FIELDS = ['toc', 'chapterCount', 'status', 'siteUpdatedAt', 'unread', 'lastCheckedAt', 'checkState', 'newChaptersAt', 'newCount'] as const;

/**
 * One story in two libraries (a backup and this one), field by field (see the top of this file).
 * Optional fields absent on the winning side stay absent. `unread` comes with the check register;
 * the caller recounts it from the merged chapters.
 */
export function mergeStoryRecords(a: StoryRecord, b: StoryRecord, now: number): StoryRecord {
  const placeClock = (s: StoryRecord) => beatable(s.lastReadAt, now);
  const place = newer(a, b, placeClock, placeTie);
  const follow = newer(a, b, placeClock, (s) => [s.followed ? 1 : 0]);
  const status = newer(a, b, placeClock, (s) => [statusRank(s.readingStatus)]);
  const check = newer(a, b, (s) => (s.lastCheckedAt == null ? -1 : beatable(s.lastCheckedAt, now)), checkTie);
  const merged: StoryRecord = {
    key: place.key,
    site: place.site,
    storyId: place.storyId,
    title: place.title,
    author: place.author,
    summary: place.summary,
    url: place.url,
    chapterCount: check.chapterCount,
    words: place.words,
    status: check.status,
    tags: place.tags,
    followed: follow.followed,
    readingStatus: status.readingStatus,
    addedAt: Math.min(a.addedAt, b.addedAt),
    lastReadAt: place.lastReadAt,
    lastChapterId: place.lastChapterId,
    lastChapterIndex: place.lastChapterIndex,
    lastChapterUrl: place.lastChapterUrl,
    lastChapterTitle: place.lastChapterTitle,
  };
  for (const f of CHECK_FIELDS) if (check[f] !== undefined) (merged as unknown as Record<string, unknown>)[f] = check[f];
  // News found before the reader's latest visit was seen then.
  if (merged.newCount && (merged.newChaptersAt ?? merged.lastCheckedAt ?? 0) <= merged.lastReadAt) merged.newCount = 0;
  return merged;
}
