import { describe, expect, it, vi } from 'vitest';
import { createPopupApi, type BrowserLike } from '../../../lib/popup/api';
import { fakeStorage } from './fake-api';

function fakeBrowserLike(tabs: Array<{ id?: number }>) {
  const b = {
    tabs: {
      query: vi.fn(async () => tabs),
      sendMessage: vi.fn(async (_id: number, _m: unknown) => ({ ok: true })),
      create: vi.fn(async () => ({})),
      update: vi.fn(async () => ({})),
    },
    runtime: {
      sendMessage: vi.fn(async (_m: unknown) => ({ stories: [] })),
      getURL: (path: string) => `chrome-extension://abc${path}`,
    },
    storage: fakeStorage(),
  } satisfies BrowserLike;
  return b;
}

describe('createPopupApi', () => {
  it('finds the active tab and messages it in the protocol shape', async () => {
    const b = fakeBrowserLike([{ id: 42 }]);
    const api = createPopupApi(b, () => undefined);
    expect(await api.getActiveTabId()).toBe(42);
    expect(b.tabs.query).toHaveBeenCalledWith({ active: true, currentWindow: true });
    await api.sendToTab(42, 'tab/set-reader', { on: true });
    expect(b.tabs.sendMessage).toHaveBeenCalledWith(42, { type: 'tab/set-reader', on: true });
    await api.sendToBackground('story/follow', { storyKey: 'ao3:1', followed: true });
    expect(b.runtime.sendMessage).toHaveBeenCalledWith({ type: 'story/follow', storyKey: 'ao3:1', followed: true });
  });

  it('answers null without an active tab', async () => {
    expect(await createPopupApi(fakeBrowserLike([]), () => undefined).getActiveTabId()).toBeNull();
    expect(await createPopupApi(fakeBrowserLike([{}]), () => undefined).getActiveTabId()).toBeNull();
  });

  it('opens and navigates tabs', async () => {
    const b = fakeBrowserLike([{ id: 1 }]);
    const close = vi.fn();
    const api = createPopupApi(b, close);
    await api.openTab('https://a/');
    await api.navigateTab(1, 'https://b/');
    await api.openLibrary();
    api.close();
    expect(b.tabs.create).toHaveBeenCalledWith({ url: 'https://a/' });
    expect(b.tabs.update).toHaveBeenCalledWith(1, { url: 'https://b/' });
    expect(b.tabs.create).toHaveBeenCalledWith({ url: 'chrome-extension://abc/library.html' });
    expect(close).toHaveBeenCalled();
  });
});
