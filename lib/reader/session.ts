/**
 * The content script's flow, with every browser dependency passed in so it runs in tests:
 * load settings -> extract -> (error: leave the page as it is, maybe a quiet notice)
 * | (chapter: report the visit, mount the reader, answer tab messages, follow settings).
 */
import { ReaderController } from './controller';
import { layoutNotice, showNotice } from './notice';
import type { ReaderUi } from './view';
import { NOTICE_KINDS, refusalText } from '../chapter/refusal-text';
import { isValidPosition, storyKey, type Position } from '../library/types';
import { withCorrection } from '../notes/fingerprint';
import { isDetectAnswer, isNoteMemory as isMemory, type DetectAnswer } from '../notes/remote';
import type { StoryNoteMemory } from '../notes/types';
import {
  dispatch,
  sendToBackground,
  type ChapterVisit,
  type Handlers,
  type RuntimeLike,
  type TabRequests,
  type TabStatus,
} from '../protocol/messages';
import { readPage } from '../chapter/read-chapter';
import { nativeSanitizer } from '../chapter/sanitize-native';
import type { BlockSanitizer } from '../chapter/sanitize-policy';
import { DEFAULT_SETTINGS, type ReaderSettings } from '../settings/settings';
import { loadSettings, saveSettings, watchSettings, type StorageLike } from '../settings/store';
import { isExtractError, type Chapter, type ExtractError, type SiteAdapter } from '../sites/types';
import { applyDetection, detectBlocks, undetected, withLabel, type CorrectionLabel } from './corrections';
import { t } from '../i18n';
import type { Timers } from './position';
import { storyState } from './story-state';
import { loadSpeed, saveSpeed as storeSpeed } from './reading-time';

export interface SessionDeps {
  /** The views (components/reader/ui.tsx), joined by the entrypoint: lib never imports them. */
  ui: ReaderUi;
  doc: Document;
  win: Window;
  url: string;
  storage: StorageLike;
  runtime: RuntimeLike;
  navigate(url: string): void;
  /**
   * The adapter that reads this page: the content script's own site (findAdapter over the sites it
   * serves) or the generic extractor; null when none claims the URL (the page is left alone).
   */
  adapter: SiteAdapter | null;
  /** Override extraction (tests). */
  extract?(doc: Document, url: string, memory?: StoryNoteMemory): Chapter | ExtractError;
  /** How story HTML is sanitised; default the browser's own Sanitizer (lib/chapter/sanitize-native.ts). */
  sanitize?: BlockSanitizer;
  /**
   * Told when reading the page ('read': adapter + sanitiser) and the notes detector ('detect': the
   * worker's round trip, from sending the blocks to the decisions applied) start and end (the bench's marks).
   */
  onPhase?(name: 'read' | 'detect', edge: 'start' | 'end'): void;
  /** Told the worker's own time for detecting this page's notes, in ms (the bench). */
  onWorkerDetect?(ms: number): void;
  timers?: Timers;
  afterPaint?(fn: () => void): void;
  /** How long to wait for the saved position before tracking starts anyway. */
  visitTimeoutMs?: number;
  /** How long the first render waits for a prefetched position still on its way (then it comes later). */
  positionWaitMs?: number;
  /** How long to wait for the story's notes memory before reading the page without it. */
  memoryTimeoutMs?: number;
  /**
   * How long the first frame waits for the worker's notes detector (then the view opens with the
   * notes shown in place, and a later answer is applied if the reader has not moved yet).
   */
  detectTimeoutMs?: number;
  /** The story's notes memory, already asked for (prefetchMemory, started before the page was parsed). */
  memory?: Promise<StoryNoteMemory | null>;
  /**
   * The saved position of the chapter the URL names, already asked for (prefetchPosition). Used
   * when the page turns out to be that chapter: the view opens at it without waiting for the visit.
   */
  position?: PrefetchedPosition | null;
  /** The settings, already being loaded (the content script reads them at document_start). */
  settings?: Promise<ReaderSettings>;
  /**
   * A private (incognito) tab: the view works, but its settings changes apply to this page only
   * (not saved, so not synced); the library records nothing from it either (the worker checks).
   */
  privateWindow?: boolean;
  /** Which input events are the reader's own (ReaderControllerOptions.isTrustedInput); default isTrusted. */
  isTrustedInput?(event: Event | undefined): boolean;
}

