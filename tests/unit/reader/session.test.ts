import { afterEach, describe, expect, it, vi } from 'vitest';
import { prefetchPosition, startSession, type Session, type SessionDeps } from '../../../lib/reader/session';
import { adapterFor } from '../../../lib/sites/registry';
import { DEFAULT_SETTINGS, SETTINGS_KEY } from '../../../lib/settings/settings';
import type { StorageLike } from '../../../lib/settings/store';
import type { ExtractError } from '../../../lib/sites/types';
import { makeChapter } from './fixtures';
import { readerUi } from '../../../components/reader/ui';

function fakeStorage(initial: Record<string, unknown> = {}) {
  const data: Record<string, unknown> = { ...initial };
  const listeners = new Set<(c: Record<string, { newValue?: unknown }>, area: string) => void>();
  const storage: StorageLike = {
    local: {
      get: async (k) => {
        const keys = Array.isArray(k) ? k : [k];
        return Object.fromEntries(keys.filter((x) => x in data).map((x) => [x, data[x]]));
      },
      set: async (items) => {
        Object.assign(data, items);
        const changes = Object.fromEntries(Object.entries(items).map(([k, v]) => [k, { newValue: v }]));
        for (const l of listeners) l(changes, 'local');
      },
    },
    onChanged: {
      addListener: (cb) => listeners.add(cb),
      removeListener: (cb) => listeners.delete(cb),
    },
  };
  return { storage, data };
}

let session: Session | null = null;
afterEach(() => {
  session?.destroy();
  session = null;
  vi.useRealTimers();
  vi.restoreAllMocks();
  document.body.innerHTML = '';
  document.documentElement.removeAttribute('style');
});

function deps(patch: Partial<SessionDeps> = {}): SessionDeps {
  const url = patch.url ?? 'https://archiveofourown.org/works/123/chapters/456';
  return {
    ui: readerUi,
    doc: document,
    win: window,
    url,
    adapter: adapterFor(url),
    storage: fakeStorage().storage,
    runtime: { sendMessage: vi.fn(async () => ({ story: {}, position: null })) },
    navigate: vi.fn(),
    extract: () => makeChapter(),
    afterPaint: (fn) => fn(),
    // happy-dom marks every event untrusted: these tests stand for the reader's own clicks (the
    // default, isTrusted, is tested in trusted-input.test.tsx and in Chromium, tests/e2e/security.test.ts).
    isTrustedInput: () => true,
    ...patch,
  };
}

const host = () => document.querySelector('calm-reader-root') as HTMLElement | null;

