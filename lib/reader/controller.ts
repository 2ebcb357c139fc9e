/**
 * One tab's reader: owns the shadow host, the view's state (on/off, notes, settings, theme),
 * keyboard shortcuts, the page-scroll lock and reading-position tracking. No UI here: it draws
 * through the ReaderUi it is given (lib/reader/view.ts; the Preact views are components/reader).
 * The host page is never modified beyond <html>'s overflow while the view is on.
 */
import type { Position } from '../library/types';
import { storyKey } from '../library/types';
import type { TabStatus } from '../protocol/messages';
import { createShadowHost, type ShadowHost } from './host';
import { keyToAction, type KeyAction } from './keyboard';
import type { CorrectionLabel } from './corrections';
import { groupBlocks, noteGroups, type ReaderItem } from './notes';
import { around, chunkItems, chunkOfBlock, fillOrder, shouldChunk, type Chunk } from './chunks';
import {
  computeAnchor,
  createPositionSaver,
  locate,
  PENDING_ATTR,
  restoreAnchor,
  type Anchor,
  type PositionSaver,
  type Timers,
} from './position';
import { lockPageScroll } from './scroll-lock';
import { applyCssVars, resolveTheme, settingsToCss, type ResolvedTheme } from './style';
import { LIMITS, type ReaderSettings, type Theme } from '../settings/settings';
import type { Chapter } from '../sites/types';
import type { StoryState } from './story-state';
import { addSample, countWords, DEFAULT_SPEED, SAMPLE_MAX_MS, SAMPLE_MIN_MS, storyWordsAfter, timeLeftText, type ReadingSpeed } from './reading-time';
import { metaOf } from './work';
import type { ReaderActions, ReaderUi } from './view';

export interface ReaderControllerOptions {
  /** The views (components/reader/ui.tsx), joined by the entrypoint: lib never imports them. */
  ui: ReaderUi;
  doc: Document;
  win: Window;
  chapter: Chapter;
  settings: ReaderSettings;
  /** Persist a settings change (saveSettings); the view applies it at once either way. */
  saveSettings(patch: Partial<ReaderSettings>): Promise<unknown> | void;
  /** 'position/save' for this chapter. */
  savePosition(position: Position): Promise<unknown> | void;
  /** Go to a chapter URL (location.assign). */
  navigate(url: string): void;
  /**
   * The reader corrected the notes detector (texts of the blocks, the kind they are). The caller
   * remembers it and hands back the re-detected chapter with setChapter. Absent: no buttons.
   */
  correct?(texts: string[], label: CorrectionLabel): void;
  /** Follow / unfollow the story in the library; resolves to the new state. Absent: no Follow button. */
  follow?(on: boolean): Promise<boolean | null>;
  /** The reader's measured reading speed, and where to keep a new measurement. */
  speed?: ReadingSpeed;
  saveSpeed?(speed: ReadingSpeed): void;
  /** Clock for reading-speed samples (tests). */
  now?(): number;
  /**
   * Whether an input event is the reader's own, so that what it asks for may be saved (settings
   * sync to every device; corrections hold for the whole story). Default: event.isTrusted, which
   * the browser sets for real input only: a page script's click() or dispatchEvent() is not.
   */
  isTrustedInput?(event: Event | undefined): boolean;
  timers?: Timers;
  /** Run fn once the view has painted (default: rAF + timeout). */
  afterPaint?(fn: () => void): void;
}

const DARK_QUERY = '(prefers-color-scheme: dark)';

