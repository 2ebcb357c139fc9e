/** Popup state hooks. All browser access goes through the injected PopupApi. */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { PopupApi } from '../../lib/popup/api';
import type { TabStatus } from '../../lib/protocol/messages';
import { RECENT_LIMIT } from '../../lib/library/first-read';
import { normalizeSettings, type ReaderSettings, type Theme } from '../../lib/settings/settings';
import { loadSettings, saveSettings, watchSettings } from '../../lib/settings/store';
import { openGenericFailed, type TabError } from '../../lib/popup/format';
import { localOr } from '../../lib/library/local';
import { continueStories } from '../../lib/popup/format';
import type { PopupSnapshot, SnapshotStory } from '../../lib/popup/snapshot';

export type ChapterStatus = Exclude<TabStatus, { state: 'error' }>;

export type TabView =
  | { kind: 'loading' }
  /** No content script answers; tabId set when there is a tab the generic reader may try. */
  | { kind: 'unsupported'; tabId?: number }
  | { kind: 'error'; tabId: number; status: TabError }
  | { kind: 'chapter'; tabId: number; status: ChapterStatus };

/** How long to wait for a content script before calling the page unsupported. */
export const STATUS_TIMEOUT_MS = 3000;

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

function toView(tabId: number, status: TabStatus | null | undefined): TabView {
  if (!status || typeof status !== 'object') return { kind: 'unsupported', tabId };
  if (status.state === 'error') return { kind: 'error', tabId, status };
  return { kind: 'chapter', tabId, status };
}

/** The active tab as its content script describes it, with the two tab actions. */
export function useTabView(api: PopupApi) {
  const [view, setView] = useState<TabView>({ kind: 'loading' });
  const busy = useRef(false);

  const refresh = useCallback(async (tabId: number) => {
    try {
      const status = await withTimeout(api.sendToTab(tabId, 'tab/status', {}), STATUS_TIMEOUT_MS);
      setView(toView(tabId, status));
    } catch {
      // No content script answered: not a supported page (or the tab predates the extension).
      setView({ kind: 'unsupported', tabId });
    }
  }, [api]);

  useEffect(() => {
    let live = true;
    (async () => {
      let tabId: number | null = null;
      try {
        tabId = await api.getActiveTabId();
      } catch {
        tabId = null;
      }
      if (!live) return;
      if (tabId == null) setView({ kind: 'unsupported' });
      else await refresh(tabId);
    })();
    return () => {
      live = false;
    };
  }, [api, refresh]);

  /** Run a tab request; show the status it answers with, or ask again when it answers nothing useful. */
  const act = useCallback(
    async (tabId: number, send: () => Promise<TabStatus | null>) => {
      if (busy.current) return;
      busy.current = true;
      try {
        const next = await send();
        if (next && next.state !== 'error') setView({ kind: 'chapter', tabId, status: next });
        else await refresh(tabId);
      } catch {
        await refresh(tabId);
      } finally {
        busy.current = false;
      }
    },
    [refresh],
  );

  const setReader = useCallback(
    (on: boolean) => {
      if (view.kind !== 'chapter') return;
      const { tabId } = view;
      return act(tabId, () => api.sendToTab(tabId, 'tab/set-reader', { on }));
    },
    [api, view, act],
  );

  const toggleNotes = useCallback(() => {
    if (view.kind !== 'chapter') return;
    const { tabId } = view;
    return act(tabId, () => api.sendToTab(tabId, 'tab/toggle-notes', {}));
  }, [api, view, act]);

  const [generic, setGeneric] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });

  /** Ask the background to open this tab in the generic reader, then show what the tab says. */
  const openGeneric = useCallback(async () => {
    if (view.kind !== 'unsupported' || view.tabId == null || busy.current) return;
    const { tabId } = view;
    busy.current = true;
    setGeneric({ busy: true, error: null });
    try {
      const res = await api.sendToBackground('tab/open-generic', { tabId });
      if (res?.ok) {
        setGeneric({ busy: false, error: null });
        await refresh(tabId);
      } else {
        setGeneric({ busy: false, error: res?.error || openGenericFailed() });
      }
    } catch {
      setGeneric({ busy: false, error: openGenericFailed() });
    } finally {
      busy.current = false;
    }
  }, [api, view, refresh]);

  return { view, setReader, toggleNotes, openGeneric, generic };
}

