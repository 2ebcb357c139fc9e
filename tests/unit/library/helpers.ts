import type { ChapterVisit } from '../../../lib/protocol/messages';

let counter = 0;
/** A fresh database name per test: fake-indexeddb is shared by the whole test file. */
export const freshName = (label = 'test') => `calm-reader-${label}-${++counter}-${Math.random().toString(36).slice(2)}`;

export function visit(over: Partial<ChapterVisit> = {}): ChapterVisit {
  return {
    site: 'ao3',
    storyId: '123',
    title: 'A Story',
    author: 'someone',
    summary: 'A summary.',
    storyUrl: 'https://archiveofourown.org/works/123',
    chapterCount: 10,
    words: 50000,
    status: 'in-progress',
    tags: ['Fluff'],
    chapterId: 'c1',
    chapterIndex: 0,
    chapterTitle: 'Chapter 1',
    url: 'https://archiveofourown.org/works/123/chapters/c1',
    ...over,
  };
}

/** Promise wrapper for a raw IDBRequest. */
export function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}