export class ReaderController {
  readonly shadowHost: ShadowHost;
  private current: Chapter;
  private grouped: ReaderItem[];
  private readonly opts: ReaderControllerOptions;
  private settings: ReaderSettings;
  private on = false;
  private notesShown: boolean;
  private overrides = new Map<string, boolean>();
  private prefersDark = false;
  private unlockScroll: (() => void) | null = null;
  private view: HTMLDivElement | null = null;
  private toolbar: HTMLDivElement | null = null;
  private readonly saver: PositionSaver;
  /** True once the saved position is known (or known to be unavailable): scrolling is saved from then on. */
  private tracking = false;
  /** Where to put the reader when the view is next shown. */
  private pendingAnchor: Anchor | null = null;
  private destroyed = false;
  private readonly cleanups: Array<() => void> = [];
  private readonly actions: ReaderActions;
  /** Huge chapters: the items in chunks (null: render everything) and the chunks rendered so far. */
  private chunks: Chunk[] | null = null;
  private rendered = new Set<number>();
  /** The chunk the idle fill grows outward from (the reading position's). */
  private fillFrom = 0;
  private fillCancel: (() => void) | null = null;
  /** Bumped on every render but the fill's: rendered chunks re-render only when it changes. */
  private version = 0;
  /** The chapter list, chapters read and follow state from the library (undefined: not known yet). */
  private story: StoryState | undefined;
  private speed: ReadingSpeed;
  private words = 0;
  /** How far down the chapter the bottom of the view is (0..1). */
  private frac = 0;
  private sample: { t: number; frac: number } | null = null;

  constructor(opts: ReaderControllerOptions) {
    this.opts = opts;
    this.current = opts.chapter;
    this.settings = opts.settings;
    this.notesShown = opts.settings.showNotes;
    this.grouped = groupBlocks(opts.chapter.blocks);
    this.speed = opts.speed ?? DEFAULT_SPEED;
    this.countWords();
    this.rechunk();
    this.shadowHost = createShadowHost(opts.doc, 'off');
    this.saver = createPositionSaver({
      read: () => this.readAnchor(),
      save: (p) => opts.savePosition(p),
      timers: opts.timers,
    });
    this.actions = {
      exit: () => this.hide(),
      prev: () => void this.navigate('prev'),
      next: () => void this.navigate('next'),
      toggleNotes: () => this.toggleNotes(),
      toggleNote: (id) => this.toggleNote(id),
      setTheme: (theme, event) => {
        if (this.trusted(event)) this.patchSettings({ theme });
        else this.render(); // the control shows the setting as it is
      },
      changeFontSize: (delta, event) => {
        if (!this.trusted(event)) return;
        this.patchSettings({
          fontSize: Math.min(LIMITS.fontSize.max, Math.max(LIMITS.fontSize.min, this.settings.fontSize + delta)),
        });
      },
      ...(opts.correct
        ? {
            correct: (indices: number[], label: CorrectionLabel, event?: Event) => {
              if (this.trusted(event)) this.correct(indices, label);
            },
          }
        : {}),
      patchSettings: (patch, event) => {
        if (this.trusted(event)) this.patchSettings(patch);
        else this.render(); // the controls show the settings as they are
      },
      goTo: (url) => {
        this.saver.flush();
        opts.navigate(url);
      },
      openOnSite: (url) => this.openOnSite(url),
      ...(opts.follow
        ? {
            follow: (on: boolean, event?: Event) => {
              if (this.trusted(event)) void this.follow(on);
            },
          }
        : {}),
    };
    this.listen();
    this.applyVars();
    this.render();
  }

  // ---- public API (content script, tab messages) ----

  get chapter(): Chapter {
    return this.current;
  }

  get items(): ReaderItem[] {
    return this.grouped;
  }

  /**
   * Show the same chapter with other block kinds (the detector ran again after a correction).
   * Same blocks in the same order: the reader stays where they were.
   */
  setChapter(chapter: Chapter): void {
    if (this.destroyed) return;
    this.keepingAnchor(() => {
      this.current = chapter;
      this.grouped = groupBlocks(chapter.blocks);
      this.countWords();
      this.rechunk();
      // Note ids are block indices: an open/closed choice stays with its note when it still exists.
      const ids = new Set(noteGroups(this.grouped).map((g) => g.id));
      for (const id of [...this.overrides.keys()]) if (!ids.has(id)) this.overrides.delete(id);
    });
  }

  /** The measured reading speed arrived (storage). */
  setSpeed(speed: ReadingSpeed): void {
    this.speed = speed;
    this.updateTimeLeft();
  }

