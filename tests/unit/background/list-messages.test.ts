/**
 * List pages talk to the worker (issue #23): a content script on a site's list asks the marks of
 * the page's stories and, on the reader's click, adds stories from their own list. Only stories
 * of the page's own site, at that site's addresses; nothing written from a private window.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../../entrypoints/background';
import { contentScriptRefusal } from '../../../lib/background/senders';
import type { StoryRef } from '../../../lib/sites/story-list';

afterEach(() => vi.restoreAllMocks());

type Tab = NonNullable<Parameters<Parameters<typeof fakeBrowser.runtime.onMessage.addListener>[0]>[1]['tab']>;
const LIST_PAGE = 'https://archiveofourown.org/users/me/subscriptions';

function start() {
  const b = fakeBrowser as unknown as { action: Record<string, unknown> };
  b.action.setBadgeText = vi.fn();
  b.action.setBadgeBackgroundColor = vi.fn();
  vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
  background.main();
}
function fromTab(message: Record<string, unknown>, url = LIST_PAGE, incognito = false) {
  return fakeBrowser.runtime.onMessage
    .trigger(message, { id: fakeBrowser.runtime.id, url, tab: { id: 7, url, incognito } as Tab, frameId: 0 })
    .then((replies: unknown[]) => replies.find((r) => !!r));
}

const ref = (storyId: string, over: Partial<StoryRef> = {}): StoryRef => ({
  site: 'ao3',
  storyId,
  title: `Work ${storyId}`,
  author: null,
  url: `https://archiveofourown.org/works/${storyId}`,
  fandoms: [],
  tags: [],
  language: null,
  crossover: null,
  words: null,
  chapters: null,
  chapterTotal: null,
  complete: null,
  updated: null,
  ...over,
});

describe('list messages from a content script', () => {
  it('accepts keys and stories of the page\'s own site only', () => {
    expect(contentScriptRefusal('library/marks', { storyKeys: ['ao3:1', 'ao3:2'] }, LIST_PAGE)).toBeNull();
    expect(contentScriptRefusal('library/marks', { storyKeys: ['ao3:1', 'ffnet:2'] }, LIST_PAGE)).toMatch(/not of this page's site/);
    expect(contentScriptRefusal('library/marks', { storyKeys: 'ao3:1' }, LIST_PAGE)).toMatch(/invalid/);
    expect(contentScriptRefusal('library/marks', { storyKeys: Array(1001).fill('ao3:1') }, LIST_PAGE)).toMatch(/invalid/);
    expect(contentScriptRefusal('library/add-stories', { stories: [ref('1')], follow: true }, LIST_PAGE)).toBeNull();
    expect(contentScriptRefusal('library/add-stories', { stories: [ref('1', { site: 'ffnet' })] }, LIST_PAGE)).toMatch(/not of this page's site/);
    expect(contentScriptRefusal('library/add-stories', { stories: [ref('1', { url: 'https://evil.example/works/1' })] }, LIST_PAGE)).toMatch(/address/);
    expect(contentScriptRefusal('library/add-stories', { stories: [null] }, LIST_PAGE)).toMatch(/invalid/);
    expect(contentScriptRefusal('story/set-status', { storyKey: 'ao3:1', readingStatus: 'dropped' }, LIST_PAGE)).toBeNull();
    expect(contentScriptRefusal('story/set-status', { storyKey: 'ffnet:1', readingStatus: 'dropped' }, LIST_PAGE)).not.toBeNull();
  });

  it('adds the stories on a click, then marks them, in one answer', async () => {
    start();
    expect(await fromTab({ type: 'library/marks', storyKeys: ['ao3:1', 'ao3:2'] })).toEqual({ marks: [] });
    expect(await fromTab({ type: 'library/add-stories', stories: [ref('1'), ref('2')], follow: true })).toEqual({ added: 2, kept: 0 });
    await fromTab({ type: 'story/set-status', storyKey: 'ao3:2', readingStatus: 'dropped' });
    const { marks } = (await fromTab({ type: 'library/marks', storyKeys: ['ao3:1', 'ao3:2', 'ao3:3'] })) as { marks: { key: string; followed: boolean; readingStatus: string | null }[] };
    expect(marks.map((m) => [m.key, m.followed, m.readingStatus])).toEqual([
      ['ao3:1', true, null],
      ['ao3:2', true, 'dropped'],
    ]);
  });

  it("sends the marks' words with the marks when asked (one round trip, no catalogue call on the page)", async () => {
    start();
    expect(contentScriptRefusal('library/marks', { storyKeys: ['ao3:1'], words: true }, LIST_PAGE)).toBeNull();
    const answer = (await fromTab({ type: 'library/marks', storyKeys: ['ao3:404'], words: true })) as { marks: unknown[]; words: { locale: string; messages: Record<string, string> } };
    expect(answer.marks).toEqual([]);
    expect(answer.words.locale).toBe('en');
    expect(answer.words.messages.following).toBe('Following');
    expect(answer.words.messages.listFollowLabel).toBe('Follow “\u00011” in Calm Reader');
    expect(answer.words.messages.listHidden_other).toBe('\u00011 stories hidden by Calm Reader');
    expect(answer.words.messages.listHidden_few).toBe('');
    expect(await fromTab({ type: 'library/marks', storyKeys: ['ao3:404'] })).toEqual({ marks: [] });
    // Each mark's first label comes written (its plural rules built in the worker, not on the page).
    await fromTab({ type: 'library/add-stories', stories: [ref('7')], follow: false });
    await fromTab({ type: 'story/set-status', storyKey: 'ao3:7', readingStatus: 'dropped' });
    const labelled = (await fromTab({ type: 'library/marks', storyKeys: ['ao3:7', 'ao3:404'], words: true })) as { labels: Record<string, string> };
    expect(labelled.labels).toEqual({ 'ao3:7': 'dropped' });
  });

  it('refuses a malformed story whole, and writes nothing from a private window', async () => {
    start();
    await expect(fromTab({ type: 'library/add-stories', stories: [ref('11'), ref('12', { title: '' })], follow: false })).rejects.toThrow(/stories\[1\]: invalid title/);
    await expect(fromTab({ type: 'library/add-stories', stories: [ref('11')], follow: false }, LIST_PAGE, true)).rejects.toThrow(/private window/);
    expect(await fromTab({ type: 'library/marks', storyKeys: ['ao3:11', 'ao3:12'] })).toEqual({ marks: [] });
  });
});
