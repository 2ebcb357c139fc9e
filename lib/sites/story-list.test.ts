/**
 * lazyRef: a list entry's detail is read from the page once, the first time anything asks for it,
 * and the ref then reads like an eager one (JSON, copies, the message to the worker).
 */
import { describe, expect, it } from 'vitest';
import { checkStoryRefs, lazyRef, type RefDetail } from './story-list';

const detail: RefDetail = {
  author: 'A, B',
  fandoms: ['Sherlock (TV)', 'Doctor Who'],
  tags: ['Slow Burn'],
  language: 'English',
  crossover: true,
  words: 1200,
  chapters: 3,
  chapterTotal: null,
  complete: false,
  updated: Date.UTC(2026, 0, 17),
};
const eager = { site: 'ao3', storyId: '42', title: 'T', url: 'https://archiveofourown.org/works/42', ...detail };

describe('lazyRef', () => {
  it('reads nothing until a detail is asked for, then reads once', () => {
    let reads = 0;
    const ref = lazyRef('ao3', '42', 'T', 'https://archiveofourown.org/works/42', () => (reads++, { ...detail }));
    expect([ref.site, ref.storyId, ref.title, ref.url]).toEqual(['ao3', '42', 'T', 'https://archiveofourown.org/works/42']);
    expect(reads).toBe(0);
    expect(ref.tags).toEqual(['Slow Burn']);
    expect(ref.crossover).toBe(true);
    expect(ref.author).toBe('A, B');
    expect(reads).toBe(1);
  });

  it('serialises, copies and passes the worker\'s check like the eager ref, fields in the same order', () => {
    const ref = lazyRef('ao3', '42', 'T', 'https://archiveofourown.org/works/42', () => ({ ...detail }));
    expect(JSON.stringify(ref)).toBe(JSON.stringify({ site: 'ao3', storyId: '42', title: 'T', author: 'A, B', url: eager.url, fandoms: detail.fandoms, tags: detail.tags, language: 'English', crossover: true, words: 1200, chapters: 3, chapterTotal: null, complete: false, updated: detail.updated }));
    expect({ ...ref }).toEqual(eager);
    expect(structuredClone(JSON.parse(JSON.stringify(ref)))).toEqual(eager);
    expect(checkStoryRefs([JSON.parse(JSON.stringify(ref))], 10)).toEqual([eager]);
  });
});
