/**
 * One tab's reader, the coordinator: it owns the shadow host and joins the view state
 * (lib/reader/view-state.ts), the position tracker (lib/reader/position-tracker.ts), the chunk
 * renderer of huge chapters (lib/reader/chunk-renderer.ts) and the reading meter
 * (lib/reader/reading-meter.ts) to the view's controls, the keyboard and the page-scroll lock. No UI here: it draws through the ReaderUi it is
 * given (lib/reader/view.ts; the Preact views are components/reader). The host page is never
 * modified beyond <html>'s overflow while the view is on.
 */
import type { Position } from '../library/types';
import type { TabStatus } from '../protocol/messages';
import { createShadowHost, type ShadowHost } from './host';
import { keyToAction, type KeyAction } from './keyboard';
import type { CorrectionLabel } from './corrections';
import { groupBlocks, type ReaderItem } from './notes';
import type { Timers } from './position';
import { ChunkRenderer } from './chunk-renderer';
import { paintThen, PositionTracker } from './position-tracker';
import { ViewState, watchColorScheme } from './view-state';
import { lockPageScroll } from './scroll-lock';
import { applyCssVars, type ResolvedTheme } from './style';
import type { ReaderSettings } from '../settings/settings';
import type { Chapter } from '../sites/types';
import type { StoryState } from './story-state';
import type { ReadingSpeed } from './reading-time';
import { ReadingMeter } from './reading-meter';
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

export class ReaderController {
  readonly shadowHost: ShadowHost;
  #current: Chapter;
  #grouped: ReaderItem[];
  readonly #opts: ReaderControllerOptions;
  readonly #state: ViewState;
  readonly #chunks: ChunkRenderer;
  readonly #tracker: PositionTracker;
  #unlockScroll: (() => void) | null = null;
  #view: HTMLDivElement | null = null;
  #toolbar: HTMLDivElement | null = null;
  #destroyed = false;
  readonly #cleanups: Array<() => void> = [];
  readonly #actions: ReaderActions;
  /** Bumped on every render but the fill's: rendered chunks re-render only when it changes. */
  #version = 0;
  /** The chapter list, chapters read and follow state from the library (undefined: not known yet). */
  #story: StoryState | undefined;
  readonly #meter: ReadingMeter;

