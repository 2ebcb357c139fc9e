/**
 * Sync's merge of two synced stories, with the library's one set of rules (lib/library/merge.ts):
 * last-writer-wins on a per-field clock, with a fixed tie-break, so merging is commutative,
 * associative and idempotent: devices that have seen the same records end up with the same result
 * whatever the order.
 *
 * - Follow / unfollow and reading status: the latest change wins (tie: followed, higher status).
 * - Where the reader is: the latest visit or position save wins, per story (chapter, position and
 *   visit time together). A position therefore moves forward, unless the reader went back later
 *   on purpose (that later visit is the latest).
 * - Reader corrections: union by fingerprint, the latest change of each fingerprint wins.
 * - A removed story (tombstone) wins only over a record whose every clock is older than the
 *   removal: a device offline for a month brings old clocks and loses field by field; it never
 *   erases what another device did since.
 * Synced stories carry no update-check fields: the library keeps its own (engine.ts applyEntry).
 */
import { newer, removalWins, statusRank } from '../library/merge';
import type { SyncCorrection, SyncEntry, SyncStory } from './types';

/** The newest change in a story record (any field). */
export function latestClock(s: SyncStory): number {
  let t = Math.max(s.followAt, s.statusAt, s.readAt, s.position?.t ?? 0);
  for (const c of Object.values(s.corrections)) t = Math.max(t, c.at);
  return t;
}

/** When the reader was last at this story: its last visit or position save. */
export const placeClock = (s: SyncStory) => Math.max(s.readAt, s.position?.t ?? 0);

/**
 * Where the reader is (chapter, position, visit time, with the title and URL seen then) is one
 * register: the side with the latest visit or position save wins it whole.
 * Ties (same second on two devices) go to the furthest along, then to a fixed order of the rest.
 */
const placeTie = (s: SyncStory) => [
  s.chapterIndex ?? -1,
  s.position?.b ?? -1,
  s.position?.r ?? -1,
  s.readAt,
  s.position?.t ?? -1,
  s.chapterId ?? '',
  s.chapterUrl ?? '',
  s.title,
  s.url,
];

const LABEL_RANK = { note: 2, story: 1 } as const;
const labelRank = (c: SyncCorrection) => (c.label ? LABEL_RANK[c.label] : 0);

function mergeCorrections(
  a: Record<string, SyncCorrection>,
  b: Record<string, SyncCorrection>,
): Record<string, SyncCorrection> {
  const out: Record<string, SyncCorrection> = { ...a };
  for (const [fp, cb] of Object.entries(b)) {
    const ca = out[fp];
    out[fp] = ca ? newer(ca, cb, (c) => c.at, (c) => [labelRank(c)]) : cb;
  }
  return out;
}

export function mergeStories(a: SyncStory, b: SyncStory): SyncStory {
  const place = newer(a, b, placeClock, placeTie);
  const follow = newer(a, b, (s) => s.followAt, (s) => [s.followed ? 1 : 0]);
  const status = newer(a, b, (s) => s.statusAt, (s) => [statusRank(s.readingStatus)]);
  return {
    key: a.key,
    site: a.site,
    storyId: a.storyId,
    // Metadata comes with the latest visit (the library keeps its own title if this one is empty).
    title: place.title,
    url: place.url,
    followed: follow.followed,
    followAt: follow.followAt,
    readingStatus: status.readingStatus,
    statusAt: status.statusAt,
    readAt: place.readAt,
    chapterId: place.chapterId,
    chapterIndex: place.chapterIndex,
    chapterUrl: place.chapterUrl,
    position: place.position,
    corrections: mergeCorrections(a.corrections, b.corrections),
  };
}

/** Merge two entries for the same story (either may be a removal). */
export function mergeEntries(a: SyncEntry | null, b: SyncEntry | null): SyncEntry | null {
  if (!a || !b) return a ?? b;
  if (a.kind === 'tombstone' && b.kind === 'tombstone')
    return a.tombstone.removedAt >= b.tombstone.removedAt ? a : b;
  if (a.kind === 'story' && b.kind === 'story') return { kind: 'story', story: mergeStories(a.story, b.story) };
  const t = a.kind === 'tombstone' ? a.tombstone : (b as Extract<SyncEntry, { kind: 'tombstone' }>).tombstone;
  const s = a.kind === 'story' ? a.story : (b as Extract<SyncEntry, { kind: 'story' }>).story;
  // A change after the removal (a visit, a follow) brings the story back; otherwise it stays removed.
  return removalWins(latestClock(s), t.removedAt) ? { kind: 'tombstone', tombstone: t } : { kind: 'story', story: s };
}
