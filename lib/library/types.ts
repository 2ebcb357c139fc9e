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
