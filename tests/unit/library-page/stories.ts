/** Story records for tests and the quick local measure (no vitest imports). */
import type { StoryRecord } from '../../../lib/library/types';

export function story(over: Partial<StoryRecord> = {}): StoryRecord {
  const id = over.storyId ?? '1';
  const site = over.site ?? 'ao3';
  return {
    key: `${site}:${id}`,
    site,
    storyId: id,
    title: 'A Story',
    author: 'someone',
    summary: null,
    url: `https://archiveofourown.org/works/${id}`,
    chapterCount: 12,
    words: null,
    status: null,
    tags: [],
    followed: false,
    readingStatus: null,
    addedAt: 1,
    lastReadAt: 1,
    lastChapterId: '5',
    lastChapterIndex: 5,
    lastChapterUrl: `https://archiveofourown.org/works/${id}/chapters/5`,
    lastChapterTitle: null,
    unread: 0,
    ...over,
  };
}

/** `n` varied stories for the performance-shaped tests. */
export function manyStories(n: number): StoryRecord[] {
  const sites = ['ao3', 'ffnet', 'royalroad', 'spacebattles'];
  const fandoms = ['Harry Potter', 'Naruto', 'Pokémon', 'Star Wars', 'Worm', 'Mass Effect', 'Les Misérables'];
  const out: StoryRecord[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      story({
        site: sites[i % sites.length],
        storyId: String(i),
        title: `Story number ${i} ${i % 3 === 0 ? 'Café' : 'Road'}`,
        author: `author${i % 97}`,
        tags: [fandoms[i % fandoms.length], `tag${i % 50}`, 'Slow Burn', 'Fluff', 'Angst', 'Hurt/Comfort', 'Friendship', 'Adventure'],
        followed: i % 5 === 0,
        readingStatus: i % 4 === 0 ? 'reading' : i % 4 === 1 ? 'completed' : null,
        lastReadAt: 1_700_000_000_000 - i * 1000,
        unread: i % 7,
      }),
    );
  }
  return out;
}

