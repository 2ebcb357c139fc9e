/**
 * The reader view's state in one tab: on or off, the author's notes shown or hidden (and the
 * reader's choice for each note), the settings applied and the colour scheme they resolve to, and
 * the status the popup is told. State only: no DOM, no drawing (the controller coordinates).
 */
import { storyKey } from '../library/types';
import type { TabStatus } from '../protocol/messages';
import { LIMITS, type ReaderSettings } from '../settings/settings';
import type { Chapter } from '../sites/types';
import { noteGroups, type ReaderItem } from './notes';
import { resolveTheme, settingsToCss, type ResolvedTheme } from './style';

export const DARK_QUERY = '(prefers-color-scheme: dark)';

export class ViewState {
  #on = false;
  #current: ReaderSettings;
  #notesShown: boolean;
  /** Notes the reader opened or closed one by one, by note id (their first block's index). */
  readonly #overrides = new Map<string, boolean>();
  #prefersDark = false;

  constructor(settings: ReaderSettings) {
    this.#current = settings;
    this.#notesShown = settings.showNotes;
  }

  get isOn(): boolean {
    return this.#on;
  }

  setOn(on: boolean): void {
    this.#on = on;
  }

  get settings(): ReaderSettings {
    return this.#current;
  }

  get areNotesShown(): boolean {
    return this.#notesShown;
  }

  /** The theme to draw: the setting, with 'system' resolved by the system's colour scheme. */
  get theme(): ResolvedTheme {
    return resolveTheme(this.#current.theme, this.#prefersDark);
  }

  /** The CSS custom properties the shadow host carries for these settings and this scheme. */
  get cssVars(): Record<string, string> {
    return settingsToCss(this.#current, this.#prefersDark);
  }

  /** A note is open when the reader opened it, else when notes are shown. */
  isNoteOpen = (id: string): boolean => this.#overrides.get(id) ?? this.#notesShown;

  /** Show or hide every note (the toolbar button, N, the popup): one-by-one choices are dropped. */
  toggleNotes(): void {
    this.#notesShown = !this.#notesShown;
    this.#overrides.clear();
  }

  toggleNote(id: string): void {
    this.#overrides.set(id, !this.isNoteOpen(id));
  }

  /**
   * The chapter's items changed (a correction re-detected its notes): a note's open/closed choice
   * stays with it when it still exists (note ids are block indices), and is dropped otherwise.
   */
  keepNotesOf(items: readonly ReaderItem[]): void {
    const ids = new Set(noteGroups(items).map((g) => g.id));
    for (const id of [...this.#overrides.keys()]) if (!ids.has(id)) this.#overrides.delete(id);
  }

  /** New settings; a changed "show notes" applies to every note again. */
  applySettings(next: ReaderSettings): void {
    const notesChanged = next.showNotes !== this.#current.showNotes;
    this.#current = next;
    if (notesChanged) {
      this.#notesShown = next.showNotes;
      this.#overrides.clear();
    }
  }

  /** The font size `delta` steps away from the current one, within the settings' limits. */
  fontSizeBy(delta: number): number {
    return Math.min(LIMITS.fontSize.max, Math.max(LIMITS.fontSize.min, this.#current.fontSize + delta));
  }

  /** The system's colour scheme (it decides the 'system' theme). */
  setPrefersDark(dark: boolean): void {
    this.#prefersDark = dark;
  }

  /** What the popup shows of this tab. */
  status(chapter: Chapter, items: readonly ReaderItem[]): TabStatus {
    const c = chapter;
    return {
      state: this.#on ? 'reader' : 'off',
      site: c.site,
      storyKey: storyKey(c.site, c.storyId),
      title: c.title,
      author: c.author,
      chapterIndex: c.chapterIndex,
      chapterCount: c.chapterCount,
      chapterTitle: c.chapterTitle,
      whole: c.chapterId === 'full',
      notesShown: this.#notesShown,
      noteCount: noteGroups(items).length,
    };
  }
}

/**
 * Follow the system's colour scheme: `onChange` hears each change. Returns the scheme now and how
 * to stop listening; a window without matchMedia is light and never changes.
 */
export function watchColorScheme(win: Window, onChange: (dark: boolean) => void): { dark: boolean; stop(): void } {
  const mq = typeof win.matchMedia === 'function' ? win.matchMedia(DARK_QUERY) : null;
  if (!mq) return { dark: false, stop: () => undefined };
  const listener = (e: MediaQueryListEvent) => onChange(e.matches);
  mq.addEventListener?.('change', listener);
  return { dark: mq.matches, stop: () => mq.removeEventListener?.('change', listener) };
}
