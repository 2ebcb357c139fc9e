import type { Block, Chapter } from '../../../lib/sites/types';

export const story = (text: string, extra: Partial<Block> = {}): Block => ({
  kind: 'story',
  html: `<p>${text}</p>`,
  text,
  source: 'body',
  ...extra,
});
export const note = (text: string, extra: Partial<Block> = {}): Block => ({
  kind: 'note',
  html: `<p>${text}</p>`,
  text,
  source: 'structured',
  noteWhere: 'before',
  ...extra,
});
export const sep = (): Block => ({ kind: 'separator', html: '<hr>', text: '', source: 'body' });

export function makeChapter(patch: Partial<Chapter> = {}): Chapter {
  return {
    site: 'ao3',
    storyId: '123',
    title: 'The Long Way Home',
    author: 'quietwriter',
    chapterIndex: 2,
    chapterCount: 5,
    chapterTitle: 'Rain',
    chapterId: '456',
    url: 'https://archiveofourown.org/works/123/chapters/456',
    storyUrl: 'https://archiveofourown.org/works/123',
    prevUrl: 'https://archiveofourown.org/works/123/chapters/455',
    nextUrl: 'https://archiveofourown.org/works/123/chapters/457',
    summary: 'Two friends walk home in the rain.',
    blocks: [
      note('Thanks for the kudos! This chapter was hard to write.', { label: 'Chapter notes' }),
      story('It was raining when they left.'),
      sep(),
      story('<em>Later</em>, the rain stopped.'.replace(/<[^>]+>/g, ''), { html: '<p><em>Later</em>, the rain stopped.</p>' }),
      story('Maybe this is a note?', { unsure: true }),
      note('See you next week.', { label: 'End notes', noteWhere: 'after' }),
    ],
    ...patch,
  };
}
