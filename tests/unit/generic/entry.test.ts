import { afterEach, describe, expect, it, vi } from 'vitest';
import { createGenericHandlers, createOpenGeneric, GENERIC_READER_FILE, runCommandWithGeneric } from '../../../lib/background/generic';
import { dispatch, type BackgroundRequests, type Handlers } from '../../../lib/protocol/messages';
import { GENERIC_STATE_KEY, openGenericReader, type GenericEntryDeps } from '../../../lib/reader/generic-entry';
import { genericStoryId, NOT_ARTICLE_MESSAGE } from '../../../lib/sites/generic/adapter';
import type { StorageLike } from '../../../lib/settings/store';
import { DEFAULT_SETTINGS, SETTINGS_KEY } from '../../../lib/settings/settings';
import { casePage } from '../../site-fixtures';
import { readerUi } from '../../../components/reader/ui';
import { workerDetect } from '../reader/fixtures';

const BLOG_URL = 'https://example.org/2024/05/the-lighthouse-keeper-part-2/';

function storage(initial: Record<string, unknown> = {}): StorageLike {
  const data = { ...initial };
  return {
    local: {
      get: async (k) => Object.fromEntries((Array.isArray(k) ? k : [k]).filter((x) => x in data).map((x) => [x, data[x]])),
      set: async (items) => void Object.assign(data, items),
    },
    onChanged: { addListener: () => undefined, removeListener: () => undefined },
  };
}

/** Put a fixture page into the test's own document, as the page the script is injected into. */
function usePage(name: string) {
  // Nothing to load in the test's document: no stylesheets or scripts.
  const html = casePage(name)
    .replace(/<link rel="stylesheet"[^>]*>/g, '')
    .replace(/<script[\s\S]*?<\/script>/g, '');
  const doc = new DOMParser().parseFromString(html, 'text/html');
  document.title = doc.title;
  document.head.innerHTML = doc.head.innerHTML;
  document.body.innerHTML = doc.body.innerHTML;
}

let scope: Record<string, unknown> = {};
let listeners: Array<(m: unknown) => Promise<unknown> | undefined> = [];
afterEach(async () => {
  const state = scope[GENERIC_STATE_KEY] as { session: Promise<{ destroy(): void } | null> } | undefined;
  (await state?.session)?.destroy();
  scope = {};
  listeners = [];
  document.head.innerHTML = '';
  document.body.innerHTML = '';
  for (const el of document.querySelectorAll('calm-reader-root')) el.remove();
  document.documentElement.removeAttribute('style');
  vi.restoreAllMocks();
});

function deps(patch: Partial<GenericEntryDeps> = {}): GenericEntryDeps {
  return {
    ui: readerUi,
    scope,
    listen: (l) => void listeners.push(l),
    doc: document,
    win: window,
    url: BLOG_URL,
    storage: storage({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, enabled: false } }),
    // The worker runs the notes detector (lib/background/notes-detect.ts); nothing else answers.
    runtime: { sendMessage: vi.fn(async (m: unknown) => workerDetect(m)) },
    navigate: vi.fn(),
    afterPaint: (fn) => fn(),
    memoryTimeoutMs: 50,
    visitTimeoutMs: 50,
    ...patch,
  };
}

const host = () => document.querySelector('calm-reader-root') as HTMLElement | null;
const ask = (m: unknown) => listeners.map((l) => l(m)).find((r) => r !== undefined);

