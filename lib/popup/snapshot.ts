/**
 * The popup's "Continue reading" as last seen, kept in the extension's own localStorage (one origin
 * for the popup and the library page): the popup draws its first frame from it synchronously,
 * without waiting for IndexedDB to open in its new renderer (issue 25), then reads the library and
 * shows that, correcting the snapshot. Written by the popup after each library read and by the
 * library page whenever its whole list is known, so a change made there is right from the first
 * frame; a change made elsewhere (reading a chapter records it through the worker) shows for the
 * moment the library read takes, then the list is corrected.
 *
 * Only what the list shows is kept (the few stories picked, their title, place and counts). The
 * stored text is treated as hostile like any input: anything that is not exactly this shape is
 * ignored (the popup then waits for the library, as without a snapshot).
 */
import type { StoryRecord } from '../library/types';
import { THEMES, type Theme } from '../settings/settings';

export const SNAPSHOT_KEY = 'calm-reader:popup-continue';
/** The popup's theme as last applied: its first frame has it before the settings are read. */
export const THEME_KEY = 'calm-reader:popup-theme';
/** Stories the popup's "Continue reading" shows. */
export const RECENT_LIMIT = 5;
const VERSION = 1;
/** More than the popup ever shows: a longer stored list is not one we wrote. */
const MAX_STORIES = 20;

/** The fields of a story the "Continue reading" list uses (picking, wording, its link). */
export type SnapshotStory = Pick<
  StoryRecord,
  'key' | 'site' | 'storyId' | 'title' | 'url' | 'lastReadAt' | 'lastChapterId' | 'lastChapterIndex' | 'lastChapterUrl' | 'lastChapterTitle' | 'followed'
> &
  Pick<StoryRecord, 'unread' | 'newCount' | 'newChaptersAt'>;

export interface PopupSnapshot {
  read(): SnapshotStory[] | null;
  write(stories: readonly SnapshotStory[]): void;
  /** The theme as last applied (one of the settings' themes), or null. */
  readTheme(): Theme | null;
  writeTheme(theme: Theme): void;
}

/** The part of `Storage` used; a storage that throws (disabled, full) is a snapshot that is never there. */
export type SnapshotStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The page's localStorage, or null where it cannot be used (it throws when storage is disabled). */
export function pageStorage(): SnapshotStorage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

/** The stored snapshot's stories, or null (none, not one we wrote, or storage that throws). */
export function readSnapshot(storage: SnapshotStorage | null): SnapshotStory[] | null {
  if (!storage) return null;
  try {
    return parseSnapshot(storage.getItem(SNAPSHOT_KEY));
  } catch {
    return null;
  }
}

/** The stored theme, or null (none, not a theme of the settings, or storage that throws). */
export function readTheme(storage: SnapshotStorage | null): Theme | null {
  try {
    const theme = storage?.getItem(THEME_KEY);
    return (THEMES as readonly unknown[]).includes(theme) ? (theme as Theme) : null;
  } catch {
    return null;
  }
}

/** Stores `text` under `key` when it differs; a storage that throws keeps nothing (the next popup does without). */
function keep(storage: SnapshotStorage | null, key: string, text: string): void {
  try {
    if (storage && storage.getItem(key) !== text) storage.setItem(key, text);
  } catch {
    // Not kept.
  }
}

export function popupSnapshot(storage: SnapshotStorage | null): PopupSnapshot {
  return {
    read: () => readSnapshot(storage),
    write: (stories) => keep(storage, SNAPSHOT_KEY, serializeSnapshot(stories)),
    readTheme: () => readTheme(storage),
    writeTheme: (theme) => keep(storage, THEME_KEY, theme),
  };
}

const pick = (s: SnapshotStory): SnapshotStory => ({
  key: s.key,
  site: s.site,
  storyId: s.storyId,
  title: s.title,
  url: s.url,
  lastReadAt: s.lastReadAt,
  lastChapterId: s.lastChapterId ?? null,
  lastChapterIndex: s.lastChapterIndex ?? null,
  lastChapterUrl: s.lastChapterUrl ?? null,
  lastChapterTitle: s.lastChapterTitle ?? null,
  followed: s.followed === true,
  unread: s.unread ?? 0,
  newCount: s.newCount ?? 0,
  newChaptersAt: s.newChaptersAt ?? null,
});

export function serializeSnapshot(stories: readonly SnapshotStory[]): string {
  return JSON.stringify({ v: VERSION, stories: stories.slice(0, MAX_STORIES).map(pick) });
}

const isStr = (v: unknown): v is string => typeof v === 'string';
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const strOrNull = (v: unknown) => v === null || isStr(v);
const numOrNull = (v: unknown) => v === null || isNum(v);

function isSnapshotStory(v: unknown): v is SnapshotStory {
  if (!v || typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  return (
    isStr(s.key) &&
    isStr(s.site) &&
    isStr(s.storyId) &&
    s.key === `${s.site}:${s.storyId}` &&
    isStr(s.title) &&
    isStr(s.url) &&
    isNum(s.lastReadAt) &&
    strOrNull(s.lastChapterId) &&
    numOrNull(s.lastChapterIndex) &&
    strOrNull(s.lastChapterUrl) &&
    strOrNull(s.lastChapterTitle) &&
    typeof s.followed === 'boolean' &&
    isNum(s.unread) &&
    isNum(s.newCount) &&
    numOrNull(s.newChaptersAt)
  );
}

/** The stories of a stored snapshot, or null when there is none or it is not one we wrote. */
export function parseSnapshot(text: string | null): SnapshotStory[] | null {
  if (!text) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (!data || typeof data !== 'object') return null;
  const { v, stories } = data as { v?: unknown; stories?: unknown };
  if (v !== VERSION || !Array.isArray(stories) || stories.length > MAX_STORIES) return null;
  if (!stories.every(isSnapshotStory)) return null;
  return stories.map(pick);
}
