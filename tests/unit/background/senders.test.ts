import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../../entrypoints/background';
import { classifySender, contentScriptRefusal } from '../../../lib/background/senders';
import { visit } from '../library/helpers';

afterEach(() => vi.restoreAllMocks());

type Tab = NonNullable<Parameters<Parameters<typeof fakeBrowser.runtime.onMessage.addListener>[0]>[1]['tab']>;

const SELF = { id: 'abc', baseUrl: 'chrome-extension://abc/' };
const AO3_PAGE = 'https://archiveofourown.org/works/123/chapters/c1';

function start() {
  const b = fakeBrowser as unknown as { action: Record<string, unknown> };
  b.action.setBadgeText = vi.fn();
  b.action.setBadgeBackgroundColor = vi.fn();
  vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation(() => undefined);
  background.main();
}

/** A message as a content script in a tab on `url` sends it. */
function fromTab(message: Record<string, unknown>, url = AO3_PAGE, incognito = false) {
  return fakeBrowser.runtime.onMessage
    .trigger(message, { id: fakeBrowser.runtime.id, url, tab: { id: 7, url, incognito } as Tab, frameId: 0 })
    .then((replies: unknown[]) => replies.find((r) => !!r));
}
const fromPopup = (message: Record<string, unknown>) => fakeBrowser.runtime.sendMessage(message);

