/** Library page state hooks. All browser access goes through the injected LibraryApi. */
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { LibraryApi } from '../../lib/library-page/api';
import type { StoryRecord } from '../../lib/library/types';
import { loadSettings, watchSettings } from '../../lib/settings/store';
import { localOr } from '../../lib/library/local';
import { FIRST_SCREEN, RECENT_LIMIT } from '../../lib/library/first-read';
import { continueStories } from '../../lib/popup/format';

export type LibraryState =
  | { kind: 'loading' }
  | { kind: 'failed'; message: string }
  /** `partial`: only the most recently read stories so far; the whole library is on its way. */
  | { kind: 'ready'; stories: StoryRecord[]; partial?: boolean };

/** The whole library (read by the page, else from the background), with local patches after actions and a reload. */
export function useLibrary(api: LibraryApi) {
  const [state, setState] = useState<LibraryState>({ kind: 'loading' });
  const live = useRef(true);
  const seq = useRef(0);
  const loaded = useRef(false);

  const reload = useCallback(async () => {
    const mine = ++seq.current;
    // Opening the page: the most recently read stories first (a cheap indexed read), so a large
    // library shows its first screen at once while the whole list is read.
    // Asked one after the other: the database serves reads in order, and the long read of the
    // whole library would otherwise hold up the short one.
    // Read by the page itself when it can (never waiting for a sleeping or busy worker).
    const local = api.library;
    if (!loaded.current) {
      try {
        const first = await localOr(
          local && (() => local.recent(FIRST_SCREEN)),
          async () => (await api.sendToBackground('library/recent', { limit: FIRST_SCREEN, news: false }))?.stories,
        );
        if (live.current && mine === seq.current && !loaded.current && Array.isArray(first) && first.length)
          setState({ kind: 'ready', stories: first, partial: true });
      } catch {
        // The whole list below decides.
      }
    }
    try {
      const stories = await localOr(local && (() => local.all()), async () => (await api.sendToBackground('library/list', {}))?.stories);
      if (!live.current || mine !== seq.current) return;
      loaded.current = true;
      setState({ kind: 'ready', stories: Array.isArray(stories) ? stories : [] });
    } catch (e) {
      if (!live.current || mine !== seq.current) return;
      setState((cur) =>
        cur.kind === 'ready' ? cur : { kind: 'failed', message: e instanceof Error ? e.message : String(e) },
      );
    }
  }, [api]);

  // A layout effect: the read is taken up before the first paint, so a library that answers at once
  // is in the first frame (an effect would wait for that frame, then show "Loading" for one more).
  useLayoutEffect(() => {
    live.current = true;
    void reload();
    // Coming back to the page after reading elsewhere: show the new positions.
    const onVisible = () => {
      if (document.visibilityState === 'visible') void reload();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      live.current = false;
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [reload]);

  const replaceStory = useCallback((story: StoryRecord) => {
    setState((cur) =>
      cur.kind === 'ready' ? { kind: 'ready', stories: cur.stories.map((s) => (s.key === story.key ? story : s)) } : cur,
    );
  }, []);

  const removeStory = useCallback((key: string) => {
    setState((cur) => (cur.kind === 'ready' ? { kind: 'ready', stories: cur.stories.filter((s) => s.key !== key) } : cur));
  }, []);

  return { state, reload, replaceStory, removeStory };
}

/**
 * The popup's "Continue reading" as this page's whole list has it (lib/popup/snapshot.ts): after a
 * change made here (a story removed, a status set, a backup imported) the popup's first frame is right.
 */
export function usePopupSnapshot(api: LibraryApi, state: LibraryState) {
  useEffect(() => {
    if (api.popupSnapshot && state.kind === 'ready' && !state.partial) api.popupSnapshot.write(continueStories(state.stories, RECENT_LIMIT));
  }, [api, state]);
}

/** Follow the reader's theme setting on <html data-theme>; 'system' is resolved in CSS. */
export function useReaderTheme(api: LibraryApi, root: HTMLElement = document.documentElement) {
  useEffect(() => {
    let live = true;
    loadSettings(api.storage).then(
      (s) => {
        if (live) root.dataset.theme = s.theme;
      },
      () => undefined,
    );
    const stop = watchSettings(api.storage, (s) => {
      root.dataset.theme = s.theme;
    });
    return () => {
      live = false;
      stop();
    };
  }, [api, root]);
}

const NARROW_QUERY = '(max-width: 640px)';

/**
 * Row heights (px) matching library.css at the browser's default text size (16 px): rows wrap onto
 * more lines on narrow screens. A larger text size (the browser's font size setting) scales them.
 */
export const ROW_HEIGHT = { wide: 118, narrow: 212 } as const;

/** The browser's text size over its 16 px default (never below 1): the page's text is in rem. */
export function textScale(root: Element | null = typeof document !== 'undefined' ? document.documentElement : null): number {
  if (!root || typeof getComputedStyle !== 'function') return 1;
  const px = parseFloat(getComputedStyle(root).fontSize);
  return Number.isFinite(px) && px > 16 ? px / 16 : 1;
}

const narrowQuery = () => (typeof window !== 'undefined' && window.matchMedia ? window.matchMedia(NARROW_QUERY) : null);

export function useRowHeight(): number {
  const [narrow, setNarrow] = useState(() => Boolean(narrowQuery()?.matches));
  useEffect(() => {
    const mql = narrowQuery();
    if (!mql) return;
    const on = () => setNarrow(mql.matches);
    on();
    mql.addEventListener?.('change', on);
    return () => mql.removeEventListener?.('change', on);
  }, []);
  const [scale] = useState(() => textScale());
  return Math.ceil((narrow ? ROW_HEIGHT.narrow : ROW_HEIGHT.wide) * scale);
}
