/**
 * The one message protocol between content scripts, popup and background.
 * Every request is a member of `Request`; its response type is `Responses[type]`.
 */
import type { AddResult, StoryMark } from '../library/list-marks';
import type { StoryRef } from '../sites/story-list';
import type { Words } from '../i18n';
import type { BackupReport, ChapterRecord, ChapterVisit, Position, ReadingStatus, StoryRecord } from '../library/types';

// What the library records and reports, named by the library (storage does not import the protocol).
export type { BackupReport, ChapterVisit };
import type { StoryNoteMemory } from '../notes/types';
import type { DetectAnswer, DetectRequest } from '../notes/remote';
import type { SyncStatus } from '../sync/types';
import type { SaveRequest, WebDavStatus } from '../sync/webdav/service';

/** What a tab's content script says of itself (popup). */
export type TabStatus =
  | {
      state: 'reader' | 'off';
      site: string;
      storyKey: string;
      title: string;
      author: string | null;
      chapterIndex: number | null;
      chapterCount: number | null;
      chapterTitle: string | null;
      /** The page shows the whole work (AO3's entire-work view), not one chapter. */
      whole?: boolean;
      notesShown: boolean;
      noteCount: number;
    }
  | {
      state: 'error';
      site: string;
      message: string;
      kind: string;
      continueUrl?: string;
      /** For the popup's "Copy diagnostic" (no story text): the page, the adapter, what it missed. */
      url?: string;
      adapterVersion?: string;
      field?: string;
      selector?: string;
    };

/** Requests handled by the background worker. */
export interface BackgroundRequests {
  /** From a private tab nothing is recorded: story is what the library already had (or null). */
  'chapter/visited': {
    req: { chapter: ChapterVisit };
    /** read: the ids of the story's chapters opened so far (absent from a private window). */
    res: { story: StoryRecord | null; position: Position | null; read?: string[] };
  };
  'position/save': { req: { storyKey: string; chapterId: string; position: Position }; res: { ok: boolean } };
  /**
   * The saved position of the chapter a URL names, asked for by the content script while the page
   * is still loading (read-only; 'chapter/visited' records the visit once the page is read).
   */
  'position/get': { req: { storyKey: string; chapterId: string }; res: { position: Position | null } };
  'story/get': { req: { storyKey: string }; res: { story: StoryRecord | null; chapters: ChapterRecord[] } };
  'story/follow': { req: { storyKey: string; followed: boolean }; res: { story: StoryRecord | null } };
  'library/list': { req: Record<never, never>; res: { stories: StoryRecord[] } };
  /**
   * The popup's list: the `limit` most recently read stories plus followed stories with unread
   * chapters (no tables of contents).
   */
  /** news (default true): add the followed stories with unread chapters (the popup's list). */
  'library/recent': { req: { limit: number; news?: boolean }; res: { stories: StoryRecord[] } };
  /** The library page imported a backup into the database itself: badge and update schedule follow. */
  'backup/imported': { req: Record<never, never>; res: { ok: boolean } };
  /** Open the reader view on a tab that has no site reader (generic extractor, through activeTab). */
  'tab/open-generic': { req: { tabId: number }; res: { ok: boolean; error?: string } };
  'story/set-status': { req: { storyKey: string; readingStatus: ReadingStatus | null }; res: { story: StoryRecord | null } };
  'story/delete': { req: { storyKey: string }; res: { ok: boolean } };
  /** What the library remembers of a story's notes (learned fingerprints, reader corrections). */
  'notes/memory': { req: { storyKey: string }; res: { memory: StoryNoteMemory } };
  /**
   * Learn from one chapter: fingerprints of the blocks at its edges (see lib/notes/fingerprint.ts
   * edgeFingerprints). A fingerprint seen at the edges of several chapters becomes a known note.
   */
  'notes/learn': { req: { storyKey: string; chapterId: string; edges: string[] }; res: { memory: StoryNoteMemory } };
  /**
   * Run the notes detector over a page's body blocks (lib/notes/remote.ts): the content scripts
   * carry no detector; the worker tells the language, reads the story's memory and decides.
   */
  'notes/detect': { req: DetectRequest; res: DetectAnswer };
  /**
   * A reader's correction of one block (by its text), for this story; label null removes it. The
   * options page removes one by its `fingerprint` instead (it knows corrections, not their texts).
   */
  'notes/correct': {
    req: { storyKey: string; text?: string; fingerprint?: string; label: 'story' | 'note' | null };
    res: { memory: StoryNoteMemory };
  };
  /**
   * A list page's marks: the stories among `storyKeys` (all of the page's own site) that are in the
   * library, read in one batched query (lib/library/list-marks.ts readMarks).
   */
  /** `words`: send the marks' words too (lib/lists/words.ts), for the page's first marks. */
  /**
   * `words`: the marks' words come with them, and each mark's first label by its key
   * (lib/lists/settings.ts markLabel, formatted in the worker: no plural rules built on the page).
   */
  'library/marks': { req: { storyKeys: string[]; words?: boolean }; res: { marks: StoryMark[]; words?: Words; labels?: Record<string, string> } };
  /**
   * Bring stories in from the reader's own list on a site ("Add these N stories to your library"),
   * on the reader's click; `follow` follows them (lists of follows / subscriptions).
   */
  'library/add-stories': { req: { stories: StoryRef[]; follow: boolean }; res: AddResult };
  /** Check followed stories for new chapters now (one story, or all that are due). */
  'updates/check-now': { req: { storyKey?: string }; res: { checked: number; newChapters: number; message?: string } };
  'updates/settings': { req: { patch?: Partial<UpdateSettings> }; res: UpdateSettings };
  'backup/export': { req: Record<never, never>; res: { json: string; stories: number; chapters: number } };
  /** Validate a backup and say what importing it would change; nothing is written. */
  'backup/preview': { req: { json: string; mode: 'merge' | 'replace' }; res: BackupReport };
  'backup/import': { req: { json: string; mode: 'merge' | 'replace' }; res: BackupReport };
  /** Sync across devices (storage.sync): what is synced, what does not fit, last run. */
  'sync/status': { req: Record<never, never>; res: SyncStatus };
  /** Turn sync on or off (on by default); answers the status after the change. */
  'sync/set-enabled': { req: { enabled: boolean }; res: SyncStatus };
  /** Sync through the reader's own WebDAV storage, encrypted: settings, last run, progress. */
  'webdav/status': { req: Record<never, never>; res: WebDavStatus };
  /** Save the server settings (and the passphrase's key) and start a sync. */
  'webdav/save': { req: SaveRequest; res: WebDavStatus };
  'webdav/sync-now': { req: Record<never, never>; res: WebDavStatus };
  /** Stop syncing with the server: forget its settings and key (its files stay). */
  'webdav/forget': { req: Record<never, never>; res: WebDavStatus };
}

