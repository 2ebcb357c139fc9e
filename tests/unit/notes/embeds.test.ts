import { describe, expect, it } from 'vitest';
import { finishChapter } from '../../../lib/chapter/read-chapter';
import type { Block, Chapter } from '../../../lib/sites/types';

const block = (html: string, text: string): Block => ({ kind: 'story', html, text, source: 'body' });

describe('notes detector and embedded content', () => {
  it('an embedded video the reader links to stays part of the work, even alone in a chapter', () => {
    const text = "[Embedded video from www.youtube.com: the reader view can't play it. Open it on the site]";
    const chapter = {
      site: 'ao3', storyId: '1', title: 't', author: null, chapterIndex: null, chapterCount: 1, chapterTitle: null, chapterId: 'full',
      url: 'https://archiveofourown.org/works/1', storyUrl: 'https://archiveofourown.org/works/1', prevUrl: null, nextUrl: null, summary: null,
      blocks: [block(`<p><a href="https://www.youtube.com/embed/x" title="Embedded video: opens www.youtube.com in this tab">${text}</a></p>`, text)],
    } as Chapter;
    expect(finishChapter(chapter, null).blocks[0].kind).toBe('story');
  });
});