  private countWords(): void {
    let n = 0;
    for (const b of this.current.blocks) if (b.kind === 'story') n += countWords(b.text);
    this.words = n;
  }

  private timeLeft(): string | null {
    if (this.words < 50) return null;
    const ch = this.current;
    const m = metaOf(ch);
    const after = ch.chapterId === 'full' ? null : storyWordsAfter(m.words, m.chaptersPosted ?? ch.chapterCount, ch.chapterIndex);
    return timeLeftText(this.words * (1 - this.frac), after, this.speed);
  }

  /** On scroll: the time left, and a reading-speed sample once a minute or more of reading passed. */
  private updateTimeLeft(): void {
    const view = this.view;
    if (!view) return;
    const h = view.scrollHeight;
    this.frac = h > 0 ? Math.min(1, Math.max(0, (view.scrollTop + view.clientHeight) / h)) : 0;
    const el = view.querySelector('[data-testid=time-left]');
    const text = this.timeLeft();
    if (el && text !== null && el.textContent !== text) el.textContent = text;
    const now = (this.opts.now ?? Date.now)();
    const s = this.sample;
    if (!s || now - s.t > SAMPLE_MAX_MS || this.frac < s.frac) {
      this.sample = { t: now, frac: this.frac };
      return;
    }
    if (now - s.t < SAMPLE_MIN_MS) return;
    const next = addSample(this.speed, (this.frac - s.frac) * this.words, now - s.t);
    this.sample = { t: now, frac: this.frac };
    if (!next) return;
    this.speed = next;
    this.opts.saveSpeed?.(next);
  }

  /** What the library knows of the story (chapter list, chapters read, followed). */
  setStory(story: StoryState): void {
    if (this.destroyed) return;
    this.story = story;
    this.render();
  }

  private async follow(on: boolean): Promise<void> {
    if (!this.opts.follow || !this.story) return;
    const was = this.story.followed;
    this.setStory({ ...this.story, followed: on });
    try {
      const now = await this.opts.follow(on);
      if (this.story) this.setStory({ ...this.story, followed: now ?? was });
    } catch (e) {
      console.warn('Calm Reader: could not follow the story', e);
      if (this.story) this.setStory({ ...this.story, followed: was });
    }
  }

  /**
   * A link to the site's own page (kudos, comments, reviews): on this page, the view steps aside
   * and the page scrolls there; another page opens in the tab.
   */
  private openOnSite(url: string): void {
    const { doc } = this.opts;
    let target: Element | null = null;
    try {
      const u = new URL(url);
      const here = new URL(doc.location?.href ?? '');
      const bare = (x: URL) => x.origin + x.pathname.replace(/\/$/, '');
      // This page: its address, or the chapter's own (AO3 shows a chapter at a collection's address too).
      const onPage = bare(u) === bare(here) || bare(u) === bare(new URL(this.current.url));
      if (u.hash && onPage) {
        target = doc.getElementById(decodeURIComponent(u.hash.slice(1)));
      }
    } catch {
      target = null;
    }
    this.saver.flush();
    if (target) {
      this.hide();
      target.scrollIntoView();
    } else this.opts.navigate(url);
  }

  /** The reader says these blocks are story text / an author's note. */
  correct(indices: number[], label: CorrectionLabel): void {
    const texts = indices.map((i) => this.current.blocks[i]?.text ?? '').filter((t) => t.trim());
    if (!texts.length || !this.opts.correct) return;
    this.opts.correct(texts, label);
    // Keep keyboard focus where the corrected text now is.
    const el = this.shadowHost.shadow.querySelector<HTMLElement>(`[data-block-index="${indices[0]}"]`);
    const target = (el?.closest<HTMLElement>('[data-testid=note]') ?? el) || null;
    if (target && this.on) {
      target.tabIndex = -1;
      target.focus({ preventScroll: true });
    }
  }

  get isOn(): boolean {
    return this.on;
  }

  get areNotesShown(): boolean {
    return this.notesShown;
  }

