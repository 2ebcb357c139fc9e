/**
 * Who may ask the background worker what.
 *
 * - Extension pages (popup, library page: sender.url on the extension's own origin) may send every
 *   request: they are the reader's own controls.
 * - Content scripts (sender.tab set, sender.url an http(s) page) may only report what they read and
 *   ask what they need to show it: the visit, the reading position, the notes memory and
 *   corrections, and only for a story of the site the page is on. Backup, delete, follow, sync,
 *   settings and the library lists are refused: a compromised or tricked page must not read or
 *   wipe the library.
 * - Private (incognito) tabs: nothing is recorded. The reader view still reads what the library
 *   already knows (position, notes memory), but visits, positions, learned notes and corrections
 *   are not written.
 * Anything else (another extension, a web page through externally_connectable, a sender with no
 * URL) is refused.
 */
import type { BackgroundRequests, Handlers } from '../protocol/messages';
import type { LibraryDB } from '../library/schema';
import { getStory, readPosition } from '../library/store';
import { readNoteMemory } from '../library/note-memory';
import { isStoryUrl, pageOwnsStory, siteOfKey } from '../sites/hosts';

/** The parts of runtime.MessageSender used here (Chrome and Firefox). */
export interface SenderLike {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
  tab?: { id?: number; url?: string; incognito?: boolean };
}

export interface ExtensionSelf {
  /** runtime.id */
  id: string;
  /** runtime.getURL('/'): "chrome-extension://<id>/" or "moz-extension://<uuid>/". */
  baseUrl: string;
}

type Type = keyof BackgroundRequests;

/** What a content script may send: reading a chapter, nothing about the library as a whole. */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<Type> = new Set<Type>([
  'chapter/visited',
  'position/save',
  'position/get',
  'notes/memory',
  'notes/learn',
  'notes/correct',
  // The notes detector runs in the worker for the page (lib/background/notes-detect.ts): only about
  // the page's own story, whose memory it reads.
  'notes/detect',
  // Follow from the reader view (issue #19): only the page's own story (checked below, like every
  // request here), only on the reader's own click (trusted input), never from a private window.
  'story/follow',
  // List pages (issue #23): the marks of the page's stories, the reader's own "dropped" /
  // "finished" from a mark, and stories brought in from the reader's own lists on their click.
  'story/set-status',
  'library/marks',
  'library/add-stories',
]);

/** Requests from a private tab that would write: answered without recording anything. */
const WRITES: ReadonlySet<Type> = new Set<Type>([
  'chapter/visited',
  'position/save',
  'notes/learn',
  'notes/correct',
  'story/follow',
  'story/set-status',
  'library/add-stories',
]);

/** The most stories one list message may name. */
export const MAX_LIST_STORIES = 1000;

/** Null when every story a list request names is of the page's site (and its address too); else why not. */
function listRefusal(type: Type, message: Record<string, unknown>, url: string): string | null {
  if (type === 'library/marks') {
    const keys = message.storyKeys;
    if (!Array.isArray(keys) || keys.length > MAX_LIST_STORIES) return `${type}: invalid storyKeys`;
    return keys.every((k) => pageOwnsStory(url, k)) ? null : `${type}: a story is not of this page's site`;
  }
  const stories = message.stories;
  if (!Array.isArray(stories) || stories.length > MAX_LIST_STORIES) return `${type}: invalid stories`;
  for (const s of stories as { site?: unknown; storyId?: unknown; url?: unknown }[]) {
    if (!s || typeof s !== 'object' || typeof s.site !== 'string' || typeof s.storyId !== 'string') return `${type}: invalid stories`;
    if (!pageOwnsStory(url, `${s.site}:${s.storyId}`)) return `${type}: a story is not of this page's site`;
    if (!isStoryUrl(s.site, s.storyId, s.url)) return `${type}: a story's address is not on its site`;
  }
  return null;
}

export type Caller =
  | { kind: 'extension' }
  | { kind: 'content'; url: string; incognito: boolean }
  | { kind: 'other'; why: string };

