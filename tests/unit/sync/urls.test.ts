/** URLs from sync (#20 point 7): only http(s) addresses of the story's own site. */
import { describe, expect, it } from 'vitest';
import { setFollowed } from '../../../lib/library/store';
import { continueStories } from '../../../lib/popup/format';
import { readingUrl } from '../../../lib/sites/hosts';
import { decodeEntry, encodeStory, itemKeyOf } from '../../../lib/sync/codec';
import { createMemorySyncBackend } from '../../../lib/sync/memory-area';
import type { SyncStory } from '../../../lib/sync/types';
import type { StoryRecord } from '../../../lib/library/types';
import { ao3, device, T0 } from './helpers';

const base: SyncStory = {
  key: 'ao3:1', site: 'ao3', storyId: '1', title: 'T', url: 'https://archiveofourown.org/works/1',
  followed: true, followAt: T0, readingStatus: null, statusAt: 0, readAt: T0,
  chapterId: '1001', chapterIndex: 0, chapterUrl: 'https://archiveofourown.org/works/1/chapters/1001',
  position: null, corrections: {},
};
const BAD = ['file:///etc/passwd', 'data:text/html,<script>alert(1)</script>', 'chrome://settings/', 'javascript:alert(1)', 'https://evil.example/works/1', 'http://127.0.0.1:8080/'];

describe('story URLs decoded from sync', () => {
  it('ignores a story item whose address is not an http(s) address of its site', () => {
    expect(decodeEntry(itemKeyOf('ao3:1'), encodeStory(base), T0)).toMatchObject({ story: { url: base.url, chapterUrl: base.chapterUrl } });
    expect(decodeEntry(itemKeyOf('ao3:1'), encodeStory({ ...base, url: 'http://www.archiveofourown.org/works/1' }), T0)).not.toBeNull();
    for (const url of BAD) expect(decodeEntry(itemKeyOf('ao3:1'), encodeStory({ ...base, url }), T0), url).toBeNull();
  });

  it('drops a chapter address that is not of the story’s site', () => {
    for (const chapterUrl of BAD)
      expect(decodeEntry(itemKeyOf('ao3:1'), encodeStory({ ...base, chapterUrl }), T0), chapterUrl).toMatchObject({ story: { chapterUrl: null } });
  });

  it('a planted file: URL never reaches the library or "Continue reading"', async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    await a.visit(T0, ao3('1', 1));
    await setFollowed(a.db, 'ao3:1', true);
    await a.sync(T0 + 1000);
    await b.area.set({ [itemKeyOf('ao3:2')]: encodeStory({ ...base, key: 'ao3:2', storyId: '2', url: 'file:///home/reader/', chapterUrl: null }) });
    await b.area.set({ [itemKeyOf('ao3:1')]: encodeStory({ ...base, readAt: T0 + 5000, chapterUrl: 'chrome://settings/' }) });
    await a.sync(T0 + 10_000);
    expect((await a.story('ao3:2')).story).toBeNull();
    const { story } = await a.story('ao3:1');
    expect(story?.lastChapterUrl === null || story?.lastChapterUrl?.startsWith('https://archiveofourown.org/')).toBe(true);
    expect(readingUrl(story!)).toMatch(/^https:\/\/archiveofourown\.org\/works\/1/);
  });
});

describe('where "Continue reading" goes', () => {
  const rec = (o: Partial<StoryRecord>) =>
    ({ key: 'ao3:1', site: 'ao3', storyId: '1', url: 'https://archiveofourown.org/works/1', lastChapterUrl: null, lastReadAt: 1, followed: false, unread: 0, ...o }) as StoryRecord;
  it('only to the story’s own http(s) addresses', () => {
    expect(readingUrl(rec({ lastChapterUrl: 'https://archiveofourown.org/works/1/chapters/2' }))).toBe('https://archiveofourown.org/works/1/chapters/2');
    expect(readingUrl(rec({ lastChapterUrl: 'file:///etc/passwd' }))).toBe('https://archiveofourown.org/works/1');
    for (const url of BAD) expect(readingUrl(rec({ url, lastChapterUrl: url })), url).toBeNull();
    expect(readingUrl(rec({ site: 'generic', storyId: 'example.org-1abc', url: 'https://example.org/post' }))).toBe('https://example.org/post');
    expect(readingUrl(rec({ site: 'generic', storyId: 'example.org-1abc', url: 'https://evil.example/post' }))).toBeNull();
    expect(continueStories([rec({ url: 'file:///x', key: 'ao3:9' }), rec({})]).map((s) => s.key)).toEqual(['ao3:1']);
  });
});