describe('content script session', () => {
  it('mounts the reader, reports the visit and answers tab messages', async () => {
    const d = deps();
    session = await startSession(d);
    await session.visited;
    expect(host()!.getAttribute('data-state')).toBe('reader');
    expect(d.runtime.sendMessage).toHaveBeenCalledWith(
      expect.objectContaining({ type: 'chapter/visited', chapter: expect.objectContaining({ site: 'ao3', storyId: '123', chapterId: '456' }) }),
    );
    expect(await session.onMessage({ type: 'tab/status' })).toMatchObject({ state: 'reader', storyKey: 'ao3:123', noteCount: 2 });
    expect(await session.onMessage({ type: 'tab/set-reader' })).toMatchObject({ state: 'off' });
    expect(host()!.getAttribute('data-state')).toBe('off');
    expect(await session.onMessage({ type: 'tab/set-reader', on: true })).toMatchObject({ state: 'reader' });
    expect(await session.onMessage({ type: 'tab/toggle-notes' })).toMatchObject({ notesShown: true });
    expect(await session.onMessage({ type: 'tab/navigate', dir: 'next' })).toEqual({ ok: true });
    expect(d.navigate).toHaveBeenCalledWith('https://archiveofourown.org/works/123/chapters/457');
    expect(session.onMessage({ type: 'something/else' })).toBeUndefined();
  });

  it('stays off when the reader is disabled, but offers the floating toggle', async () => {
    const { storage } = fakeStorage({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, enabled: false } });
    session = await startSession(deps({ storage }));
    expect(host()!.getAttribute('data-state')).toBe('off');
    expect(host()!.shadowRoot!.querySelector('[data-testid=reader-toggle]')).not.toBeNull();
    expect(document.documentElement.hasAttribute('style')).toBe(false);
  });

  it('works when the background worker is unavailable', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const runtime = { sendMessage: vi.fn(async () => Promise.reject(new Error('Receiving end does not exist.'))) };
    session = await startSession(deps({ runtime }));
    await session.visited;
    expect(host()!.shadowRoot!.querySelector('[data-testid=chapter-title]')!.textContent).toBe('Rain');
    expect(warn).toHaveBeenCalled();
  });

  it('applies settings changed in storage (popup, other tabs) at once', async () => {
    const { storage } = fakeStorage();
    session = await startSession(deps({ storage }));
    await storage.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, fontSize: 30, theme: 'dark' } });
    expect(host()!.style.getPropertyValue('--cr-font-size')).toBe('30px');
    expect(host()!.shadowRoot!.querySelector('[data-testid=reader-view]')!.getAttribute('data-theme')).toBe('dark');
  });

  it('toolbar changes are saved to storage', async () => {
    const { storage, data } = fakeStorage();
    session = await startSession(deps({ storage }));
    (host()!.shadowRoot!.querySelector('[data-testid=font-larger]') as HTMLElement).click();
    await vi.waitFor(() => expect((data[SETTINGS_KEY] as { fontSize: number }).fontSize).toBe(DEFAULT_SETTINGS.fontSize + 1));
  });

  it('on a layout change leaves the page as it is, warns, and shows a quiet notice that fades', async () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    document.body.innerHTML = '<div id="workskin"><p>Site text</p></div>';
    const before = document.body.innerHTML;
    const err: ExtractError = {
      error: 'AO3: chapter text not found.',
      site: 'ao3',
      kind: 'layout-changed',
      field: 'blocks',
      selector: '#chapters .userstuff',
    };
    session = await startSession(deps({ extract: () => err }));
    expect(document.body.innerHTML).toBe(before);
    expect(document.documentElement.hasAttribute('style')).toBe(false);
    expect(warn.mock.calls.flat().join(' ')).toContain('#chapters .userstuff');
    expect(host()!.getAttribute('data-state')).toBe('error');
    const notice = host()!.shadowRoot!.querySelector('[data-testid=notice]')!;
    expect(notice.textContent).toContain("Calm Reader couldn't read this page");
    expect(notice.getAttribute('role')).toBe('status');
    expect(await session.onMessage({ type: 'tab/status' })).toMatchObject({ state: 'error', kind: 'layout-changed', site: 'ao3' });
    expect(await session.onMessage({ type: 'tab/navigate', dir: 'next' })).toEqual({ ok: false });
    vi.advanceTimersByTime(20_000);
    expect(host()).toBeNull();
  });

  it('the notice can be dismissed', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    session = await startSession(deps({ extract: () => ({ error: 'x', site: 'ffnet', kind: 'layout-changed' }) }));
    (host()!.shadowRoot!.querySelector('[data-testid=notice-dismiss]') as HTMLElement).click();
    expect(host()).toBeNull();
  });

  it('on a non-chapter page does nothing visible and reports the error', async () => {
    session = await startSession(
      deps({ extract: () => ({ error: 'Adult content warning', site: 'ao3', kind: 'adult-warning', continueUrl: 'https://archiveofourown.org/works/1?view_adult=true' }) }),
    );
    expect(host()).toBeNull();
    expect(await session.onMessage({ type: 'tab/status' })).toEqual({
      state: 'error',
      site: 'ao3',
      kind: 'adult-warning',
      message: 'Adult content warning',
      continueUrl: 'https://archiveofourown.org/works/1?view_adult=true',
      url: 'https://archiveofourown.org/works/123/chapters/456',
      adapterVersion: expect.any(String),
    });
  });

  it.each([
    ['login-required', 'AO3 shows this work to logged-in users only — log in on AO3, then reload.'],
    ['bot-check', 'AO3 is checking your browser — finish the check, the reader view opens after.'],
    ['rate-limited', 'AO3 asks to retry later'],
  ])('on a %s page says why in plain words, without a word about layouts', async (kind, words) => {
    const err = { error: 'x', site: 'ao3', kind } as ExtractError;
    session = await startSession(deps({ extract: () => err }));
    const notice = host()!.shadowRoot!.querySelector('[data-testid=notice]')!;
    expect(notice.textContent).toContain(words);
    expect(notice.textContent).not.toMatch(/layout/);
    expect(await session.onMessage({ type: 'tab/status' })).toMatchObject({ state: 'error', kind });
  });

  it('says nothing on the page about a refused page while the reader view is off, nor on a listing', async () => {
    const { storage } = fakeStorage({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, enabled: false } });
    session = await startSession(deps({ storage, extract: () => ({ error: 'x', site: 'ao3', kind: 'login-required' }) }));
    expect(host()).toBeNull();
    session.destroy();
    session = await startSession(deps({ extract: () => ({ error: 'x', site: 'ao3', kind: 'listing' }) }));
    expect(host()).toBeNull();
  });

  it('gives the popup a diagnostic without story text: address (no token), adapter version, field, selector', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const url = 'https://www.fanfiction.net/s/1/2/x?__cf_chl_tk=secret#top';
    const err: ExtractError = { error: 'e', site: 'ffnet', kind: 'layout-changed', field: 'chapter text', selector: '#storytext' };
    session = await startSession(deps({ url, extract: () => err }));
    expect(await session.onMessage({ type: 'tab/status' })).toMatchObject({
      url: 'https://www.fanfiction.net/s/1/2/x',
      adapterVersion: expect.stringMatching(/\d/),
      field: 'chapter text',
      selector: '#storytext',
    });
  });

  it('an extractor that throws is treated as a layout change, never an uncaught error', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    session = await startSession(
      deps({
        extract: () => {
          throw new Error('boom');
        },
      }),
    );
    expect(await session.onMessage({ type: 'tab/status' })).toMatchObject({ state: 'error', kind: 'layout-changed' });
  });

  it('restores the saved position returned by chapter/visited', async () => {
    const runtime = { sendMessage: vi.fn(async () => ({ story: {}, position: { blockIndex: 3, offsetRatio: 0.5, updatedAt: 1 } })) };
    const painted: Array<() => void> = [];
    session = await startSession(deps({ runtime, afterPaint: (fn) => painted.push(fn) }));
    await session.visited;
    expect(painted).toHaveLength(1);
  });
});

