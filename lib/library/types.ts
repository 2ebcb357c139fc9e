/** Records kept in the reader's library (IndexedDB, see schema.ts). */

/** A reading position inside a chapter: a paragraph anchor that survives font and width changes. */
export interface Position {
  /** Index into the chapter's blocks. */
  blockIndex: number;
  /** 0..1: how far down that block the top of the viewport is. */
  offsetRatio: number;
  /** ms since epoch */
  updatedAt: number;
}

export type ReadingStatus = 'reading' | 'plan-to-read' | 'completed' | 'on-hold' | 'dropped';

export interface StoryRecord {
  /** `${site}:${storyId}` */
  key: string;
  site: string;
  storyId: string;
  title: string;
  author: string | null;
  summary: string | null;
  url: string;
  chapterCount: number | null;
  words: number | null;
  status: 'complete' | 'in-progress' | null;
  tags: string[];
  followed: boolean;
  readingStatus: ReadingStatus | null;
  addedAt: number;
  lastReadAt: number;
  /** The chapter last opened. */
  lastChapterId: string | null;
  lastChapterIndex: number | null;
  lastChapterUrl: string | null;
  lastChapterTitle: string | null;
  /**
   * Added in schema v2 (update checks). The story's chapter list as last seen (from a visit or an
   * update check), in reading order.
   */
  toc?: TocEntry[];
  /** Unread: chapters in `toc` after the furthest chapter read (0 when unknown). */
  unread?: number;
  /**
   * Added in schema v4. New: chapters posted since the reader last saw the story's chapter list
   * (found by update checks of a followed story; a visit or following it sets it back to 0). Drives
   * the toolbar badge and the notifications; absent means 0.
   */
  newCount?: number;
  /** When the site says the story was last updated (ms), if it says. */
  siteUpdatedAt?: number | null;
  /** When the background last checked this story for new chapters (ms). */
  lastCheckedAt?: number | null;
  /**
   * Outcome of the last check: 'ok'; 'visit' when the site refused background fetches (Cloudflare
   * challenge) so the story is refreshed on the reader's next visit; 'error' otherwise.
   */
  checkState?: 'ok' | 'visit' | 'error' | null;
  /** When new chapters were last found (ms). */
  newChaptersAt?: number | null;
}

/** One chapter in a story's table of contents. */
export interface TocEntry {
  /** Site chapter id or 1-based index as a string (same as ChapterRecord.chapterId). */
  id: string;
  title: string | null;
  url: string;
  /** Publication date (ms) where the site gives one. */
  date?: number | null;
}

export interface ChapterRecord {
  /** `${storyKey}#${chapterId}` */
  key: string;
  storyKey: string;
  chapterId: string;
  index: number | null;
  title: string | null;
  url: string;
  firstReadAt: number;
  lastReadAt: number;
  position: Position | null;
}

export const storyKey = (site: string, storyId: string) => `${site}:${storyId}`;
export const chapterKey = (sKey: string, chapterId: string) => `${sKey}#${chapterId}`;

/** A well-formed reading position (what a message or a backup claims to be one). */
export function isValidPosition(p: unknown): p is Position {
  if (!p || typeof p !== 'object') return false;
  const { blockIndex, offsetRatio, updatedAt } = p as Record<string, unknown>;
  return (
    typeof blockIndex === 'number' &&
    Number.isInteger(blockIndex) &&
    blockIndex >= 0 &&
    typeof offsetRatio === 'number' &&
    offsetRatio >= 0 &&
    offsetRatio <= 1 &&
    typeof updatedAt === 'number' &&
    Number.isFinite(updatedAt)
  );
}

/** What the content script reports about the chapter it is showing. */
export interface ChapterVisit {
  site: string;
  storyId: string;
  title: string;
  author: string | null;
  summary: string | null;
  storyUrl: string;
  chapterCount: number | null;
  words?: number | null;
  status?: 'complete' | 'in-progress' | null;
  tags?: string[];
  chapterId: string;
  chapterIndex: number | null;
  chapterTitle: string | null;
  url: string;
  /** The story's chapter list when the page shows it. */
  toc?: { id: string; title: string | null; url: string }[];
  siteUpdatedAt?: number | null;
}

/** What a backup import would do / did. `error` set = refused whole, nothing changed. */
export interface BackupReport {
  ok: boolean;
  error?: string;
  version?: number;
  /** Stories that would be / were added, updated, removed; chapters written. */
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  chapters: number;
}