  get resolvedTheme(): ResolvedTheme {
    return resolveTheme(this.settings.theme, this.prefersDark);
  }

  isNoteOpen = (id: string): boolean => this.overrides.get(id) ?? this.notesShown;

  show(): void {
    if (this.on || this.destroyed) return;
    this.on = true;
    this.unlockScroll = lockPageScroll(this.opts.doc);
    this.shadowHost.setState('reader');
    // Huge chapters: only the chunks around the reading position now, the rest in idle time.
    this.ensureAround(this.pendingAnchor?.blockIndex ?? 0);
    this.render();
    // Focus once painted: focusing forces a style and layout update, cheap once the first frame is out.
    this.afterFirstPaint(() => {
      if (!this.on || this.destroyed || !this.view || this.shadowHost.shadow.activeElement) return;
      this.view.focus({ preventScroll: true });
    });
    if (this.tracking && this.pendingAnchor) this.restoreAfterPaint(this.pendingAnchor);
    else if (this.tracking) this.scheduleFill();
    else {
      // The saved position normally arrives first (setSavedPosition starts the fill); never wait forever.
      const w = this.opts.win;
      w.setTimeout(() => {
        if (!this.tracking) this.scheduleFill();
      }, 2000);
    }
  }

  hide(): void {
    if (!this.on) return;
    const focusWasInside = this.shadowHost.shadow.activeElement !== null;
    this.saver.flush();
    if (this.view && this.tracking) this.pendingAnchor = this.readAnchor() ?? computeAnchor(this.view, this.topInset());
    this.on = false;
    this.cancelFill();
    this.rendered.clear();
    this.render();
    this.unlockScroll?.();
    this.unlockScroll = null;
    this.shadowHost.setState('off');
    if (focusWasInside) this.shadowHost.shadow.querySelector<HTMLElement>('[data-testid=reader-toggle]')?.focus();
  }

  /** on: true/false sets; undefined toggles. */
  setReader(on?: boolean): void {
    const want = on ?? !this.on;
    if (want) this.show();
    else this.hide();
  }

  toggleNotes(): void {
    this.keepingAnchor(() => {
      this.notesShown = !this.notesShown;
      this.overrides.clear();
    });
  }

  toggleNote(id: string): void {
    this.overrides.set(id, !this.isNoteOpen(id));
    this.render();
  }

  /** Go to the previous/next chapter; false when there is none. */
  navigate(dir: 'prev' | 'next'): boolean {
    const url = dir === 'next' ? this.chapter.nextUrl : this.chapter.prevUrl;
    if (!url) return false;
    this.saver.flush();
    this.opts.navigate(url);
    return true;
  }

  /** New settings from storage (or a local change). Keeps the reader's place across layout changes. */
  applySettings(next: ReaderSettings): void {
    const notesChanged = next.showNotes !== this.settings.showNotes;
    this.keepingAnchor(() => {
      this.settings = next;
      if (notesChanged) {
        this.notesShown = next.showNotes;
        this.overrides.clear();
      }
      this.applyVars();
    });
  }

  /**
   * The position the library saved for this chapter ('chapter/visited'), or null.
   * Restored after paint unless the reader already scrolled; from then on scrolling is saved.
   */
  setSavedPosition(position: Position | null): void {
    if (this.tracking || this.destroyed) return;
    this.tracking = true;
    const userScrolled = !!this.view && this.view.scrollTop > 0;
    if (position && !userScrolled) {
      const anchor = { blockIndex: position.blockIndex, offsetRatio: position.offsetRatio };
      this.saver.seed(anchor);
      this.pendingAnchor = anchor;
      if (this.on) {
        if (this.ensureAround(anchor.blockIndex)) this.render(true);
        this.restoreAfterPaint(anchor);
      }
    } else {
      if (userScrolled) this.saver.request();
      this.scheduleFill();
    }
  }