/** Who sent a message. */
export function classifySender(sender: SenderLike | undefined, self: ExtensionSelf): Caller {
  if (!sender || typeof sender !== 'object') return { kind: 'other', why: 'no sender' };
  if (!self.id || sender.id !== self.id) return { kind: 'other', why: 'another extension' };
  const url = typeof sender.url === 'string' ? sender.url : typeof sender.tab?.url === 'string' ? sender.tab.url : '';
  // Compared as text: URL.origin is "null" for chrome-extension: and moz-extension: outside a browser.
  const base = self.baseUrl.endsWith('/') ? self.baseUrl : `${self.baseUrl}/`;
  if (/^(chrome|moz)-extension:\/\/[^/]+\/$/i.test(base) && url.startsWith(base)) {
    // Chrome also names the origin; it must agree.
    if (sender.origin !== undefined && sender.origin !== base.slice(0, -1)) return { kind: 'other', why: 'origin mismatch' };
    return { kind: 'extension' };
  }
  if (sender.tab && /^https?:\/\//i.test(url)) return { kind: 'content', url, incognito: sender.tab.incognito === true };
  return { kind: 'other', why: 'not an extension page or a web page tab' };
}

/** The story key a content-script request is about. */
function storyKeyOf(type: Type, message: Record<string, unknown>): unknown {
  if (type === 'chapter/visited') {
    const c = message.chapter as { site?: unknown; storyId?: unknown } | null | undefined;
    return c && typeof c === 'object' && typeof c.site === 'string' && typeof c.storyId === 'string'
      ? `${c.site}:${c.storyId}`
      : null;
  }
  return message.storyKey;
}

/**
 * Null when a content script on `url` may send this request; else why not. The story must be of
 * the page's own site, and a visit's addresses must be that site's http(s) addresses.
 */
export function contentScriptRefusal(type: Type, message: Record<string, unknown>, url: string): string | null {
  if (!CONTENT_SCRIPT_REQUESTS.has(type)) return `${type} is not for web pages`;
  if (type === 'library/marks' || type === 'library/add-stories') return listRefusal(type, message, url);
  const key = storyKeyOf(type, message);
  if (!pageOwnsStory(url, key)) return `${type}: the story is not of this page's site`;
  if (type === 'chapter/visited') {
    const { site, storyId } = siteOfKey(key)!;
    const c = message.chapter as { url?: unknown; storyUrl?: unknown; toc?: unknown };
    if (!isStoryUrl(site, storyId, c.url) || !isStoryUrl(site, storyId, c.storyUrl))
      return 'chapter/visited: addresses not on the story site';
    if (Array.isArray(c.toc) && !c.toc.every((e: { url?: unknown }) => isStoryUrl(site, storyId, e?.url)))
      return 'chapter/visited: table of contents not on the story site';
  }
  return null;
}

export interface PrivateDeps {
  db: Promise<LibraryDB> | (() => Promise<LibraryDB>);
}

/**
 * Answers for a private tab's writes: what the library already knows, nothing recorded.
 * A correction is refused, so the reader view keeps it on that page only (and says so).
 */
export function createPrivateHandlers(
  deps: PrivateDeps,
): Pick<Handlers<BackgroundRequests>, 'chapter/visited' | 'position/save' | 'notes/learn' | 'notes/correct'> {
  const db = () => (typeof deps.db === 'function' ? deps.db() : deps.db);
  return {
    'chapter/visited': async ({ chapter }) => {
      const key = `${chapter.site}:${chapter.storyId}`;
      const library = await db();
      const { story } = await getStory(library, key);
      return { story, position: story ? await readPosition(library, key, String(chapter.chapterId)) : null };
    },
    // Nothing to retry: the position of a private tab is deliberately not kept.
    'position/save': async () => ({ ok: true }),
    'notes/learn': async ({ storyKey }) => ({ memory: await readNoteMemory(await db(), String(storyKey)) }),
    'notes/correct': async () => {
      throw new Error('Private window: corrections are not saved.');
    },
  };
}

export interface ListenerDeps {
  self: ExtensionSelf;
  handlers: Handlers<BackgroundRequests>;
  privateHandlers: Partial<Handlers<BackgroundRequests>>;
  log?: (message: string, detail?: unknown) => void;
}

export type Routed =
  | { kind: 'not-ours' }
  | { kind: 'refused'; error: string }
  | { kind: 'handle'; type: Type; handler: (m: unknown) => unknown; recorded: boolean };

/** Which handler answers a message from this sender, or why it is refused. */
export function routeMessage(message: unknown, sender: SenderLike | undefined, deps: ListenerDeps): Routed {
  if (!message || typeof message !== 'object') return { kind: 'not-ours' };
  const type = (message as { type?: unknown }).type;
  if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(deps.handlers, type)) return { kind: 'not-ours' };
  const t = type as Type;
  const caller = classifySender(sender, deps.self);
  if (caller.kind === 'other') return { kind: 'refused', error: `${t}: refused (${caller.why})` };
  if (caller.kind === 'content') {
    const why = contentScriptRefusal(t, message as Record<string, unknown>, caller.url);
    if (why) return { kind: 'refused', error: `${why}: refused` };
    if (caller.incognito && WRITES.has(t)) {
      const handler = deps.privateHandlers[t] as ((m: unknown) => unknown) | undefined;
      if (!handler) return { kind: 'refused', error: `${t}: not recorded from a private window` };
      return { kind: 'handle', type: t, handler, recorded: false };
    }
  }
  return { kind: 'handle', type: t, handler: deps.handlers[t] as (m: unknown) => unknown, recorded: true };
}

/**
 * A runtime.onMessage listener: undefined for messages that are not ours (other listeners answer
 * them), a rejection for refused senders, else the handler's answer. `afterWrite` runs after a
 * recorded request was answered (sync soon).
 */
export function createMessageListener(deps: ListenerDeps & { afterReply?(type: Type): void }) {
  return (message: unknown, sender?: SenderLike): Promise<unknown> | undefined => {
    const routed = routeMessage(message, sender, deps);
    if (routed.kind === 'not-ours') return undefined;
    if (routed.kind === 'refused') {
      deps.log?.(routed.error, sender?.url);
      return Promise.reject(new Error(routed.error));
    }
    const reply = Promise.resolve().then(() => routed.handler(message));
    if (routed.recorded && deps.afterReply) void reply.then(() => deps.afterReply?.(routed.type), () => undefined);
    return reply;
  };
}

/**
 * Keep a storage area to trusted contexts (extension pages, the worker) where the browser allows
 * it: Chrome's storage.sync and storage.local are open to content scripts by default. Firefox
 * offers setAccessLevel for storage.session only; there the call is skipped or refused, harmlessly.
 */
export function restrictToExtension(area: unknown, log?: (message: string, detail?: unknown) => void): Promise<boolean> {
  const a = area as { setAccessLevel?(o: { accessLevel: string }): Promise<void> } | undefined;
  if (!a || typeof a.setAccessLevel !== 'function') return Promise.resolve(false);
  try {
    return a.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' }).then(
      () => true,
      (err: unknown) => (log?.('storage access level not set', err), false),
    );
  } catch (err) {
    log?.('storage access level not set', err);
    return Promise.resolve(false);
  }
}