describe('who sent a message', () => {
  it('tells extension pages, content scripts and strangers apart (Chrome and Firefox)', () => {
    expect(classifySender({ id: 'abc', url: 'chrome-extension://abc/popup.html', origin: 'chrome-extension://abc' }, SELF)).toEqual({ kind: 'extension' });
    // The library page open in a tab is still an extension page.
    expect(classifySender({ id: 'abc', url: 'chrome-extension://abc/library.html', tab: { id: 3 } }, SELF)).toEqual({ kind: 'extension' });
    const moz = { id: 'calm@x', baseUrl: 'moz-extension://1234-5678/' };
    expect(classifySender({ id: 'calm@x', url: 'moz-extension://1234-5678/popup.html' }, moz)).toEqual({ kind: 'extension' });
    expect(classifySender({ id: 'abc', url: AO3_PAGE, tab: { id: 1, incognito: true } }, SELF)).toEqual({ kind: 'content', url: AO3_PAGE, incognito: true });
    expect(classifySender({ id: 'other', url: 'chrome-extension://other/x.html' }, SELF).kind).toBe('other');
    expect(classifySender({ id: 'abc', url: 'chrome-extension://evil/x.html' }, SELF).kind).toBe('other');
    expect(classifySender({ id: 'abc', url: 'chrome-extension://abc/x.html', origin: 'https://evil.example' }, SELF).kind).toBe('other');
    expect(classifySender({ id: 'abc' }, SELF).kind).toBe('other');
    expect(classifySender({}, SELF).kind).toBe('other');
    expect(classifySender(undefined, SELF).kind).toBe('other');
    // A tab whose page is not a web page (file:, data:) is no content script of ours.
    expect(classifySender({ id: 'abc', url: 'file:///x.html', tab: { id: 1 } }, SELF).kind).toBe('other');
  });

  it('lets a content script speak only for stories of its own site, at that site\'s addresses', () => {
    const v = visit();
    expect(contentScriptRefusal('chapter/visited', { chapter: v }, AO3_PAGE)).toBeNull();
    expect(contentScriptRefusal('chapter/visited', { chapter: v }, 'https://www.fanfiction.net/s/1/1/')).toMatch(/not of this page's site/);
    expect(contentScriptRefusal('chapter/visited', { chapter: visit({ storyUrl: 'file:///etc/passwd' }) }, AO3_PAGE)).toMatch(/addresses/);
    expect(contentScriptRefusal('chapter/visited', { chapter: visit({ url: 'https://evil.example/works/123' }) }, AO3_PAGE)).toMatch(/addresses/);
    expect(
      contentScriptRefusal('chapter/visited', { chapter: visit({ toc: [{ id: '1', title: null, url: 'javascript:alert(1)' }] }) }, AO3_PAGE),
    ).toMatch(/table of contents/);
    expect(contentScriptRefusal('notes/correct', { storyKey: 'ao3:123' }, AO3_PAGE)).toBeNull();
    expect(contentScriptRefusal('notes/correct', { storyKey: 'ffnet:9' }, AO3_PAGE)).toMatch(/not of this page's site/);
    expect(contentScriptRefusal('position/save', { storyKey: 'ffnet:9' }, AO3_PAGE)).toMatch(/not of this page's site/);
    // The generic reader: pages of one host.
    expect(contentScriptRefusal('position/get', { storyKey: 'generic:example.org-1abc' }, 'https://example.org/a')).toBeNull();
    expect(contentScriptRefusal('position/get', { storyKey: 'generic:example.org-1abc' }, 'https://evil.example/a')).not.toBeNull();
    // Follow from the reader view: the page's own story only.
    expect(contentScriptRefusal('story/follow', { storyKey: 'ao3:123', followed: true }, AO3_PAGE)).toBeNull();
    expect(contentScriptRefusal('story/follow', { storyKey: 'ffnet:9', followed: true }, AO3_PAGE)).toMatch(/not of this page's site/);
    for (const t of ['backup/import', 'backup/export', 'backup/preview', 'story/delete', 'story/get', 'sync/set-enabled', 'updates/settings', 'library/list'] as const)
      expect(contentScriptRefusal(t, { storyKey: 'ao3:123' }, AO3_PAGE)).toMatch(/not for web pages/);
  });
});

describe('background worker: senders', () => {
  it('refuses backup, delete, sync and settings requests from a web page, and answers them from the popup', async () => {
    start();
    await fromPopup({ type: 'chapter/visited', chapter: visit() });
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await expect(fromTab({ type: 'backup/export' })).rejects.toThrow(/not for web pages/);
    await expect(fromTab({ type: 'backup/import', json: '{}', mode: 'replace' })).rejects.toThrow(/refused/);
    await expect(fromTab({ type: 'story/delete', storyKey: 'ao3:123' })).rejects.toThrow(/refused/);
    await expect(fromTab({ type: 'sync/set-enabled', enabled: false })).rejects.toThrow(/refused/);
    await expect(fromTab({ type: 'updates/settings', patch: { intervalMinutes: 1 } })).rejects.toThrow(/refused/);
    await expect(fromTab({ type: 'library/list' })).rejects.toThrow(/refused/);
    // Another extension, or a sender without a page.
    await expect(fakeBrowser.runtime.onMessage.trigger({ type: 'story/delete', storyKey: 'ao3:123' }, { id: 'other' })).rejects.toThrow(/refused/);
    await expect(fakeBrowser.runtime.onMessage.trigger({ type: 'story/delete', storyKey: 'ao3:123' }, {})).rejects.toThrow(/refused/);
    expect(errors).toHaveBeenCalled();
    // Nothing was deleted; the popup itself may.
    const list = (await fromPopup({ type: 'library/list' })) as { stories: Array<{ key: string }> };
    expect(list.stories.map((s) => s.key)).toEqual(['ao3:123']);
    expect(await fromPopup({ type: 'story/delete', storyKey: 'ao3:123' })).toEqual({ ok: true });
  });

  it('records a content script’s visit, position and correction for its own story only', async () => {
    start();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(await fromTab({ type: 'chapter/visited', chapter: visit() })).toMatchObject({ story: { key: 'ao3:123' } });
    const position = { blockIndex: 1, offsetRatio: 0.5, updatedAt: Date.now() };
    expect(await fromTab({ type: 'position/save', storyKey: 'ao3:123', chapterId: 'c1', position })).toEqual({ ok: true });
    expect(await fromTab({ type: 'notes/correct', storyKey: 'ao3:123', text: 'Disclaimer', label: 'note' })).toMatchObject({
      memory: { corrections: expect.any(Object) },
    });
    // A page of another site cannot write into this story.
    const ffnet = 'https://www.fanfiction.net/s/9/1/';
    await expect(fromTab({ type: 'position/save', storyKey: 'ao3:123', chapterId: 'c1', position }, ffnet)).rejects.toThrow(/refused/);
    await expect(fromTab({ type: 'notes/correct', storyKey: 'ao3:123', text: 'x', label: 'story' }, ffnet)).rejects.toThrow(/refused/);
    await expect(fromTab({ type: 'chapter/visited', chapter: visit() }, ffnet)).rejects.toThrow(/refused/);
  });
});

describe('storage.sync for the extension only', () => {
  it('asks Chrome to keep storage.sync to trusted contexts when the browser offers it', async () => {
    const setAccessLevel = vi.fn(async () => undefined);
    (fakeBrowser.storage.sync as unknown as { setAccessLevel: unknown }).setAccessLevel = setAccessLevel;
    try {
      start();
      expect(setAccessLevel).toHaveBeenCalledWith({ accessLevel: 'TRUSTED_CONTEXTS' });
    } finally {
      delete (fakeBrowser.storage.sync as unknown as { setAccessLevel?: unknown }).setAccessLevel;
    }
  });

  it('starts where the call is refused (Firefox: session only)', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    (fakeBrowser.storage.sync as unknown as { setAccessLevel: unknown }).setAccessLevel = () => Promise.reject(new Error('unsupported'));
    try {
      start();
      expect(await fakeBrowser.runtime.sendMessage({ type: 'library/list' })).toHaveProperty('stories');
      await vi.waitFor(() => expect(log).toHaveBeenCalledWith('[calm-reader] storage access level not set', expect.any(Error)));
    } finally {
      delete (fakeBrowser.storage.sync as unknown as { setAccessLevel?: unknown }).setAccessLevel;
    }
  });
});

describe('private windows', () => {
  it('records nothing from a private tab, and still answers what the library already knows', async () => {
    start();
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const keys = async () => ((await fromPopup({ type: 'library/list' })) as { stories: Array<{ key: string }> }).stories.map((s) => s.key);
    const before = await keys();
    const secret = visit({ storyId: '555', storyUrl: 'https://archiveofourown.org/works/555', url: 'https://archiveofourown.org/works/555/chapters/c1' });
    const privatePage = 'https://archiveofourown.org/works/555/chapters/c1';
    expect(await fromTab({ type: 'chapter/visited', chapter: secret }, privatePage, true)).toEqual({ story: null, position: null });
    const position = { blockIndex: 4, offsetRatio: 0.2, updatedAt: Date.now() };
    expect(await fromTab({ type: 'position/save', storyKey: 'ao3:555', chapterId: 'c1', position }, privatePage, true)).toEqual({ ok: true });
    await fromTab({ type: 'notes/learn', storyKey: 'ao3:555', chapterId: 'c1', edges: ['a', 'b'] }, privatePage, true);
    await expect(fromTab({ type: 'notes/correct', storyKey: 'ao3:555', text: 'x', label: 'note' }, privatePage, true)).rejects.toThrow(/Private window/);
    expect(await keys()).toEqual(before);
    expect(await fromPopup({ type: 'story/get', storyKey: 'ao3:555' })).toMatchObject({ story: null, chapters: [] });
    expect(await fromPopup({ type: 'notes/memory', storyKey: 'ao3:555' })).toEqual({ memory: { noteFingerprints: [], corrections: {} } });

    // A story already in the library: a private visit reads its place, and changes nothing.
    const known = visit({ storyId: '556', storyUrl: 'https://archiveofourown.org/works/556', url: 'https://archiveofourown.org/works/556/chapters/c1' });
    await fromTab({ type: 'chapter/visited', chapter: known }, known.url);
    await fromTab({ type: 'position/save', storyKey: 'ao3:556', chapterId: 'c1', position }, known.url);
    const stored = (await fromPopup({ type: 'story/get', storyKey: 'ao3:556' })) as { story: { lastReadAt: number } };
    const reply = (await fromTab({ type: 'chapter/visited', chapter: { ...known, chapterId: 'c1' } }, known.url, true)) as {
      position: { blockIndex: number };
    };
    expect(reply.position).toMatchObject({ blockIndex: 4 });
    await fromTab({ type: 'position/save', storyKey: 'ao3:556', chapterId: 'c1', position: { ...position, blockIndex: 9, updatedAt: Date.now() + 10 } }, known.url, true);
    expect(await fromTab({ type: 'position/get', storyKey: 'ao3:556', chapterId: 'c1' }, known.url, true)).toMatchObject({ position: { blockIndex: 4 } });
    expect(await fromPopup({ type: 'story/get', storyKey: 'ao3:556' })).toMatchObject({ story: { lastReadAt: stored.story.lastReadAt } });
  });
});
