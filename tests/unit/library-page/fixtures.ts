/** Test doubles for the Library page: stories, a scripted background and in-memory storage. */
import { vi } from 'vitest';
import { act } from 'preact/test-utils';
import type { LibraryApi } from '../../../lib/library-page/api';
import type { BackgroundRequests } from '../../../lib/protocol/messages';
import type { StoryRecord } from '../../../lib/library/types';

export { manyStories, story } from './stories';
import type { StorageLike } from '../../../lib/settings/store';

type Listener = (changes: Record<string, { newValue?: unknown }>, area: string) => void;

export function fakeStorage(initial: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = { ...initial };
  const listeners = new Set<Listener>();
  const storage: StorageLike & { data: typeof data; emit(key: string, value: unknown): void } = {
    data,
    local: {
      get: async (keys: string | string[]) => {
        const out: Record<string, unknown> = {};
        for (const k of Array.isArray(keys) ? keys : [keys]) if (k in data) out[k] = structuredClone(data[k]);
        return out;
      },
      set: async (items: Record<string, unknown>) => {
        Object.assign(data, items);
      },
    },
    onChanged: {
      addListener: (cb: Listener) => void listeners.add(cb),
      removeListener: (cb: Listener) => void listeners.delete(cb),
    },
    emit(key, value) {
      data[key] = value;
      for (const l of listeners) l({ [key]: { newValue: value } }, 'local');
    },
  };
  return storage;
}

export type Handler<K extends keyof BackgroundRequests> = (
  req: BackgroundRequests[K]['req'],
) => BackgroundRequests[K]['res'] | Promise<BackgroundRequests[K]['res']>;

export type Handlers = { [K in keyof BackgroundRequests]?: Handler<K> };

const SITE_NAMES: Record<string, string> = {
  ao3: 'Archive of Our Own',
  ffnet: 'FanFiction.net',
  royalroad: 'Royal Road',
  spacebattles: 'SpaceBattles',
};

export const NOW = new Date(2025, 2, 10, 12, 0, 0).getTime();

export function makeApi(stories: StoryRecord[], handlers: Handlers = {}) {
  const calls: { type: string; req: unknown }[] = [];
  const opened: string[] = [];
  const downloads: { filename: string; text: string }[] = [];
  const storage = fakeStorage();
  let list = stories;
  const defaults: Handlers = {
    'library/list': () => ({ stories: list }),
    'updates/settings': (req) => ({ intervalMinutes: 360, notify: false, ...(req.patch ?? {}) }),
    'story/follow': (req) => {
      const s = list.find((x) => x.key === req.storyKey);
      return { story: s ? { ...s, followed: req.followed } : null };
    },
    'story/set-status': (req) => {
      const s = list.find((x) => x.key === req.storyKey);
      return { story: s ? { ...s, readingStatus: req.readingStatus } : null };
    },
    'story/delete': (req) => {
      list = list.filter((x) => x.key !== req.storyKey);
      return { ok: true };
    },
    'story/get': (req) => ({ story: list.find((x) => x.key === req.storyKey) ?? null, chapters: [] }),
    'updates/check-now': () => ({ checked: 1, newChapters: 0 }),
    'backup/export': () => ({ json: '{"version":1}', stories: list.length, chapters: 3 }),
  };
  const api: LibraryApi = {
    sendToBackground: vi.fn(async (type: keyof BackgroundRequests, req: unknown) => {
      calls.push({ type, req });
      const h = (handlers[type] ?? defaults[type]) as ((r: unknown) => unknown) | undefined;
      if (!h) throw new Error(`no handler for ${type}`);
      return h(req);
    }) as LibraryApi['sendToBackground'],
    storage,
    openTab: vi.fn(async (url: string) => {
      opened.push(url);
    }),
    download: vi.fn((filename: string, text: string) => {
      downloads.push({ filename, text });
    }),
    siteName: (id) => SITE_NAMES[id] ?? id,
    now: () => NOW,
  };
  return { api, calls, opened, downloads, storage, setList: (s: StoryRecord[]) => (list = s) };
}

/** Let pending promises and the renders they cause settle. */
export async function flush(times = 5) {
  for (let i = 0; i < times; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}