export interface UpdateSettings {
  /** Minutes between automatic checks of followed stories; 0 = never. */
  intervalMinutes: number;
  /** Show a notification when a followed story has new chapters (off by default). */
  notify: boolean;
}


/** Requests handled by a tab's content script. */
export interface TabRequests {
  'tab/status': { req: Record<never, never>; res: TabStatus | null };
  'tab/set-reader': { req: { on?: boolean }; res: TabStatus | null };
  'tab/toggle-notes': { req: Record<never, never>; res: TabStatus | null };
  'tab/navigate': { req: { dir: 'next' | 'prev' }; res: { ok: boolean } };
  /** Reader corrections from the view are applied to the open chapter at once. */
  'tab/memory-changed': { req: { memory: StoryNoteMemory }; res: { ok: boolean } };
}

type Message<M> = { [K in keyof M]: { type: K } & (M[K] extends { req: infer R } ? R : never) }[keyof M];

export type BackgroundMessage = Message<BackgroundRequests>;
export type TabMessage = Message<TabRequests>;
export type BackgroundResponse<K extends keyof BackgroundRequests> = BackgroundRequests[K]['res'];
export type TabResponse<K extends keyof TabRequests> = TabRequests[K]['res'];

/** Anything that can carry a message: browser.runtime or a test double. */
export interface RuntimeLike {
  sendMessage(message: unknown): Promise<unknown>;
}
export interface TabsLike {
  sendMessage(tabId: number, message: unknown): Promise<unknown>;
}

export function sendToBackground<K extends keyof BackgroundRequests>(
  runtime: RuntimeLike,
  type: K,
  payload: BackgroundRequests[K]['req'],
): Promise<BackgroundResponse<K>> {
  return runtime.sendMessage({ type, ...payload }) as Promise<BackgroundResponse<K>>;
}

export function sendToTab<K extends keyof TabRequests>(
  tabs: TabsLike,
  tabId: number,
  type: K,
  payload: TabRequests[K]['req'],
): Promise<TabResponse<K>> {
  return tabs.sendMessage(tabId, { type, ...payload }) as Promise<TabResponse<K>>;
}

/** Handlers for one side of the protocol; unknown messages are ignored (undefined). */
export type Handlers<M extends { [K in keyof M]: { req: unknown; res: unknown } }> = {
  [K in keyof M]: (msg: { type: K } & M[K]['req']) => Promise<M[K]['res']> | M[K]['res'];
};

export function dispatch<M extends { [K in keyof M]: { req: unknown; res: unknown } }>(
  handlers: Handlers<M>,
  message: unknown,
): Promise<unknown> | undefined {
  if (!message || typeof message !== 'object') return undefined;
  const type = (message as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(handlers, type)) return undefined;
  const handler = handlers[type as keyof M] as (m: unknown) => unknown;
  return Promise.resolve(handler(message));
}