describe('start-up without waiting for the library', () => {
  const saved = { blockIndex: 3, offsetRatio: 0.5, updatedAt: 1 };
  /** A library whose answer to chapter/visited never arrives (a busy or stopped worker). */
  const silentVisit = () => ({
    sendMessage: vi.fn((m: { type: string }) => (m.type === 'chapter/visited' ? new Promise(() => undefined) : Promise.resolve({}))),
  });

  it('opens at the prefetched position of the chapter the URL named, without waiting for the visit', async () => {
    const runtime = silentVisit();
    const painted: Array<() => void> = [];
    const position = { storyKey: 'ao3:123', chapterId: '456', position: Promise.resolve(saved) };
    session = await startSession(deps({ runtime, position, afterPaint: (fn) => painted.push(fn) }));
    // restored in the first render's task: nothing waits for chapter/visited
    expect(painted).toHaveLength(1);
    await session.visited;
    expect(runtime.sendMessage).toHaveBeenCalledWith(expect.objectContaining({ type: 'chapter/visited' }));
  });

  it("a URL that named no chapter (a one-shot, a work's address): asks for the position the page names, and is ready without the visit", async () => {
    const runtime = {
      sendMessage: vi.fn((m: { type: string }) =>
        m.type === 'chapter/visited' ? new Promise(() => undefined) : Promise.resolve(m.type === 'position/get' ? { position: saved } : {}),
      ),
    };
    const painted: Array<() => void> = [];
    session = await startSession(deps({ runtime, url: 'https://archiveofourown.org/works/123', afterPaint: (fn) => painted.push(fn) }));
    // The fixture chapter is chapter 456 of work 123: its saved place, in the first render's task.
    expect(runtime.sendMessage).toHaveBeenCalledWith({ type: 'position/get', storyKey: 'ao3:123', chapterId: '456' });
    expect(painted).toHaveLength(1);
    await session.visited;
  });

  it('uses the settings already being loaded instead of reading them again', async () => {
    const { storage } = fakeStorage();
    const get = vi.spyOn(storage.local, 'get');
    session = await startSession(deps({ storage, settings: Promise.resolve({ ...DEFAULT_SETTINGS, fontSize: 24 }) }));
    // The only read is the reader's measured speed (lib/reader/reading-time.ts), never the settings again.
    expect(get.mock.calls.every(([k]) => k === 'readingSpeed')).toBe(true);
    expect(host()!.getAttribute('style')).toContain('24px');
  });

  it('ignores a prefetched position of another chapter and uses the visit\'s answer', async () => {
    const runtime = { sendMessage: vi.fn(async () => ({ story: {}, position: { ...saved, blockIndex: 1 } })) };
    const painted: Array<() => void> = [];
    const position = { storyKey: 'ao3:123', chapterId: '999', position: Promise.resolve(saved) };
    session = await startSession(deps({ runtime, position, afterPaint: (fn) => painted.push(fn) }));
    await session.visited;
    expect(painted).toHaveLength(1);
    expect(session.controller!.status().state).toBe('reader');
  });

  it('falls back to the visit\'s answer when the prefetch failed', async () => {
    const runtime = { sendMessage: vi.fn(async () => ({ story: {}, position: saved })) };
    const painted: Array<() => void> = [];
    const failed = Promise.reject(new Error('worker stopped'));
    failed.catch(() => undefined);
    const position = { storyKey: 'ao3:123', chapterId: '456', position: failed };
    session = await startSession(deps({ runtime, position, afterPaint: (fn) => painted.push(fn) }));
    await session.visited;
    expect(painted).toHaveLength(1);
  });

  it('waits briefly for a prefetched position still on its way, so the first render is at it', async () => {
    const runtime = silentVisit();
    const painted: Array<() => void> = [];
    const position = { storyKey: 'ao3:123', chapterId: '456', position: new Promise<typeof saved>((r) => setTimeout(() => r(saved), 5)) };
    session = await startSession(deps({ runtime, position, positionWaitMs: 500, afterPaint: (fn) => painted.push(fn) }));
    expect(painted).toHaveLength(1);
  });

  it('a prefetched position later than the wait is applied when it arrives', async () => {
    const runtime = silentVisit();
    const painted: Array<() => void> = [];
    let answer!: (p: typeof saved) => void;
    const position = { storyKey: 'ao3:123', chapterId: '456', position: new Promise<typeof saved>((r) => (answer = r)) };
    session = await startSession(deps({ runtime, position, positionWaitMs: 10, afterPaint: (fn) => painted.push(fn) }));
    expect(painted).toHaveLength(0);
    answer(saved);
    await session.visited;
    expect(painted).toHaveLength(1);
  });
});