describe('generic reader entry (injected script)', () => {
  it('opens the page in reader view even when the reader is off by default, and answers the popup', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    usePage('blog-story.html');
    const pageBefore = document.body.innerHTML;
    const d = deps();
    expect(await openGenericReader(d)).toBe('started');
    expect(host()!.getAttribute('data-state')).toBe('reader');
    const root = host()!.shadowRoot!;
    expect(root.querySelector('[data-testid=chapter-title]')!.textContent).toBe('The Lighthouse Keeper, Part 2');
    expect(root.querySelector('[data-testid=chapter-text]')!.textContent).toContain('The storm came in the night');
    const note = root.querySelector('[data-testid=note]')!;
    expect(note.getAttribute('data-expanded')).toBe('false');
    expect(document.body.innerHTML).toBe(pageBefore);
    expect(listeners).toHaveLength(1);
    expect(await ask({ type: 'tab/status' })).toMatchObject({
      state: 'reader',
      site: 'generic',
      storyKey: `generic:${genericStoryId(BLOG_URL)}`,
      title: 'The Lighthouse Keeper, Part 2',
    });
    expect(d.runtime.sendMessage).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'notes/memory', storyKey: `generic:${genericStoryId(BLOG_URL)}` }),
    );
  });

  it('a second injection toggles the reader already there instead of starting another', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    usePage('blog-story.html');
    expect(await openGenericReader(deps())).toBe('started');
    expect(await openGenericReader(deps())).toBe('toggled');
    expect(document.querySelectorAll('calm-reader-root')).toHaveLength(1);
    expect(host()!.getAttribute('data-state')).toBe('off');
    expect(listeners).toHaveLength(1);
    expect(await openGenericReader(deps())).toBe('toggled');
    expect(host()!.getAttribute('data-state')).toBe('reader');
  });

  it('on a page with no article says so on the page and to the popup', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    usePage('no-article.html');
    expect(await openGenericReader(deps({ url: 'https://example.org/dashboard' }))).toBe('not-article');
    expect(host()!.getAttribute('data-state')).toBe('error');
    expect(host()!.shadowRoot!.textContent).toContain(NOT_ARTICLE_MESSAGE);
    expect(await ask({ type: 'tab/status' })).toMatchObject({ state: 'error', site: 'generic', kind: 'not-chapter' });
  });
});

describe('background: opening the generic reader', () => {
  it('injects the unlisted script into the tab and reports failures in words', async () => {
    const executeScript = vi.fn(async () => [{ result: 'started' }]);
    const open = createOpenGeneric({ executeScript });
    const handlers = createGenericHandlers({ openGeneric: open }) as unknown as Handlers<BackgroundRequests>;
    expect(await dispatch(handlers, { type: 'tab/open-generic', tabId: 12 })).toEqual({ ok: true });
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 12 }, files: [GENERIC_READER_FILE] });
    expect(await open(-1)).toEqual({ ok: false, error: 'No such tab.' });

    const refused = createOpenGeneric({
      executeScript: async () => Promise.reject(new Error('Cannot access contents of url "chrome://settings/".')),
    });
    expect(await refused(3)).toEqual({ ok: false, error: "Calm Reader can't open this page: the browser does not let extensions read it." });
  });

  it('the toggle-reader command opens the generic reader where no content script answers', async () => {
    const open = vi.fn(async () => ({ ok: true }));
    const tabs = {
      query: vi.fn(async () => [{ id: 4 }]),
      sendMessage: vi.fn(async () => Promise.reject(new Error('Receiving end does not exist.'))),
    };
    expect(await runCommandWithGeneric('toggle-reader', tabs, { id: 9 }, open)).toBe('opened-generic');
    expect(open).toHaveBeenCalledWith(9);
    expect(await runCommandWithGeneric('toggle-reader', tabs, undefined, open)).toBe('opened-generic');
    expect(open).toHaveBeenLastCalledWith(4);
    // other commands never inject
    expect(await runCommandWithGeneric('next-chapter', tabs, { id: 9 }, open)).toBe('no-receiver');
    expect(open).toHaveBeenCalledTimes(2);
    // a tab whose content script answers is left to it
    tabs.sendMessage.mockResolvedValueOnce(undefined as never);
    expect(await runCommandWithGeneric('toggle-reader', tabs, { id: 9 }, open)).toBe('sent');
    expect(open).toHaveBeenCalledTimes(2);
  });
});
