/**
 * What the reader view knows of the story from the page and the library: the chapter list, the
 * chapters read, where the reader stopped, and whether the story is followed.
 */
import type { ChapterRecord, StoryRecord } from '../library/types';
import type { Chapter } from '../sites/types';

export interface StoryState {
  /** Null while the library has not answered. */
  followed: boolean | null;
  toc: { id: string; title: string | null; url: string; words?: number | null }[];
  /** Chapter ids the reader has opened. */
  read: ReadonlySet<string>;
  /** The reader's place: the furthest chapter of the list they opened. */
  stoppedAt: string | null;
}

/** The page's chapter list, else the library's; the open chapter always counts as read. */
export function storyState(ch: Chapter, story: StoryRecord | null, chapters: readonly Pick<ChapterRecord, 'chapterId'>[]): StoryState {
  const toc = ch.toc && ch.toc.length > 0 ? ch.toc : (story?.toc ?? []);
  const read = new Set(chapters.map((c) => c.chapterId));
  read.add(ch.chapterId);
  let stoppedAt: string | null = null;
  for (const e of toc) if (read.has(e.id)) stoppedAt = e.id;
  return { followed: story ? story.followed : null, toc, read, stoppedAt };
}

/** Before the library answers: the page's own list. */
export function pageState(ch: Chapter): StoryState {
  return storyState(ch, null, []);
}