/**
 * Settings from storage, following changes made elsewhere; `update` saves at once, in order.
 * While our own saves are in flight their echoes are ignored, so a dragged slider never jumps back.
 */
export function useSettings(api: PopupApi) {
  const [settings, setSettings] = useState<ReaderSettings | null>(null);
  const queue = useRef<Promise<unknown>>(Promise.resolve());
  const pending = useRef(0);
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    loadSettings(api.storage).then(
      (s) => live.current && setSettings((cur) => cur ?? s),
      () => live.current && setSettings((cur) => cur ?? normalizeSettings(undefined)),
    );
    const stop = watchSettings(api.storage, (s) => {
      if (live.current && pending.current === 0) setSettings(s);
    });
    return () => {
      live.current = false;
      stop();
    };
  }, [api]);

  const update = useCallback(
    (patch: Partial<ReaderSettings>) => {
      setSettings((cur) => (cur ? { ...cur, ...patch } : cur));
      pending.current++;
      // Saves run one after another so quick changes to different fields never overwrite each other.
      const next = queue.current.then(() => saveSettings(api.storage, patch));
      const done = next.then(
        (saved) => {
          if (--pending.current === 0 && live.current) setSettings(saved);
        },
        () => {
          pending.current--;
        },
      );
      queue.current = done;
      return next;
    },
    [api],
  );

  return { settings, update };
}

/** Whether the story is followed, read from and written to the library. */
export function useFollow(api: PopupApi, storyKey: string | null) {
  const [followed, setFollowed] = useState<boolean | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setFollowed(null);
    if (!storyKey) return;
    let live = true;
    api.sendToBackground('story/get', { storyKey }).then(
      (res) => live && setFollowed(Boolean(res?.story?.followed)),
      () => live && setFollowed(false),
    );
    return () => {
      live = false;
    };
  }, [api, storyKey]);

  const toggle = useCallback(async () => {
    if (!storyKey || busy || followed == null) return;
    const want = !followed;
    setBusy(true);
    setFollowed(want);
    try {
      const res = await api.sendToBackground('story/follow', { storyKey, followed: want });
      setFollowed(res?.story ? Boolean(res.story.followed) : want);
    } catch {
      setFollowed(!want);
    } finally {
      setBusy(false);
    }
  }, [api, storyKey, busy, followed]);

  return { followed, busy, toggle };
}

/**
 * `fromSnapshot`: the list as the popup last saw it (lib/popup/snapshot.ts), drawn in the first
 * frame while the library is read; replaced by the library's answer when it comes.
 */
export type RecentState =
  | { kind: 'loading' }
  | { kind: 'ready'; stories: SnapshotStory[]; fromSnapshot?: boolean }
  | { kind: 'failed' };

/**
 * The few stories the popup offers to continue (see 'library/recent'), not the whole library: read
 * by the popup itself when it can, so opening it never waits for the worker. Until that read is
 * back, the list as last seen (the snapshot); the read corrects it and the snapshot.
 */
export function useLibrary(api: PopupApi, limit = RECENT_LIMIT) {
  const [state, setState] = useState<RecentState>(() => {
    const seen = api.snapshot?.read();
    return seen ? { kind: 'ready', stories: seen, fromSnapshot: true } : { kind: 'loading' };
  });
  // A layout effect: the popup's read (started before the first render) is taken up at once, so the
  // list can be in the first frame instead of one frame after it.
  useLayoutEffect(() => {
    let live = true;
    const local = api.library;
    localOr(
      local && (() => local.forPopup(limit)),
      async () => (await api.sendToBackground('library/recent', { limit }))?.stories,
    ).then(
      (stories) => {
        const list = Array.isArray(stories) ? stories : [];
        api.snapshot?.write(continueStories(list, limit));
        if (live) setState({ kind: 'ready', stories: list });
      },
      () => live && setState({ kind: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, [api, limit]);
  return state;
}

/**
 * Mirror the theme setting on <html data-theme>; 'system' is resolved by CSS (prefers-color-scheme).
 * Kept in `snapshot` for the next popup's first frame, drawn before the settings are read.
 */
export function useDocumentTheme(theme: Theme | undefined, root: HTMLElement = document.documentElement, snapshot?: Pick<PopupSnapshot, 'writeTheme'>) {
  useEffect(() => {
    if (!theme) return;
    root.dataset.theme = theme;
    snapshot?.writeTheme(theme);
  }, [theme, root, snapshot]);
}