describe('prefetchPosition', () => {
  it('asks for the position of the chapter the URL names, and keeps only a well-formed answer', async () => {
    const runtime = { sendMessage: vi.fn(async () => ({ position: { blockIndex: 2, offsetRatio: 0.1, updatedAt: 5 } })) };
    const url = 'https://archiveofourown.org/works/123/chapters/456';
    const p = prefetchPosition(runtime, adapterFor(url), url)!;
    expect(p).toMatchObject({ storyKey: 'ao3:123', chapterId: '456' });
    expect(runtime.sendMessage).toHaveBeenCalledWith({ type: 'position/get', storyKey: 'ao3:123', chapterId: '456' });
    expect(await p.position).toEqual({ blockIndex: 2, offsetRatio: 0.1, updatedAt: 5 });
    const bad = { sendMessage: vi.fn(async () => ({ position: { blockIndex: -1, offsetRatio: 2 } })) };
    expect(await prefetchPosition(bad, adapterFor(url), url)!.position).toBeNull();
  });

  it('the entire-work view is its own chapter; a work URL that names no chapter asks nothing', () => {
    const runtime = { sendMessage: vi.fn(async () => ({ position: null })) };
    const full = 'https://archiveofourown.org/works/123?view_full_work=true';
    expect(prefetchPosition(runtime, adapterFor(full), full)).toMatchObject({ chapterId: 'full' });
    const work = 'https://archiveofourown.org/works/123';
    expect(prefetchPosition(runtime, adapterFor(work), work)).toBeNull();
    expect(prefetchPosition(runtime, null, work)).toBeNull();
    expect(runtime.sendMessage).toHaveBeenCalledTimes(1);
  });
});