export interface PrefetchedPosition {
  storyKey: string;
  chapterId: string;
  position: Promise<Position | null>;
}

export interface Session {
  controller: ReaderController | null;
  error: ExtractError | null;
  handlers: Handlers<TabRequests>;
  /** Answer one tab message (browser.runtime.onMessage). */
  onMessage(message: unknown): Promise<unknown> | undefined;
  /** Resolves once the saved position was applied (or given up on). */
  visited: Promise<void>;
  /** Resolves once this chapter's edges were sent to the library to learn from (or that failed). */
  learned: Promise<void>;
  /** The story's notes memory as this tab knows it. */
  memory(): StoryNoteMemory;
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
    ...(c.toc && c.toc.length ? { toc: c.toc.map(({ id, title, url }) => ({ id, title, url })) } : {}),
    ...(c.siteUpdatedAt != null ? { siteUpdatedAt: c.siteUpdatedAt } : {}),
  };
}

export async function startSession(deps: SessionDeps): Promise<Session> {
  const { doc, win, storage, runtime } = deps;

  const { adapter } = deps;
  // What the library remembers of this story's notes (learned fingerprints, the reader's
  // corrections). The view never waits long for it: without it the detector works alone.
  const guessedKey = storyKeyFromUrl(adapter, deps.url);
  const emptyMemory: StoryNoteMemory = { noteFingerprints: [], corrections: {} };
  // Both were normally asked for while the page loaded (and the page is read meanwhile).
  const settingsP = (deps.settings ?? loadSettings(storage)).catch((e: unknown) => {
    console.warn('Calm Reader: could not load settings, using defaults', e);
    return DEFAULT_SETTINGS;
  });
  const memoryP = deps.memory
    ? deps.memory.catch(() => null)
    : guessedKey
      ? fetchMemory(runtime, guessedKey, deps)
      : Promise.resolve(null);
  const failed = (e: unknown): ExtractError => ({
    error: `Calm Reader could not read this page (${e instanceof Error ? e.message : String(e)}).`,
    site: 'none',
    kind: 'layout-changed',
  });
  const phase = <T>(name: 'read' | 'detect', fn: () => T): T => {
    deps.onPhase?.(name, 'start');
    try {
      return fn();
    } finally {
      deps.onPhase?.(name, 'end');
    }
  };

  /** The saved position asked for as soon as the page named its chapter (positionOf). */
  let askedPosition: { storyKey: string; chapterId: string; position: Promise<Position | null> } | null = null;
  const positionOf = (c: Chapter): Promise<Position | null> => {
    const k = storyKey(c.site, c.storyId);
    const pre = deps.position ?? askedPosition;
    return pre && pre.storyKey === k && pre.chapterId === c.chapterId ? pre.position : savedPosition(runtime, k, c.chapterId);
  };

  let result: Chapter | ExtractError;
  let settings: ReaderSettings;
  let memory: StoryNoteMemory | null = null;
  // The worker's notes detector: asked once the page is read, awaited briefly for the first frame.
  let detection: Promise<DetectAnswer> | null = null;
  let answer: DetectAnswer | undefined;
  /** Ends the wait for a late detector answer (lateDetection), if there is one. */
  let endLate = (): void => undefined;
  if (deps.extract) {
    [settings, memory] = await Promise.all([settingsP, memoryP]);
    try {
      result = deps.extract(doc, deps.url, memory ?? undefined);
    } catch (e) {
      result = failed(e);
    }
  } else {
    // The adapter reads the page while the library answers; the worker's detector then decides
    // which body blocks are notes (the content script carries no detector: lib/background/notes-detect.ts).
    let page: Chapter | ExtractError;
    try {
      page = phase('read', () => readPage(adapter, doc, deps.url, deps.sanitize ?? nativeSanitizer(doc)));
    } catch (e) {
      page = failed(e);
    }
    if (!isExtractError(page)) {
      // An address that names no chapter (a one-shot, a work's own) had no position asked for at
      // document_start: asked now that the page named it, answered while the notes are decided.
      const position = positionOf(page);
      position.catch(() => undefined);
      askedPosition = { storyKey: storyKey(page.site, page.storyId), chapterId: page.chapterId, position };
    }
    if (!isExtractError(page) && page.blocks.some((b) => b.source === 'body')) {
      deps.onPhase?.('detect', 'start');
      detection = detectRemote(runtime, storyKey(page.site, page.storyId), page);
      const detected = answerWithin(detection, deps.detectTimeoutMs ?? 800, deps.timers);
      [settings, answer] = await Promise.all([settingsP, detected]);
      if (answer) page = applyDetection(page, answer);
      deps.onPhase?.('detect', 'end');
      if (answer) deps.onWorkerDetect?.(answer.took);
    } else settings = await settingsP;
    result = page;
  }

  if (isExtractError(result)) return errorSession(deps, result, settings.enabled);

  let chapter = result;
  const key = storyKey(chapter.site, chapter.storyId);
  if (deps.extract && key !== guessedKey) {
    // The URL did not name the story the page turned out to be: use that story's memory.
    memory = await fetchMemory(runtime, key, deps);
    if (memory && hasMemory(memory)) {
      const again = await answerWithin(detectRemote(runtime, key, undetected(chapter), memory, true), deps.detectTimeoutMs ?? 800, deps.timers);
      if (again) chapter = applyDetection(undetected(chapter), again);
    }
  }
  let current: StoryNoteMemory = answer?.memory ?? memory ?? emptyMemory;
  /** True once a detector answer (or a correction) decided this page's notes. */
  let decided = !!answer || !!deps.extract;
  let destroyed = false;
  // No answer from the worker: the memory asked for at document_start stands in for corrections.
  if (!decided) void memoryP.then((m) => m && !decided && (current = m));

  /** The newest re-detection asked for: an older answer arriving later is dropped. */
  let asked = 0;
  /** Detect again with a new memory (a correction, another tab's change): the reading place stays. */
  const applyMemory = async (next: StoryNoteMemory): Promise<void> => {
    current = next;
    decided = true;
    const mine = ++asked;
    const base = undetected(controller.chapter);
    try {
      const again = await withTimeout(detectRemote(runtime, key, base, next, true), deps.detectTimeoutMs ?? 4000, deps.timers);
      if (mine === asked) controller.setChapter(applyDetection(base, again));
    } catch (e) {
      console.warn('Calm Reader: the notes could not be checked again; the correction applies to the blocks marked only.', e);
    }
  };

  /** The reader corrected the detector: show it at once, then tell the library, then detect again. */
  const correct = async (texts: string[], label: CorrectionLabel) => {
    let local = current;
    for (const text of texts) local = withCorrection(local, text, label);
    current = local;
    controller.setChapter(withLabel(controller.chapter, texts, label));
    let saved: StoryNoteMemory | null = null;
    try {
      for (const text of texts) {
        const res = await sendToBackground(runtime, 'notes/correct', { storyKey: key, text, label });
        if (isMemory(res?.memory)) saved = res.memory;
      }
    } catch (e) {
      console.warn('Calm Reader: the library is unavailable; the correction applies to this page only.', e);
    }
    // The library's memory also holds what other tabs learned meanwhile.
    await applyMemory(saved ?? local);
  };

  // The one asked for at document_start or once the page was read, else asked now. A read, answered
  // before the visit's write (which the reveal used to wait for).
  const early = positionOf(chapter);
  // Normally back by the time the page was read (its answer may still wait in the task queue behind
  // the reading): waited for briefly, the first render is then already at the saved place.
  const settled = early ? await answerWithin(early, deps.positionWaitMs ?? 150, deps.timers) : undefined;

  const controller = new ReaderController({
    ui: deps.ui,
    doc,
    win,
    chapter,
    settings,
    saveSettings: deps.privateWindow ? () => undefined : (patch) => saveSettings(storage, patch),
    ...(deps.isTrustedInput ? { isTrustedInput: deps.isTrustedInput } : {}),
    savePosition: (position) =>
      sendToBackground(runtime, 'position/save', {
        storyKey: storyKey(chapter.site, chapter.storyId),
        chapterId: chapter.chapterId,
        position,
      }),
    navigate: deps.navigate,
    correct: (texts, label) => void correct(texts, label),
    saveSpeed: (speed) => void storeSpeed(storage, speed).catch(() => undefined),
    // A web page read on request has no chapters to check for: no Follow there.
    ...(chapter.site === 'generic'
      ? {}
      : { follow: async (on: boolean) => (await sendToBackground(runtime, 'story/follow', { storyKey: key, followed: on }))?.story?.followed ?? null }),
    timers: deps.timers,
    afterPaint: deps.afterPaint,
  });
  if (settled !== undefined) controller.setSavedPosition(settled);
  void loadSpeed(storage).then((sp) => controller.setSpeed(sp), () => undefined);
  if (settings.enabled) controller.show();
  if (detection && !answer) lateDetection(detection);

  const unwatch = watchSettings(storage, (s) => controller.applySettings(s));

  // Record the visit; its answer carries the saved position, needed only when none was prefetched.
  const visit = sendToBackground(runtime, 'chapter/visited', { chapter: chapterVisit(chapter) });
  visit.catch((e: unknown) => console.warn('Calm Reader: the library is unavailable; reading without it.', e));
  // The visit's answer: the chapter list, the chapters read and the follow state.
  visit
    .then((res) => {
      if (!res?.story || typeof res.story !== 'object') return;
      const read = Array.isArray(res.read) ? res.read.filter((id): id is string => typeof id === 'string') : [];
      controller.setStory(storyState(controller.chapter, res.story, read.map((chapterId) => ({ chapterId }))));
    })
    .catch(() => undefined);
  const visited = (async () => {
    if (settled !== undefined) return;
    let position: Position | null = null;
    const wait = deps.visitTimeoutMs ?? 4000;
    try {
      position = early
        ? await withTimeout(early.catch(async () => (await visit)?.position ?? null), wait, deps.timers)
        : ((await withTimeout(visit, wait, deps.timers))?.position ?? null);
    } catch {
      // No answer in time: the view tracks from where it is (warned about above when the visit failed).
    }
    controller.setSavedPosition(position);
  })();

  // Learn from this chapter's edges: a block that recurs there across chapters is a note.
  const learned = (async () => {
    // After the first frame: nothing of it shows now, and its fingerprints cost a few ms.
    await new Promise<void>((resolve) => (deps.timers ? deps.timers.setTimeout(resolve, 0) : setTimeout(resolve, 0)));
    try {
      // The worker's detector fingerprinted the chapter's edges (asked now when it was not asked yet).
      const edges = (await (detection ?? detectRemote(runtime, key, chapter, current, true))).edges;
      if (!edges.length) return;
      const res = await sendToBackground(runtime, 'notes/learn', { storyKey: key, chapterId: chapter.chapterId, edges });
      // Kept for later corrections; the open chapter is not re-rendered under the reader.
      if (isMemory(res?.memory)) current = { ...res.memory, corrections: { ...res.memory.corrections, ...current.corrections } };
    } catch (e) {
      console.warn('Calm Reader: could not update the notes memory.', e);
    }
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
    'tab/memory-changed': async (msg) => {
      if (!isMemory(msg.memory)) return { ok: false };
      await applyMemory(msg.memory);
      return { ok: true };
    },
  };

  /**
   * The worker did not answer in time: the notes stay in place, a quiet notice says they were not
   * checked, and a later answer is applied (keeping the reading place) unless the reader moved.
   */
  function lateDetection(pending: Promise<DetectAnswer>): void {
    let moved = false;
    // Ended with the session too: its listeners and its notice go with the view.
    endLate = () => {
      stop();
      notice?.dismiss();
    };
    const onInput = () => (moved = true);
    const inputs = ['wheel', 'touchmove', 'keydown', 'pointerdown'] as const;
    for (const type of inputs) win.addEventListener(type, onInput, { capture: true, passive: true });
    const stop = () => {
      for (const type of inputs) win.removeEventListener(type, onInput, { capture: true });
    };
    let notice: { dismiss(): void } | null = null;
    if (controller.isOn) {
      try {
        notice = showNotice(deps.ui, doc, t('notesUnchecked'), { timers: deps.timers });
      } catch (e) {
        console.warn('Calm Reader: could not show the notice', e);
      }
    }
    pending.then(
      (late) => {
        stop();
        deps.onWorkerDetect?.(late.took);
        if (moved || decided || destroyed) return;
        decided = true;
        current = late.memory;
        notice?.dismiss();
        controller.setChapter(applyDetection(controller.chapter, late));
      },
      (e: unknown) => {
        stop();
        console.warn('Calm Reader: the notes detector did not answer; notes are shown in place.', e);
      },
    );
  }

  return {
    controller,
    error: null,
    handlers,
    onMessage: (m) => dispatch(handlers, m),
    visited,
    learned,
    memory: () => current,
    destroy() {
      destroyed = true;
      endLate();
      unwatch();
      controller.destroy();
    },
  };
}

/** The page's address for a diagnostic: no fragment, no query parameter that looks like a token. */
function diagnosticUrl(url: string): string {
  try {
    const u = new URL(url);
    u.hash = '';
    for (const k of [...u.searchParams.keys()]) if (/tk|token|key|session|sid|auth|code/i.test(k)) u.searchParams.delete(k);
    return u.href;
  } catch {
    return '';
  }
}

function errorSession(deps: SessionDeps, error: ExtractError, readerOn = true): Session {
  const status: TabStatus = {
    state: 'error',
    site: error.site,
    message: error.error,
    kind: error.kind,
    ...(error.continueUrl ? { continueUrl: error.continueUrl } : {}),
    url: diagnosticUrl(deps.url),
    ...(deps.adapter?.version ? { adapterVersion: deps.adapter.version } : {}),
    ...(error.field ? { field: error.field } : {}),
    ...(error.selector ? { selector: error.selector } : {}),
  };
  let notice: { dismiss(): void } | null = null;
  // A page the site serves instead of the chapter (log-in, 404, retry later, bot check): say why in
  // plain words where the reader view would have opened.
  const typed = readerOn && NOTICE_KINDS.has(error.kind) ? refusalText(error.kind, error.site) : null;
  if (typed) {
    try {
      notice = showNotice(deps.ui, deps.doc, typed, { timers: deps.timers });
    } catch (e) {
      console.warn('Calm Reader: could not show the notice', e);
    }
  } else if (error.kind === 'layout-changed') {
    console.warn(
      `Calm Reader: ${error.error}` +
        (error.field ? ` Missing field: ${error.field}.` : '') +
        (error.selector ? ` Selector tried: ${error.selector}.` : ''),
    );
    try {
      notice = showNotice(deps.ui, deps.doc, layoutNotice(), { timers: deps.timers });
    } catch (e) {
      console.warn('Calm Reader: could not show the notice', e);
    }
  }
  const handlers: Handlers<TabRequests> = {
    'tab/status': () => status,
    'tab/set-reader': () => status,
    'tab/toggle-notes': () => status,
    'tab/navigate': () => ({ ok: false }),
    'tab/memory-changed': () => ({ ok: false }),
  };
  return {
    controller: null,
    error,
    handlers,
    onMessage: (m) => dispatch(handlers, m),
    visited: Promise.resolve(),
    learned: Promise.resolve(),
    memory: () => ({ noteFingerprints: [], corrections: {} }),
    destroy() {
      notice?.dismiss();
    },
  };
}

function storyKeyFromUrl(adapter: SiteAdapter | null, url: string): string | null {
  if (!adapter) return null;
  try {
    const parsed = adapter.parseUrl(url);
    return parsed?.storyId ? storyKey(adapter.id, parsed.storyId) : null;
  } catch {
    return null;
  }
}

function hasMemory(m: StoryNoteMemory): boolean {
  return m.noteFingerprints.length > 0 || Object.keys(m.corrections).length > 0;
}

/**
 * Ask for the notes memory of the story a URL names, before the page is parsed, so the session
 * does not wait for it afterwards. Null when the URL names no story or the library does not answer.
 */
export function prefetchMemory(
  runtime: RuntimeLike,
  adapter: SiteAdapter | null,
  url: string,
  opts: { timers?: Timers; memoryTimeoutMs?: number } = {},
): Promise<StoryNoteMemory | null> {
  const key = storyKeyFromUrl(adapter, url);
  return key ? fetchMemory(runtime, key, opts) : Promise.resolve(null);
}

/**
 * Ask for the saved position of the chapter a URL names, before the page is parsed; null when the
 * URL does not name one chapter (then the visit's answer carries the position).
 */
export function prefetchPosition(runtime: RuntimeLike, adapter: SiteAdapter | null, url: string): PrefetchedPosition | null {
  const storyKey = storyKeyFromUrl(adapter, url);
  let chapterId: string | null | undefined = null;
  try {
    chapterId = adapter?.parseUrl(url)?.chapterId;
  } catch {
    chapterId = null;
  }
  if (!storyKey || !chapterId) return null;
  return { storyKey, chapterId, position: savedPosition(runtime, storyKey, chapterId) };
}

/** The library's saved position of one chapter (null: none); a failure is for the caller to handle. */
function savedPosition(runtime: RuntimeLike, storyKey: string, chapterId: string): Promise<Position | null> {
  const position = sendToBackground(runtime, 'position/get', { storyKey, chapterId }).then((res) =>
    isValidPosition(res?.position) ? res.position : null,
  );
  position.catch(() => undefined); // the session falls back to the visit's answer
  return position;
}

/**
 * Ask the worker's notes detector (lib/background/notes-detect.ts) about the chapter's body blocks;
 * `memory`: the one to use (a re-detection), else the worker reads the story's; `langKnown`: the
 * chapter's lang is the one the worker told before. Rejects when the answer is not one.
 */
function detectRemote(runtime: RuntimeLike, key: string, chapter: Chapter, memory?: StoryNoteMemory, langKnown = false): Promise<DetectAnswer> {
  const blocks = detectBlocks(chapter);
  const request = {
    storyKey: key,
    lang: chapter.lang ?? null,
    blocks,
    ...(langKnown ? { langKnown } : {}),
    ...(memory ? { memory } : {}),
  };
  const answer = sendToBackground(runtime, 'notes/detect', request).then((a) => {
    if (!isDetectAnswer(a, blocks.length)) throw new Error('the notes detector answered something else');
    return a;
  });
  answer.catch(() => undefined); // each caller handles (or ignores) a failure
  return answer;
}

/** The story's notes memory, or null when the library does not answer in time. */
async function fetchMemory(
  runtime: RuntimeLike,
  key: string,
  deps: { timers?: Timers; memoryTimeoutMs?: number },
): Promise<StoryNoteMemory | null> {
  try {
    const res = await withTimeout(
      sendToBackground(runtime, 'notes/memory', { storyKey: key }),
      deps.memoryTimeoutMs ?? 800,
      deps.timers,
    );
    return isMemory(res?.memory) ? res.memory : null;
  } catch (e) {
    console.warn('Calm Reader: no notes memory for this story; reading without it.', e);
    return null;
  }
}

/** The promise's value if it fulfils within `ms`, else undefined (a rejection too). */
async function answerWithin<T>(p: Promise<T>, ms: number, timers?: Timers): Promise<T | undefined> {
  try {
    return await withTimeout(p, ms, timers);
  } catch {
    return undefined;
  }
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
