/** lib/reader/work.ts: what the reader view says about a work and a chapter (pure: a Chapter in, words out). */
import { describe, expect, it } from 'vitest';
import { chapterHeading, chapterLine, endOf, isInProgress, metaOf, ownTitle, repeatedHeadingBlock } from '../../../lib/reader/work';
import type { Block, Chapter } from '../../../lib/sites/types';

function chapter(over: Partial<Chapter> = {}): Chapter {
  return {
    site: 'ao3', storyId: '1', title: 'The Story', author: 'a', chapterIndex: 3, chapterCount: 12, chapterTitle: null,
    chapterId: 'c3', url: 'https://archiveofourown.org/works/1/chapters/3', storyUrl: 'https://archiveofourown.org/works/1',
    prevUrl: null, nextUrl: null, summary: null, blocks: [], ...over,
  } as Chapter;
}
const body = (text: string): Block => ({ kind: 'story', html: `<p>${text}</p>`, text }) as Block;
const note = (text: string): Block => ({ kind: 'note', html: `<p>${text}</p>`, text, noteWhere: 'before' }) as Block;

describe('metaOf', () => {
  it("takes the adapter's card over the common fields, tags only when there is no card", () => {
    expect(metaOf(chapter({ words: 100, status: 'complete', tags: ['Fluff'] }))).toEqual({ words: 100, status: 'complete', tags: ['Fluff'] });
    expect(metaOf(chapter({ words: 100, status: 'complete', tags: ['Fluff'], meta: { status: 'in-progress', chaptersTotal: null } }))).toEqual({
      words: 100, status: 'in-progress', chaptersTotal: null,
    });
  });
});

describe('chapterLine', () => {
  it('says "Chapter 3 of 12" for a complete count', () => {
    expect(chapterLine(chapter())).toBe('Chapter 3 of 12');
  });

  it('marks a work in progress whose planned length is unknown with "?"', () => {
    expect(chapterLine(chapter({ status: 'in-progress', chapterCount: 14 }))).toBe('Chapter 3 of 14?');
    expect(chapterLine(chapter({ meta: { status: 'in-progress', chaptersPosted: 5, chaptersTotal: null } }))).toBe('Chapter 3 of 5?');
  });

  it('uses the planned total when the page gives one', () => {
    expect(chapterLine(chapter({ status: 'in-progress', meta: { chaptersPosted: 5, chaptersTotal: 20 } }))).toBe('Chapter 3 of 20');
  });

  it('never claims fewer chapters than the one open, and says nothing for a page that is no chapter', () => {
    expect(chapterLine(chapter({ chapterIndex: 9, chapterCount: null, meta: { chaptersPosted: 5, chaptersTotal: null } }))).toBe('Chapter 9');
    expect(chapterLine(chapter({ chapterCount: null }))).toBe('Chapter 3');
    expect(chapterLine(chapter({ chapterIndex: null }))).toBeNull();
  });
});

describe('ownTitle and chapterHeading', () => {
  it('drops a title that only repeats the number', () => {
    for (const t of ['Chapter 3', 'chapter 03:', '3.', 'Ch. 3', 'Part 3', '  3  ']) expect(ownTitle(chapter({ chapterTitle: t })), t).toBeNull();
  });

  it('keeps a real title, also one holding another number', () => {
    expect(ownTitle(chapter({ chapterTitle: '  The Storm  ' }))).toBe('The Storm');
    expect(ownTitle(chapter({ chapterTitle: 'Chapter 33' }))).toBe('Chapter 33');
    expect(ownTitle(chapter({ chapterTitle: '3 Days Later' }))).toBe('3 Days Later');
  });

  it('survives regex characters in a title from the page', () => {
    expect(ownTitle(chapter({ chapterTitle: '(.*)+[' }))).toBe('(.*)+[');
  });

  it('heads with the title, else "Chapter N", else the story title', () => {
    expect(chapterHeading(chapter({ chapterTitle: 'The Storm' }))).toBe('The Storm');
    expect(chapterHeading(chapter({ chapterTitle: 'Chapter 3' }))).toBe('Chapter 3');
    expect(chapterHeading(chapter({ chapterIndex: null, chapterTitle: null }))).toBe('The Story');
  });
});

describe('repeatedHeadingBlock', () => {
  it("finds the first body block that only repeats the heading, past notes and empty blocks", () => {
    const blocks = [note('A/N: hi'), body('  '), body('Chapter 3: The Storm'), body('It rained.')];
    expect(repeatedHeadingBlock(chapter({ chapterTitle: 'The Storm', blocks }))).toBe(2);
    expect(repeatedHeadingBlock(chapter({ chapterTitle: 'The Storm', blocks: [body('THE STORM')] }))).toBe(0);
    expect(repeatedHeadingBlock(chapter({ blocks: [body('Chapter 3')] }))).toBe(0);
  });

  it('keeps a first block that is story text, or too long to be a heading', () => {
    expect(repeatedHeadingBlock(chapter({ chapterTitle: 'The Storm', blocks: [body('It rained.'), body('The Storm')] }))).toBe(-1);
    const long = `The Storm ${'and the rain '.repeat(10)}`.trim();
    expect(repeatedHeadingBlock(chapter({ chapterTitle: long, blocks: [body(long)] }))).toBe(-1);
    expect(repeatedHeadingBlock(chapter({ blocks: [] }))).toBe(-1);
  });
});

describe('endOf and isInProgress', () => {
  it('goes on when there is a next chapter', () => {
    expect(endOf(chapter({ nextUrl: 'https://archiveofourown.org/works/1/chapters/4', status: 'complete' }))).toBe('next');
  });

  it('says "the end" only for a complete work, "caught up" otherwise, nothing for a generic page', () => {
    expect(endOf(chapter({ status: 'complete' }))).toBe('the-end');
    expect(endOf(chapter({ status: 'in-progress' }))).toBe('caught-up');
    expect(endOf(chapter({ status: null }))).toBe('caught-up');
    expect(endOf(chapter({ site: 'generic', status: 'complete' }))).toBe('none');
  });

  it("reads progress from the card, else the page's status", () => {
    expect(isInProgress(chapter({ status: 'in-progress' }))).toBe(true);
    expect(isInProgress(chapter({ status: 'in-progress', meta: { status: 'complete' } }))).toBe(false);
    expect(isInProgress(chapter({ status: 'complete' }))).toBe(false);
  });
});