describe('content script session on real fixture pages', () => {
  it('AO3 one-shot (its address names no chapter): the position is asked for once the page is read, before the notes are decided', async () => {
    const { pageExpected, pageHtml } = await import('../../site-fixtures');
    const meta = pageExpected('ao3-oneshot');
    expect(meta.url).not.toContain('/chapters/');
    document.body.innerHTML = new DOMParser().parseFromString(pageHtml('ao3-oneshot'), 'text/html').body.innerHTML;
    for (const n of Array.from(document.body.querySelectorAll('script'))) n.remove();
    const held: Array<() => void> = [];
    const runtime = {
      sendMessage: vi.fn((m: { type: string }) =>
        m.type === 'chapter/visited'
          ? new Promise(() => undefined)
          : m.type === 'position/get'
            ? Promise.resolve({ position: { blockIndex: 3, offsetRatio: 0.5, updatedAt: 1 } })
            : // the notes memory and the detector's words: held until the test lets them through
              new Promise((r) => held.push(() => r({}))),
      ),
    };
    const painted: Array<() => void> = [];
    const { extract: _omit, ...rest } = deps({ url: meta.url, runtime, afterPaint: (fn) => painted.push(fn) });
    const started = startSession(rest);
    await Promise.resolve();
    // Asked while the notes' answers are still out.
    expect(held.length).toBeGreaterThan(0);
    const asked = runtime.sendMessage.mock.calls.filter(([m]) => m.type === 'position/get');
    expect(asked).toHaveLength(1);
    expect(asked[0][0]).toMatchObject({ storyKey: `ao3:${/works\/(\d+)/.exec(meta.url)![1]}` });
    while (!painted.length) {
      held.splice(0).forEach((f) => f());
      await new Promise((r) => setTimeout(r, 0));
    }
    session = await started;
    // Asked once: the view opened at it in its first render's task.
    expect(runtime.sendMessage.mock.calls.filter(([m]) => m.type === 'position/get')).toHaveLength(1);
    expect(session.error).toBeNull();
    // The worker answered nothing usable: a quiet notice says so. It goes with the session.
    const notices = () =>
      [...document.querySelectorAll('*')].filter((e) => e.shadowRoot?.querySelector('[data-testid=notice]') || e.matches('[data-testid=notice]')).length;
    await vi.waitFor(() => expect(notices()).toBe(1));
    session.destroy();
    session = null;
    expect(notices()).toBe(0);
  });

  it('AO3 chapter: the real extractor feeds the reader view; the site page stays intact underneath', async () => {
    const { pageExpected, pageHtml } = await import('../../site-fixtures');
    const html = pageHtml('ao3-chapter-middle');
    const meta = pageExpected('ao3-chapter-middle');
    const parsed = new DOMParser().parseFromString(html, 'text/html');
    document.body.innerHTML = parsed.body.innerHTML;
    for (const n of Array.from(document.body.querySelectorAll('script'))) n.remove();
    const before = document.body.innerHTML;
    const { extract: _omit, ...rest } = deps({ url: meta.url });
    session = await startSession(rest);
    const root = host()!.shadowRoot!;
    expect(session.error).toBeNull();
    expect(root.querySelector('[data-testid=story-title]')!.textContent).toBe(meta.expect.title);
    expect(root.querySelector('[data-testid=chapter-title]')!.textContent).toBe(meta.expect.chapterTitle);
    expect(root.querySelector('[data-testid=author]')!.textContent).toContain(meta.expect.author);
    expect(root.querySelector('[data-testid=next-chapter]')!.getAttribute('href')).toBe(meta.expect.nextUrl);
    expect(root.querySelector('[data-testid=chapter-text]')!.textContent).toContain(meta.expect.storyStartsWith);
    const notes = Array.from(root.querySelectorAll('[data-testid=note]'));
    expect(notes.length).toBeGreaterThan(0);
    for (const n of notes) expect(n.querySelector('[aria-expanded]')!.getAttribute('aria-expanded')).toBe('false');
    expect(root.querySelector('script')).toBeNull();
    expect(document.body.innerHTML).toBe(before);
  });
});
