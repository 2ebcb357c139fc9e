/**
 * The content script's flow, with every browser dependency passed in so it runs in tests:
 * load settings -> extract -> (error: leave the page as it is, maybe a quiet notice)
 * | (chapter: report the visit, mount the reader, answer tab messages, follow settings).
 */
import { ReaderController } from '../../components/reader/controller';
import { LAYOUT_NOTICE, showNotice } from '../../components/reader/notice-host';
import { extractChapter } from '../extract';
import { storyKey } from '../library/types';
import {
  dispatch,
  sendToBackground,
  type ChapterVisit,
  type Handlers,
  type RuntimeLike,
  type TabRequests,
  type TabStatus,
} from '../messages';
import { DEFAULT_SETTINGS, type ReaderSettings } from '../settings';
import { loadSettings, saveSettings, watchSettings, type StorageLike } from '../settings-store';
import { isExtractError, type Chapter, type ExtractError } from '../sites/types';
import type { Timers } from './position';

export interface SessionDeps {
  doc: Document;
  win: Window;
  url: string;
  storage: StorageLike;
  runtime: RuntimeLike;
  navigate(url: string): void;
  /** Override extraction (tests). */
  extract?(doc: Document, url: string): Chapter | ExtractError;
  timers?: Timers;
  afterPaint?(fn: () => void): void;
  /** How long to wait for the saved position before tracking starts anyway. */
  visitTimeoutMs?: number;
}

export interface Session {
  controller: ReaderController | null;
  error: ExtractError | null;
  handlers: Handlers<TabRequests>;
  /** Answer one tab message (browser.runtime.onMessage). */
  onMessage(message: unknown): Promise<unknown> | undefined;
  /** Resolves once the saved position was applied (or given up on). */
  visited: Promise<void>;
  destroy(): void;
}

export function chapterVisit(c: Chapter): ChapterVisit {
  return {
    site: c.site,
    storyId: c.storyId,
    title: c.title,
    author: c.author,
    summary: c.summary,
    storyUrl: c.storyUrl,
    chapterCount: c.chapterCount,
    words: c.words,
    status: c.status,
    tags: c.tags,
    chapterId: c.chapterId,
    chapterIndex: c.chapterIndex,
    chapterTitle: c.chapterTitle,
    url: c.url,
  };
}

export async function startSession(deps: SessionDeps): Promise<Session> {
  const { doc, win, storage, runtime } = deps;

  let settings: ReaderSettings;
  try {
    settings = await loadSettings(storage);
  } catch (e) {
    console.warn('Calm Reader: could not load settings, using defaults', e);
    settings = DEFAULT_SETTINGS;
  }

  let result: Chapter | ExtractError;
  try {
    result = (deps.extract ?? ((d, u) => extractChapter(d, u)))(doc, deps.url);
  } catch (e) {
    result = {
      error: `Calm Reader could not read this page (${e instanceof Error ? e.message : String(e)}).`,
      site: 'none',
      kind: 'layout-changed',
    };
  }

  if (isExtractError(result)) return errorSession(deps, result);

  const chapter = result;
  const controller = new ReaderController({
    doc,
    win,
    chapter,
    settings,
    saveSettings: (patch) => saveSettings(storage, patch),
    savePosition: (position) =>
      sendToBackground(runtime, 'position/save', {
        storyKey: storyKey(chapter.site, chapter.storyId),
        chapterId: chapter.chapterId,
        position,
      }),
    navigate: deps.navigate,
    timers: deps.timers,
    afterPaint: deps.afterPaint,
  });
  if (settings.enabled) controller.show();

  const unwatch = watchSettings(storage, (s) => controller.applySettings(s));

  const visited = (async () => {
    let position = null;
    try {
      const res = await withTimeout(
        sendToBackground(runtime, 'chapter/visited', { chapter: chapterVisit(chapter) }),
        deps.visitTimeoutMs ?? 4000,
        deps.timers,
      );
      position = res?.position ?? null;
    } catch (e) {
      console.warn('Calm Reader: the library is unavailable; reading without it.', e);
    }
    controller.setSavedPosition(position);
  })();

  const handlers: Handlers<TabRequests> = {
    'tab/status': () => controller.status(),
    'tab/set-reader': (msg) => {
      controller.setReader(msg.on);
      return controller.status();
    },
    'tab/toggle-notes': () => {
      controller.toggleNotes();
      return controller.status();
    },
    'tab/navigate': (msg) => ({ ok: controller.navigate(msg.dir) }),
  };

  return {
    controller,
    error: null,
    handlers,
    onMessage: (m) => dispatch(handlers, m),
    visited,
    destroy() {
      unwatch();
      controller.destroy();
    },
  };
}

function errorSession(deps: SessionDeps, error: ExtractError): Session {
  const status: TabStatus = {
    state: 'error',
    site: error.site,
    message: error.error,
    kind: error.kind,
    ...(error.continueUrl ? { continueUrl: error.continueUrl } : {}),
  };
  let notice: { dismiss(): void } | null = null;
  if (error.kind === 'layout-changed') {
    console.warn(
      `Calm Reader: ${error.error}` +
        (error.field ? ` Missing field: ${error.field}.` : '') +
        (error.selector ? ` Selector tried: ${error.selector}.` : ''),
    );
    try {
      notice = showNotice(deps.doc, LAYOUT_NOTICE, { timers: deps.timers });
    } catch (e) {
      console.warn('Calm Reader: could not show the notice', e);
    }
  }
  const handlers: Handlers<TabRequests> = {
    'tab/status': () => status,
    'tab/set-reader': () => status,
    'tab/toggle-notes': () => status,
    'tab/navigate': () => ({ ok: false }),
  };
  return {
    controller: null,
    error,
    handlers,
    onMessage: (m) => dispatch(handlers, m),
    visited: Promise.resolve(),
    destroy() {
      notice?.dismiss();
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, timers?: Timers): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const set = timers ? timers.setTimeout.bind(timers) : (fn: () => void, t: number) => setTimeout(fn, t);
    const clear = timers ? timers.clearTimeout.bind(timers) : (id: unknown) => clearTimeout(id as number);
    const id = set(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clear(id);
        resolve(v);
      },
      (e) => {
        clear(id);
        reject(e);
      },
    );
  });
}