  status(): TabStatus {
    const c = this.chapter;
    return {
      state: this.on ? 'reader' : 'off',
      site: c.site,
      storyKey: storyKey(c.site, c.storyId),
      title: c.title,
      author: c.author,
      chapterIndex: c.chapterIndex,
      chapterCount: c.chapterCount,
      chapterTitle: c.chapterTitle,
      whole: c.chapterId === 'full',
      notesShown: this.notesShown,
      noteCount: noteGroups(this.items).length,
    };
  }

  /** Save a pending position now (pagehide, tab hidden). */
  flush(): void {
    this.saver.flush();
  }

  destroy(): void {
    if (this.destroyed) return;
    this.saver.flush();
    this.saver.dispose();
    this.cancelFill();
    this.destroyed = true;
    this.on = false;
    this.unlockScroll?.();
    this.unlockScroll = null;
    for (const c of this.cleanups.splice(0)) c();
    this.opts.ui.drawReader(this.shadowHost.mount, null);
    this.shadowHost.remove();
  }

  /** Run a keyboard action (exported for the tab messages and tests). */
  runAction(action: KeyAction): void {
    if (action === 'prev') this.navigate('prev');
    else if (action === 'next') this.navigate('next');
    else if (action === 'toggle-notes') this.toggleNotes();
    else if (action === 'exit') this.hide();
  }

  // ---- internals ----

  /** Input from the reader (not from a script of the page): the only input whose changes are kept. */
  private trusted(event: Event | undefined): boolean {
    const check = this.opts.isTrustedInput ?? ((e: Event | undefined) => e?.isTrusted === true);
    return check(event);
  }

  private patchSettings(patch: Partial<ReaderSettings>): void {
    this.applySettings({ ...this.settings, ...patch });
    try {
      const p = this.opts.saveSettings(patch);
      if (p && typeof (p as Promise<unknown>).catch === 'function') {
        (p as Promise<unknown>).catch((e) => console.warn('Calm Reader: could not save settings', e));
      }
    } catch (e) {
      console.warn('Calm Reader: could not save settings', e);
    }
  }

  private topInset(): number {
    return this.toolbar ? this.toolbar.getBoundingClientRect().height : 0;
  }

  /** Change something that moves the layout, keeping the block at the top of the view in place. */
  private keepingAnchor(change: () => void): void {
    const view = this.on ? this.view : null;
    const anchor = view && view.scrollTop > 0 ? computeAnchor(view, this.topInset()) : null;
    change();
    if (anchor) this.ensureAround(anchor.blockIndex);
    this.render();
    if (anchor && this.view) restoreAnchor(this.view, anchor, this.topInset());
  }

  private restoreAfterPaint(anchor: Anchor): void {
    const run = () => {
      if (!this.on || !this.view || this.destroyed) return;
      // setChapter/show may have run since: the anchor's chunk must be there.
      if (this.ensureAround(anchor.blockIndex)) this.render(true);
      restoreAnchor(this.view, anchor, this.topInset());
      this.pendingAnchor = null;
      this.scheduleFill();
    };
    if (this.opts.afterPaint) this.opts.afterPaint(run);
    else {
      const w = this.opts.win;
      if (typeof w.requestAnimationFrame === 'function') w.requestAnimationFrame(() => w.setTimeout(run, 0));
      else w.setTimeout(run, 16);
    }
  }

  private afterFirstPaint(fn: () => void): void {
    const w = this.opts.win;
    if (typeof w.requestAnimationFrame === 'function') w.requestAnimationFrame(() => w.setTimeout(fn, 0));
    else w.setTimeout(fn, 16);
  }

  /** The anchor to save: renders the chunk at the top of the view first if it is a placeholder. */
  private readAnchor(): Anchor | null {
    if (!this.on || !this.view) return null;
    let at = locate(this.view, this.topInset());
    if (at.pendingChunk !== undefined) {
      this.fillChunk(at.pendingChunk);
      at = locate(this.view, this.topInset());
    }
    return at.anchor ?? null;
  }

  private rechunk(): void {
    this.chunks = shouldChunk(this.grouped) ? chunkItems(this.grouped) : null;
    if (!this.chunks) this.rendered.clear();
    else for (const k of [...this.rendered]) if (k >= this.chunks.length) this.rendered.delete(k);
  }

