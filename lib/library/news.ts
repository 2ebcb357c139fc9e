/**
 * The "news" index: followed stories with unread chapters, the only stories the toolbar badge and
 * the popup's "new chapters" list need. A boolean (`followed`) cannot be an IndexedDB key, so each
 * story record carries a derived `newsKey` that exists exactly when the story belongs in that
 * list, and the `news` index (schema v3) holds only those records. Reading the badge or the
 * popup then costs the followed stories with news, not the whole library.
 *
 * Every write of a story goes through `withNewsKey` (store, backup import, sync); reads hand
 * records out without it (`withoutNewsKey`), so nothing outside the library layer sees it.
 */
import type { StoryRecord } from './types';

/** [newChaptersAt or 0, lastReadAt, unread]: the popup's order (newest news first) and the badge's count. */
export type NewsKey = [number, number, number];

/** A story as stored: the public record plus its derived index key. */
export type StoredStory = StoryRecord & { newsKey?: NewsKey };

export const NEWS_INDEX = 'news';

/** The key when the story is followed, has unread chapters and somewhere to continue; else undefined. */
export function newsKeyOf(s: StoryRecord): NewsKey | undefined {
  const unread = typeof s.unread === 'number' && Number.isFinite(s.unread) ? s.unread : 0;
  if (!s.followed || unread <= 0 || !(s.lastChapterUrl || s.url)) return undefined;
  const at = typeof s.newChaptersAt === 'number' && Number.isFinite(s.newChaptersAt) ? s.newChaptersAt : 0;
  const read = Number.isFinite(s.lastReadAt) ? s.lastReadAt : 0;
  return [at, read, unread];
}

/** The record to store: `newsKey` recomputed from the story's own fields (never trusted from input). */
export function withNewsKey(s: StoryRecord): StoredStory {
  const { newsKey: _old, ...story } = s as StoredStory;
  const key = newsKeyOf(story);
  return key ? { ...story, newsKey: key } : story;
}

/** The record as handed out of the library layer. */
export function withoutNewsKey(s: StoredStory): StoryRecord {
  if (!('newsKey' in s)) return s;
  const { newsKey: _key, ...story } = s;
  return story;
}