  constructor(opts: ReaderControllerOptions) {
    this.#opts = opts;
    this.#current = opts.chapter;
    this.#state = new ViewState(opts.settings);
    this.#grouped = groupBlocks(opts.chapter.blocks);
    this.#meter = new ReadingMeter(opts.chapter, { speed: opts.speed, saveSpeed: opts.saveSpeed, now: opts.now });
    const live = () => this.#state.isOn && !this.#destroyed;
    this.#chunks = new ChunkRenderer(
      { win: opts.win, view: () => this.#view, topInset: () => this.#topInset(), redraw: () => this.#render(true), active: live },
      this.#grouped,
    );
    this.shadowHost = createShadowHost(opts.doc, 'off');
    this.#tracker = new PositionTracker({
      win: opts.win,
      view: () => this.#view,
      topInset: () => this.#topInset(),
      isOn: live,
      save: (p) => opts.savePosition(p),
      redraw: (fill) => this.#render(fill),
      chunks: this.#chunks,
      timers: opts.timers,
      afterPaint: opts.afterPaint,
    });
    this.#actions = {
      exit: () => this.hide(),
      prev: () => void this.navigate('prev'),
      next: () => void this.navigate('next'),
      toggleNotes: () => this.toggleNotes(),
      toggleNote: (id) => this.toggleNote(id),
      setTheme: (theme, event) => {
        if (this.#trusted(event)) this.#patchSettings({ theme });
        else this.#render(); // the control shows the setting as it is
      },
      changeFontSize: (delta, event) => {
        if (!this.#trusted(event)) return;
        this.#patchSettings({ fontSize: this.#state.fontSizeBy(delta) });
      },
      ...(opts.correct
        ? {
            correct: (indices: number[], label: CorrectionLabel, event?: Event) => {
              if (this.#trusted(event)) this.correct(indices, label);
            },
          }
        : {}),
      patchSettings: (patch, event) => {
        if (this.#trusted(event)) this.#patchSettings(patch);
        else this.#render(); // the controls show the settings as they are
      },
      goTo: (url) => {
        this.#tracker.flush();
        opts.navigate(url);
      },
      openOnSite: (url) => this.#openOnSite(url),
      ...(opts.follow
        ? {
            follow: (on: boolean, event?: Event) => {
              if (this.#trusted(event)) void this.#follow(on);
            },
          }
        : {}),
    };
    this.#listen();
    this.#applyVars();
    this.#render();
  }

  // ---- public API (content script, tab messages) ----

  get chapter(): Chapter {
    return this.#current;
  }

  get items(): ReaderItem[] {
    return this.#grouped;
  }

  /**
   * Show the same chapter with other block kinds (the detector ran again after a correction).
   * Same blocks in the same order: the reader stays where they were.
   */
  setChapter(chapter: Chapter): void {
    if (this.#destroyed) return;
    this.#tracker.keeping(() => {
      this.#current = chapter;
      this.#grouped = groupBlocks(chapter.blocks);
      this.#meter.setChapter(chapter);
      this.#chunks.setItems(this.#grouped);
      this.#state.keepNotesOf(this.#grouped);
    });
  }

  /** The measured reading speed arrived (storage). */
  setSpeed(speed: ReadingSpeed): void {
    this.#meter.setSpeed(speed);
    if (this.#view) this.#meter.update(this.#view);
  }

  /** What the library knows of the story (chapter list, chapters read, followed). */
  setStory(story: StoryState): void {
    if (this.#destroyed) return;
    this.#story = story;
    this.#render();
  }

  async #follow(on: boolean): Promise<void> {
    if (!this.#opts.follow || !this.#story) return;
    const was = this.#story.followed;
    this.setStory({ ...this.#story, followed: on });
    try {
      const now = await this.#opts.follow(on);
      if (this.#story) this.setStory({ ...this.#story, followed: now ?? was });
    } catch (e) {
      console.warn('Calm Reader: could not follow the story', e);
      if (this.#story) this.setStory({ ...this.#story, followed: was });
    }
  }

  /**
   * A link to the site's own page (kudos, comments, reviews): on this page, the view steps aside
   * and the page scrolls there; another page opens in the tab.
   */
  #openOnSite(url: string): void {
    const { doc } = this.#opts;
    let target: Element | null = null;
    try {
      const u = new URL(url);
      const here = new URL(doc.location?.href ?? '');
      const bare = (x: URL) => x.origin + x.pathname.replace(/\/$/, '');
      // This page: its address, or the chapter's own (AO3 shows a chapter at a collection's address too).
      const onPage = bare(u) === bare(here) || bare(u) === bare(new URL(this.#current.url));
      if (u.hash && onPage) {
        target = doc.getElementById(decodeURIComponent(u.hash.slice(1)));
      }
    } catch {
      target = null;
    }
    this.#tracker.flush();
    if (target) {
      this.hide();
      target.scrollIntoView();
    } else this.#opts.navigate(url);
  }

  /** The reader says these blocks are story text / an author's note. */
  correct(indices: number[], label: CorrectionLabel): void {
    const texts = indices.map((i) => this.#current.blocks[i]?.text ?? '').filter((t) => t.trim());
    if (!texts.length || !this.#opts.correct) return;
    this.#opts.correct(texts, label);
    // Keep keyboard focus where the corrected text now is.
    const el = this.shadowHost.shadow.querySelector<HTMLElement>(`[data-block-index="${indices[0]}"]`);
    const target = (el?.closest<HTMLElement>('[data-testid=note]') ?? el) || null;
    if (target && this.#state.isOn) {
      target.tabIndex = -1;
      target.focus({ preventScroll: true });
    }
  }

  get isOn(): boolean {
    return this.#state.isOn;
  }

  get areNotesShown(): boolean {
    return this.#state.areNotesShown;
  }

  get resolvedTheme(): ResolvedTheme {
    return this.#state.theme;
  }

  isNoteOpen = (id: string): boolean => this.#state.isNoteOpen(id);

  show(): void {
    if (this.#state.isOn || this.#destroyed) return;
    this.#state.setOn(true);
    this.#unlockScroll = lockPageScroll(this.#opts.doc);
    this.shadowHost.setState('reader');
    // Huge chapters: only the chunks around the reading position now, the rest in idle time.
    this.#chunks.ensureAround(this.#tracker.startBlock);
    this.#render();
    // Focus once painted: focusing forces a style and layout update, cheap once the first frame is out.
    paintThen(this.#opts.win, () => {
      if (!this.#state.isOn || this.#destroyed || !this.#view || this.shadowHost.shadow.activeElement) return;
      this.#view.focus({ preventScroll: true });
    });
    this.#tracker.shown();
  }

  hide(): void {
    if (!this.#state.isOn) return;
    const focusWasInside = this.shadowHost.shadow.activeElement !== null;
    this.#tracker.hiding();
    this.#state.setOn(false);
    this.#chunks.reset();
    this.#render();
    this.#unlockScroll?.();
    this.#unlockScroll = null;
    this.shadowHost.setState('off');
    if (focusWasInside) this.shadowHost.shadow.querySelector<HTMLElement>('[data-testid=reader-toggle]')?.focus();
  }

  /** on: true/false sets; undefined toggles. */
  setReader(on?: boolean): void {
    const want = on ?? !this.#state.isOn;
    if (want) this.show();
    else this.hide();
  }

  toggleNotes(): void {
    this.#tracker.keeping(() => this.#state.toggleNotes());
  }

  toggleNote(id: string): void {
    this.#state.toggleNote(id);
    this.#render();
  }

  /** Go to the previous/next chapter; false when there is none. */
  navigate(dir: 'prev' | 'next'): boolean {
    const url = dir === 'next' ? this.chapter.nextUrl : this.chapter.prevUrl;
    if (!url) return false;
    this.#tracker.flush();
    this.#opts.navigate(url);
    return true;
  }

  /** New settings from storage (or a local change). Keeps the reader's place across layout changes. */
  applySettings(next: ReaderSettings): void {
    this.#tracker.keeping(() => {
      this.#state.applySettings(next);
      this.#applyVars();
    });
  }

  /**
   * The position the library saved for this chapter ('chapter/visited'), or null.
   * Restored after paint unless the reader already scrolled; from then on scrolling is saved.
   */
  setSavedPosition(position: Position | null): void {
    if (this.#destroyed) return;
    this.#tracker.setSaved(position);
  }

  status(): TabStatus {
    return this.#state.status(this.chapter, this.items);
  }

  /** Save a pending position now (pagehide, tab hidden). */
  flush(): void {
    this.#tracker.flush();
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#tracker.dispose();
    this.#chunks.cancel();
    this.#destroyed = true;
    this.#state.setOn(false);
    this.#unlockScroll?.();
    this.#unlockScroll = null;
    for (const c of this.#cleanups.splice(0)) c();
    this.#opts.ui.drawReader(this.shadowHost.mount, null);
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
  #trusted(event: Event | undefined): boolean {
    const check = this.#opts.isTrustedInput ?? ((e: Event | undefined) => e?.isTrusted === true);
    return check(event);
  }

  #patchSettings(patch: Partial<ReaderSettings>): void {
    this.applySettings({ ...this.#state.settings, ...patch });
    try {
      const p = this.#opts.saveSettings(patch);
      if (p && typeof (p as Promise<unknown>).catch === 'function') {
        (p as Promise<unknown>).catch((e) => console.warn('Calm Reader: could not save settings', e));
      }
    } catch (e) {
      console.warn('Calm Reader: could not save settings', e);
    }
  }

  #topInset(): number {
    return this.#toolbar ? this.#toolbar.getBoundingClientRect().height : 0;
  }

  #applyVars(): void {
    applyCssVars(this.shadowHost.host, this.#state.cssVars);
  }

  #lastTop = 0;

  #onScroll = (): void => {
    // Scheduling only: the anchor is read later, off the scroll event.
    this.#tracker.scrolled();
    // Phones: the toolbar steps away while reading down, and comes back on the way up (reader.css
    // hides it only at phone widths). Never while focus is in it.
    const view = this.#view;
    if (view) this.#meter.update(view);
    const bar = this.#toolbar;
    if (!view || !bar) return;
    const top = view.scrollTop;
    const delta = top - this.#lastTop;
    if (Math.abs(delta) < 6) return;
    this.#lastTop = top;
    const hide = delta > 0 && top > bar.offsetHeight && !bar.contains(this.shadowHost.shadow.activeElement);
    if (hide) bar.setAttribute('data-hidden', 'true');
    else bar.removeAttribute('data-hidden');
  };

  /** A tap on the text or focus in the toolbar brings it back. */
  #showToolbar = (): void => {
    this.#toolbar?.removeAttribute('data-hidden');
  };

  #setView = (el: HTMLDivElement | null): void => {
    if (el === this.#view) return;
    this.#view?.removeEventListener('scroll', this.#onScroll);
    this.#view?.removeEventListener('click', this.#showToolbar);
    this.#view?.removeEventListener('focusin', this.#showToolbar);
    this.#view = el;
    el?.addEventListener('scroll', this.#onScroll, { passive: true });
    el?.addEventListener('click', this.#showToolbar);
    el?.addEventListener('focusin', this.#showToolbar);
  };

  #setToolbar = (el: HTMLDivElement | null): void => {
    this.#toolbar = el;
  };

  #handleKey(e: KeyboardEvent, target: EventTarget | null): boolean {
    const action = keyToAction({
      key: e.key,
      altKey: e.altKey,
      ctrlKey: e.ctrlKey,
      metaKey: e.metaKey,
      shiftKey: e.shiftKey,
      isComposing: e.isComposing,
      defaultPrevented: e.defaultPrevented,
      target,
    }, this.#state.settings.keys);
    if (!action) return false;
    e.preventDefault();
    this.runAction(action);
    return true;
  }

  #listen(): void {
    const { doc, win } = this.#opts;
    const shadow = this.shadowHost.shadow;
    const host = this.shadowHost.host;

    const onShadowKey = (e: Event) => {
      if (!this.#state.isOn) return;
      const ke = e as KeyboardEvent;
      const target = (ke.composedPath?.()[0] as EventTarget | undefined) ?? ke.target;
      this.#handleKey(ke, target);
      // The page underneath is covered: its own shortcuts must not act on keys typed in the view.
      e.stopPropagation();
    };
    shadow.addEventListener('keydown', onShadowKey);
    this.#cleanups.push(() => shadow.removeEventListener('keydown', onShadowKey));

    // Focus can be left on the page's <body> (e.g. the view was opened from the popup).
    const onWindowKey = (e: KeyboardEvent) => {
      if (!this.#state.isOn || e.target === host) return;
      const t = e.target;
      if (t !== doc.body && t !== doc.documentElement && t !== doc && t !== win) return;
      if (this.#handleKey(e, t)) e.stopPropagation();
    };
    win.addEventListener('keydown', onWindowKey);
    this.#cleanups.push(() => win.removeEventListener('keydown', onWindowKey));

    this.#cleanups.push(this.#tracker.listen(win, doc));

    const scheme = watchColorScheme(win, (dark) => {
      this.#state.setPrefersDark(dark);
      this.#applyVars();
      this.#render();
    });
    this.#state.setPrefersDark(scheme.dark);
    this.#cleanups.push(scheme.stop);
  }

  /** fill: only more chunks became rendered (rendered chunks need not re-render). */
  #render(fill = false): void {
    if (this.#destroyed) return;
    if (!fill) this.#version++;
    const { chunks, rendered } = this.#chunks.drawing;
    this.#opts.ui.drawReader(
      this.shadowHost.mount,
      this.#state.isOn
        ? {
            on: true,
            view: {
              chapter: this.chapter,
              items: this.items,
              settings: this.#state.settings,
              theme: this.#state.theme,
              notesShown: this.#state.areNotesShown,
              isNoteOpen: this.isNoteOpen,
              actions: this.#actions,
              viewRef: this.#setView,
              toolbarRef: this.#setToolbar,
              chunks,
              rendered,
              version: this.#version,
              story: this.#story,
              timeLeft: this.#meter.timeLeft(),
            },
          }
        : { on: false, show: () => this.show() },
    );
  }
}