  /** Mark the chunks around this block rendered (not rendering yet); true when any was missing. */
  private ensureAround(blockIndex: number): boolean {
    if (!this.chunks) return false;
    const at = chunkOfBlock(this.chunks, blockIndex);
    this.fillFrom = at;
    let added = false;
    for (const k of around(this.chunks.length, at)) {
      if (!this.rendered.has(k)) {
        this.rendered.add(k);
        added = true;
      }
    }
    return added;
  }

  /**
   * Render chunk k in place of its placeholder. A placeholder above the top of the view changes
   * height when replaced: the scroll position follows so the text the reader sees does not move.
   */
  private fillChunk(k: number): void {
    if (!this.chunks || this.rendered.has(k) || k < 0 || k >= this.chunks.length) return;
    const view = this.view;
    let ref: Element | null = null;
    let before = 0;
    const ph = view?.querySelector(`[${PENDING_ATTR}="${k}"]`);
    if (view && ph) {
      const top = view.getBoundingClientRect().top + this.topInset();
      if (ph.getBoundingClientRect().bottom <= top) {
        ref = ph.nextElementSibling ?? view.querySelector('.cr-nav');
        if (ref) before = ref.getBoundingClientRect().top;
      }
    }
    this.rendered.add(k);
    this.render(true);
    if (view && ref?.isConnected) {
      const delta = ref.getBoundingClientRect().top - before;
      if (delta) view.scrollTop += delta;
    }
  }

  /** Fill the remaining chunks in idle time, outward from the reading position. */
  private scheduleFill(): void {
    if (!this.on || this.destroyed || !this.chunks || this.fillCancel) return;
    if (!fillOrder(this.chunks.length, this.fillFrom, this.rendered).length) return;
    const w = this.opts.win as Window & {
      requestIdleCallback?: (cb: (d: { timeRemaining(): number }) => void, o?: { timeout: number }) => number;
      cancelIdleCallback?: (id: number) => void;
    };
    const run = (timeRemaining: () => number) => {
      this.fillCancel = null;
      if (!this.on || this.destroyed || !this.chunks) return;
      do {
        const next = fillOrder(this.chunks.length, this.fillFrom, this.rendered)[0];
        if (next === undefined) return;
        this.fillChunk(next);
      } while (timeRemaining() > 8);
      this.scheduleFill();
    };
    if (typeof w.requestIdleCallback === 'function') {
      const id = w.requestIdleCallback((d) => run(() => d.timeRemaining()), { timeout: 500 });
      this.fillCancel = () => w.cancelIdleCallback?.(id);
    } else {
      const id = w.setTimeout(() => run(() => 0), 16);
      this.fillCancel = () => w.clearTimeout(id);
    }
  }

  private cancelFill(): void {
    this.fillCancel?.();
    this.fillCancel = null;
  }

  private applyVars(): void {
    applyCssVars(this.shadowHost.host, settingsToCss(this.settings, this.prefersDark));
  }

  private lastTop = 0;

  private onScroll = (): void => {
    // Scheduling only: the anchor is read later, off the scroll event.
    if (this.tracking) this.saver.request();
    this.updateTimeLeft();
    // Phones: the toolbar steps away while reading down, and comes back on the way up (reader.css
    // hides it only at phone widths). Never while focus is in it.
    const view = this.view;
    const bar = this.toolbar;
    if (!view || !bar) return;
    const top = view.scrollTop;
    const delta = top - this.lastTop;
    if (Math.abs(delta) < 6) return;
    this.lastTop = top;
    const hide = delta > 0 && top > bar.offsetHeight && !bar.contains(this.shadowHost.shadow.activeElement);
    if (hide) bar.setAttribute('data-hidden', 'true');
    else bar.removeAttribute('data-hidden');
  };

  /** A tap on the text or focus in the toolbar brings it back. */
  private showToolbar = (): void => {
    this.toolbar?.removeAttribute('data-hidden');
  };

