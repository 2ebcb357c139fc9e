/** A PopupApi over plain fakes: a tab with a scripted content script, a background, and in-memory storage. */
import { vi } from 'vitest';
import { act } from 'preact/test-utils';
import type { PopupApi } from '../../../lib/popup/api';
import type { StorageLike } from '../../../lib/settings/store';
import type { StoryRecord } from '../../../lib/library/types';
import type { TabStatus } from '../../../lib/protocol/messages';

type Listener = (changes: Record<string, { newValue?: unknown }>, area: string) => void;

export function fakeStorage(initial: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = { ...initial };
  const listeners = new Set<Listener>();
  const storage: StorageLike & { data: typeof data; listeners: typeof listeners } = {
    data,
    listeners,
    local: {
      get: vi.fn(async (keys: string | string[]) => {
        const out: Record<string, unknown> = {};
        for (const k of Array.isArray(keys) ? keys : [keys]) if (k in data) out[k] = structuredClone(data[k]);
        return out;
      }),
      set: vi.fn(async (items: Record<string, unknown>) => {
        const changes: Record<string, { newValue?: unknown }> = {};
        for (const [k, v] of Object.entries(items)) {
          data[k] = structuredClone(v);
          changes[k] = { newValue: structuredClone(v) };
        }
        for (const l of listeners) l(changes, 'local');
      }),
    },
    onChanged: {
      addListener: (cb: Listener) => void listeners.add(cb),
      removeListener: (cb: Listener) => void listeners.delete(cb),
    },
  };
  return storage;
}

export function story(over: Partial<StoryRecord> = {}): StoryRecord {
  return {
    key: 'ao3:1',
    site: 'ao3',
    storyId: '1',
    title: 'A Story',
    author: 'someone',
    summary: null,
    url: 'https://archiveofourown.org/works/1',
    chapterCount: 10,
    words: null,
    status: null,
    tags: [],
    followed: false,
    readingStatus: null,
    addedAt: 1,
    lastReadAt: 1,
    lastChapterId: '11',
    lastChapterIndex: 1,
    lastChapterUrl: 'https://archiveofourown.org/works/1/chapters/11',
    lastChapterTitle: null,
    ...over,
  };
}

export function chapterStatus(over: Partial<Extract<TabStatus, { state: 'reader' | 'off' }>> = {}): TabStatus {
  return {
    state: 'reader',
    site: 'ao3',
    storyKey: 'ao3:1',
    title: 'The Long Road Home',
    author: 'quietwriter',
    chapterIndex: 3,
    chapterCount: 10,
    chapterTitle: 'The Storm',
    notesShown: false,
    noteCount: 2,
    ...over,
  };
}

export interface FakeOptions {
  tabId?: number | null;
  /** What the tab answers; a function gets the message; 'reject' = no content script. */
  tab?: ((msg: { type: string; [k: string]: unknown }) => unknown) | 'reject';
  background?: (msg: { type: string; [k: string]: unknown }) => unknown;
  stories?: StoryRecord[];
  storage?: ReturnType<typeof fakeStorage>;
}

export function makeApi(opts: FakeOptions = {}) {
  const storage = opts.storage ?? fakeStorage();
  const tabCalls: Array<{ tabId: number; type: string; [k: string]: unknown }> = [];
  const bgCalls: Array<{ type: string; [k: string]: unknown }> = [];
  const api = {
    getActiveTabId: vi.fn(async () => (opts.tabId === undefined ? 7 : opts.tabId)),
    sendToTab: vi.fn(async (tabId: number, type: string, payload: object) => {
      const msg = { type, ...payload };
      tabCalls.push({ tabId, ...msg });
      if (!opts.tab || opts.tab === 'reject') throw new Error('Could not establish connection. Receiving end does not exist.');
      return opts.tab(msg);
    }),
    sendToBackground: vi.fn(async (type: string, payload: object) => {
      const msg = { type, ...payload };
      bgCalls.push(msg);
      if (opts.background) {
        const r = opts.background(msg);
        if (r !== undefined) return r;
      }
      if (type === 'library/list' || type === 'library/recent') return { stories: opts.stories ?? [] };
      if (type === 'story/get') return { story: null, chapters: [] };
      if (type === 'story/follow') return { story: null };
      throw new Error(`unexpected ${type}`);
    }),
    storage,
    openTab: vi.fn(async (_url: string) => undefined),
    navigateTab: vi.fn(async (_tabId: number, _url: string) => undefined),
    openLibrary: vi.fn(async () => undefined),
    openOptions: vi.fn(async () => undefined),
    close: vi.fn(),
  };
  return { api: api as unknown as PopupApi & typeof api, storage, tabCalls, bgCalls };
}

/** Let pending promises and effects settle. */
export async function flush(times = 5) {
  for (let i = 0; i < times; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}
