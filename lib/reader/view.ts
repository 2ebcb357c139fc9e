/**
 * What the reader's logic (lib/reader) asks of its views, without importing them: lib never
 * imports components. The entrypoint hands a ReaderUi (components/reader/ui.tsx, the Preact views)
 * to the session, and the controller and the notice draw through it.
 */
import type { ReaderSettings, Theme } from '../settings/settings';
import type { Chapter } from '../sites/types';
import type { Chunk } from './chunks';
import type { CorrectionLabel } from './corrections';
import type { ReaderItem } from './notes';
import type { StoryState } from './story-state';
import type { ResolvedTheme } from './style';

/** What the reader view's controls ask the controller to do. */
export interface ReaderActions {
  exit(): void;
  prev(): void;
  next(): void;
  toggleNotes(): void;
  toggleNote(id: string): void;
  /** `event`: the input that asked for it; only trusted input (the reader's own) is persisted. */
  setTheme(theme: Theme, event?: Event): void;
  changeFontSize(delta: number, event?: Event): void;
  /** Correct the notes detector for these blocks; absent: the view offers no corrections. */
  correct?(indices: number[], label: CorrectionLabel, event?: Event): void;
  /** Change settings from the view's own panel. */
  patchSettings?(patch: Partial<ReaderSettings>, event?: Event): void;
  /** Go to another chapter of the story (chapter list). */
  goTo?(url: string): void;
  /** Open a link on the site's own page (kudos, comments, reviews). */
  openOnSite?(url: string): void;
  /** Follow / unfollow the story; absent: no library. */
  follow?(on: boolean, event?: Event): void;
}

/** Everything the reader view shows, as the controller keeps it. */
export interface ReaderViewState {
  chapter: Chapter;
  items: ReaderItem[];
  settings: ReaderSettings;
  theme: ResolvedTheme;
  /** Tab-level notes state (toolbar button). */
  notesShown: boolean;
  isNoteOpen(id: string): boolean;
  actions: ReaderActions;
  /** Told the view's scrolling element and the toolbar as they mount (null as they unmount). */
  viewRef?: (el: HTMLDivElement | null) => void;
  toolbarRef?: (el: HTMLDivElement | null) => void;
  /**
   * Huge chapters: the items cut into chunks (lib/reader/chunks.ts) and which of them are rendered;
   * the others are placeholders of estimated height. Absent: every item is rendered.
   */
  chunks?: readonly Chunk[];
  rendered?: ReadonlySet<number>;
  /** Changes whenever anything but the rendered set changed (rendered chunks re-render only then). */
  version?: number;
  /** The chapter list, chapters read and follow state, once the library answered. */
  story?: StoryState;
  /** "About 12 min left in this chapter · …" (the controller keeps it current while scrolling). */
  timeLeft?: string | null;
}

/** The reader's shadow host shows the view (on), the floating toggle (off), or nothing (gone). */
export type ReaderDrawing = { on: true; view: ReaderViewState } | { on: false; show(): void } | null;

/** The quiet "couldn't read this page" notice; null: gone. */
export type NoticeDrawing = { message: string; fading: boolean; onDismiss(): void } | null;

/** The views, as the entrypoint joins them to the lib session. */
export interface ReaderUi {
  /** Draw into the reader's shadow mount; synchronous (the controller reads the layout right after). */
  drawReader(mount: HTMLElement, what: ReaderDrawing): void;
  drawNotice(mount: HTMLElement, what: NoticeDrawing): void;
}