  private setView = (el: HTMLDivElement | null): void => {
    if (el === this.view) return;
    this.view?.removeEventListener('scroll', this.onScroll);
    this.view?.removeEventListener('click', this.showToolbar);
    this.view?.removeEventListener('focusin', this.showToolbar);
    this.view = el;
    el?.addEventListener('scroll', this.onScroll, { passive: true });
    el?.addEventListener('click', this.showToolbar);
    el?.addEventListener('focusin', this.showToolbar);
  };

  private setToolbar = (el: HTMLDivElement | null): void => {
    this.toolbar = el;
  };

  private handleKey(e: KeyboardEvent, target: EventTarget | null): boolean {
    const action = keyToAction({
      key: e.key,
      altKey: e.altKey,
      ctrlKey: e.ctrlKey,
      metaKey: e.metaKey,
      shiftKey: e.shiftKey,
      isComposing: e.isComposing,
      defaultPrevented: e.defaultPrevented,
      target,
    }, this.settings.keys);
    if (!action) return false;
    e.preventDefault();
    this.runAction(action);
    return true;
  }

  private listen(): void {
    const { doc, win } = this.opts;
    const shadow = this.shadowHost.shadow;
    const host = this.shadowHost.host;

    const onShadowKey = (e: Event) => {
      if (!this.on) return;
      const ke = e as KeyboardEvent;
      const target = (ke.composedPath?.()[0] as EventTarget | undefined) ?? ke.target;
      this.handleKey(ke, target);
      // The page underneath is covered: its own shortcuts must not act on keys typed in the view.
      e.stopPropagation();
    };
    shadow.addEventListener('keydown', onShadowKey);
    this.cleanups.push(() => shadow.removeEventListener('keydown', onShadowKey));

    // Focus can be left on the page's <body> (e.g. the view was opened from the popup).
    const onWindowKey = (e: KeyboardEvent) => {
      if (!this.on || e.target === host) return;
      const t = e.target;
      if (t !== doc.body && t !== doc.documentElement && t !== doc && t !== win) return;
      if (this.handleKey(e, t)) e.stopPropagation();
    };
    win.addEventListener('keydown', onWindowKey);
    this.cleanups.push(() => win.removeEventListener('keydown', onWindowKey));

    const onPageHide = () => this.saver.flush();
    const onVisibility = () => {
      if (doc.visibilityState === 'hidden') this.saver.flush();
    };
    win.addEventListener('pagehide', onPageHide);
    doc.addEventListener('visibilitychange', onVisibility);
    this.cleanups.push(() => {
      win.removeEventListener('pagehide', onPageHide);
      doc.removeEventListener('visibilitychange', onVisibility);
    });

    const mq = typeof win.matchMedia === 'function' ? win.matchMedia(DARK_QUERY) : null;
    if (mq) {
      this.prefersDark = mq.matches;
      const onScheme = (e: MediaQueryListEvent) => {
        this.prefersDark = e.matches;
        this.applyVars();
        this.render();
      };
      mq.addEventListener?.('change', onScheme);
      this.cleanups.push(() => mq.removeEventListener?.('change', onScheme));
    }
  }

  /** fill: only more chunks became rendered (rendered chunks need not re-render). */
  private render(fill = false): void {
    if (this.destroyed) return;
    if (!fill) this.version++;
    this.opts.ui.drawReader(
      this.shadowHost.mount,
      this.on
        ? {
            on: true,
            view: {
              chapter: this.chapter,
              items: this.items,
              settings: this.settings,
              theme: this.resolvedTheme,
              notesShown: this.notesShown,
              isNoteOpen: this.isNoteOpen,
              actions: this.actions,
              viewRef: this.setView,
              toolbarRef: this.setToolbar,
              chunks: this.chunks ?? undefined,
              rendered: this.chunks ? this.rendered : undefined,
              version: this.version,
              story: this.story,
              timeLeft: this.timeLeft(),
            },
          }
        : { on: false, show: () => this.show() },
    );
  }
}
