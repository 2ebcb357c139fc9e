import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { Popup } from '../../../components/popup/Popup';
import { DEFAULT_SETTINGS, SETTINGS_KEY, type ReaderSettings } from '../../../lib/settings/settings';
import { unsupportedMessage } from '../../../lib/popup/format';
import { popupSnapshot } from '../../../lib/popup/snapshot';
import { chapterStatus, fakeStorage, flush, makeApi, story } from './fake-api';
import type { TabStatus } from '../../../lib/protocol/messages';

let container: HTMLDivElement;
let root: HTMLDivElement;

beforeEach(() => {
  container = document.createElement('div');
  root = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

const $ = <T extends Element = HTMLElement>(testId: string) => container.querySelector<T & Element>(`[data-testid="${testId}"]`);

async function mount(api: ReturnType<typeof makeApi>['api']) {
  await act(() => {
    render(<Popup api={api} root={root} />, container);
  });
  await flush();
}

function setInput(el: HTMLInputElement | HTMLSelectElement, value: string, event: 'input' | 'change') {
  el.value = value;
  el.dispatchEvent(new Event(event, { bubbles: true }));
}

const stored = (s: ReturnType<typeof fakeStorage>) => s.data[SETTINGS_KEY] as ReaderSettings | undefined;

describe('Popup: this page', () => {
  it('shows the story and chapter a supported tab reports', async () => {
    const { api, tabCalls } = makeApi({ tab: () => chapterStatus() });
    await mount(api);
    const status = $('popup-status')!;
    expect(status.dataset.state).toBe('reader');
    expect(status.textContent).toContain('The Long Road Home');
    expect(status.textContent).toContain('by quietwriter');
    expect($('chapter-label')!.textContent).toBe('Chapter 3 of 10: The Storm');
    expect($('reader-switch')!.getAttribute('aria-checked')).toBe('true');
    expect($('notes-switch')!.getAttribute('aria-checked')).toBe('false');
    expect(status.textContent).toContain('2 notes on this page');
    expect(tabCalls[0]).toEqual({ tabId: 7, type: 'tab/status' });
    expect($('unsupported-message')).toBeNull();
  });

  it('copes with missing author, count and index', async () => {
    const { api } = makeApi({ tab: () => chapterStatus({ author: null, chapterCount: null, chapterTitle: null }) });
    await mount(api);
    expect($('popup-status')!.textContent).not.toContain('by ');
    expect($('chapter-label')!.textContent).toBe('Chapter 3 of ?');
    render(null, container);
    const whole = makeApi({ tab: () => chapterStatus({ chapterIndex: null, chapterCount: null, chapterTitle: null, whole: true }) });
    await mount(whole.api);
    expect($('chapter-label')!.textContent).toBe('Entire work');
  });

  it('shows the layout-changed message for an error status', async () => {
    const { api } = makeApi({
      tab: () => ({ state: 'error', site: 'ao3', kind: 'layout-changed', message: 'missing #workskin' }),
    });
    await mount(api);
    const err = $('error-message')!;
    expect(err.textContent).toContain("Calm Reader can't read this page: the site's layout may have changed.");
    expect($('reader-switch')).toBeNull();
    expect($('continue-to-work')).toBeNull();
  });

  it.each([
    ['login-required', 'ao3', 'AO3 shows this work to logged-in users only — log in on AO3, then reload.'],
    ['bot-check', 'ffnet', 'FanFiction.Net is checking your browser — finish the check, the reader view opens after.'],
    ['rate-limited', 'ao3', 'AO3 asks to retry later'],
    ['listing', 'ao3', 'This is a list of stories, not a chapter'],
    ['not-found', 'ao3', "AO3 says this work doesn't exist"],
  ])('says in plain words why a %s page is not shown', async (kind, site, words) => {
    const { api } = makeApi({ tab: () => ({ state: 'error', site, kind, message: 'technical words' }) });
    await mount(api);
    const err = $('error-message')!;
    expect(err.textContent).toContain(words);
    expect(err.textContent).not.toMatch(/layout|technical words/);
    expect($('copy-diagnostic')).toBeNull();
  });

  it('copies a diagnostic (site, address, adapter version, field, selector; no story text) when the layout changed', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const { api } = makeApi({
      tab: () => ({
        state: 'error',
        site: 'ffnet',
        kind: 'layout-changed',
        message: 'ffnet: could not find the chapter text',
        url: 'https://www.fanfiction.net/s/1/2/x',
        adapterVersion: '2026.12-1',
        field: 'chapter text',
        selector: '#storytext',
      }),
    });
    await mount(api);
    await act(async () => {
      $<HTMLButtonElement>('copy-diagnostic')!.click();
    });
    await flush();
    const copied = (writeText.mock.calls[0] as unknown as [string])[0];
    for (const part of ['site: ffnet', 'url: https://www.fanfiction.net/s/1/2/x', 'adapter version: 2026.12-1', 'missing field: chapter text', 'selector tried: #storytext']) {
      expect(copied).toContain(part);
    }
    expect($('copy-diagnostic-state')!.textContent).toMatch(/Copied/);
  });

  it('offers to continue past the adult-content notice in the same tab', async () => {
    const url = 'https://archiveofourown.org/works/1?view_adult=true';
    const { api } = makeApi({
      tab: () => ({ state: 'error', site: 'ao3', kind: 'adult-warning', message: 'Adult content warning', continueUrl: url }),
    });
    await mount(api);
    expect($('error-message')!.textContent).toMatch(/adult content/i);
    await act(async () => {
      $<HTMLButtonElement>('continue-to-work')!.click();
    });
    await flush();
    expect(api.navigateTab).toHaveBeenCalledWith(7, url);
    expect(api.close).toHaveBeenCalled();
  });

  it('says the page is unsupported when no content script answers', async () => {
    const { api } = makeApi({ tab: 'reject' });
    await mount(api);
    expect($('popup-status')!.dataset.state).toBe('unsupported');
    expect($('unsupported-message')!.textContent).toBe(unsupportedMessage());
  });

  it('opens an unsupported page in the generic reader view and then shows it as a reader tab', async () => {
    let injected = false;
    const { api, bgCalls } = makeApi({
      tab: () => {
        if (!injected) throw new Error('Receiving end does not exist.');
        return chapterStatus({ site: 'generic', storyKey: 'generic:example.org-x', title: 'A Blog Story', chapterIndex: null, chapterCount: null });
      },
      background: (msg) => {
        if (msg.type === 'tab/open-generic') {
          injected = true;
          return { ok: true };
        }
        return undefined;
      },
    });
    await mount(api);
    expect($('popup-status')!.dataset.state).toBe('unsupported');
    const button = $<HTMLButtonElement>('open-generic')!;
    expect(button.textContent).toBe('Open this page in reader view');
    await act(() => button.click());
    await flush();
    expect(bgCalls.find((c) => c.type === 'tab/open-generic')).toEqual({ type: 'tab/open-generic', tabId: 7 });
    expect($('popup-status')!.dataset.state).toBe('reader');
    expect($('story-title')!.textContent).toBe('A Blog Story');
    expect($('open-generic')).toBeNull();
  });

  it('says why the generic reader could not open', async () => {
    const { api } = makeApi({
      tab: 'reject',
      background: (msg) =>
        msg.type === 'tab/open-generic' ? { ok: false, error: "Calm Reader can't open this page." } : undefined,
    });
    await mount(api);
    await act(() => $<HTMLButtonElement>('open-generic')!.click());
    await flush();
    expect($('open-generic-error')!.textContent).toBe("Calm Reader can't open this page.");
    expect($('popup-status')!.dataset.state).toBe('unsupported');
  });

  it('says the page is unsupported when there is no tab or the script answers null', async () => {
    const none = makeApi({ tabId: null, tab: () => chapterStatus() });
    await mount(none.api);
    expect($('unsupported-message')).not.toBeNull();
    expect($('open-generic')).toBeNull();
    expect(none.tabCalls).toHaveLength(0);
    render(null, container);
    const nul = makeApi({ tab: () => null });
    await mount(nul.api);
    expect($('unsupported-message')).not.toBeNull();
  });

  it('turns the reader view off and on through tab/set-reader', async () => {
    let current: TabStatus = chapterStatus({ state: 'reader' });
    const { api, tabCalls } = makeApi({
      tab: (msg) => {
        if (msg.type === 'tab/set-reader') current = { ...(current as Exclude<TabStatus, { state: 'error' }>), state: msg.on ? 'reader' : 'off' };
        return current;
      },
    });
    await mount(api);
    const sw = $<HTMLButtonElement>('reader-switch')!;
    await act(async () => sw.click());
    await flush();
    expect(tabCalls.at(-1)).toEqual({ tabId: 7, type: 'tab/set-reader', on: false });
    expect($('reader-switch')!.getAttribute('aria-checked')).toBe('false');
    expect($('popup-status')!.dataset.state).toBe('off');
    expect($<HTMLButtonElement>('notes-switch')!.disabled).toBe(true);
    await act(async () => $<HTMLButtonElement>('reader-switch')!.click());
    await flush();
    expect(tabCalls.at(-1)).toEqual({ tabId: 7, type: 'tab/set-reader', on: true });
    expect($('reader-switch')!.getAttribute('aria-checked')).toBe('true');
  });

  it('toggles author notes through tab/toggle-notes', async () => {
    let shown = false;
    const { api, tabCalls } = makeApi({
      tab: (msg) => {
        if (msg.type === 'tab/toggle-notes') shown = !shown;
        return chapterStatus({ notesShown: shown, noteCount: 1 });
      },
    });
    await mount(api);
    expect($('popup-status')!.textContent).toContain('1 note on this page');
    await act(async () => $<HTMLButtonElement>('notes-switch')!.click());
    await flush();
    expect(tabCalls.at(-1)).toEqual({ tabId: 7, type: 'tab/toggle-notes' });
    expect($('notes-switch')!.getAttribute('aria-checked')).toBe('true');
    expect($('notes-switch')!.textContent).toContain('Shown');
  });

  it('reads and toggles following through the background', async () => {
    let followed = false;
    const { api, bgCalls } = makeApi({
      tab: () => chapterStatus(),
      background: (msg) => {
        if (msg.type === 'story/get') return { story: story({ followed }), chapters: [] };
        if (msg.type === 'story/follow') {
          followed = Boolean(msg.followed);
          return { story: story({ followed }) };
        }
        return undefined;
      },
    });
    await mount(api);
    expect(bgCalls).toContainEqual({ type: 'story/get', storyKey: 'ao3:1' });
    const btn = $<HTMLButtonElement>('follow-button')!;
    expect(btn.textContent).toContain('Follow');
    expect(btn.getAttribute('aria-pressed')).toBe('false');
    await act(async () => btn.click());
    await flush();
    expect(bgCalls).toContainEqual({ type: 'story/follow', storyKey: 'ao3:1', followed: true });
    expect($('follow-button')!.textContent).toContain('Following');
    expect($('follow-button')!.getAttribute('aria-pressed')).toBe('true');
  });

  it('puts the follow button back when the background fails', async () => {
    const { api } = makeApi({
      tab: () => chapterStatus(),
      background: (msg) => {
        if (msg.type === 'story/follow') return Promise.reject(new Error('db closed'));
        return undefined;
      },
    });
    await mount(api);
    await act(async () => $<HTMLButtonElement>('follow-button')!.click());
    await flush();
    expect($('follow-button')!.getAttribute('aria-pressed')).toBe('false');
  });
});

describe('Popup: reading settings', () => {
  it('shows stored settings', async () => {
    const storage = fakeStorage({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, fontSize: 24, theme: 'sepia', fontFamily: 'mono' } });
    const { api } = makeApi({ storage, tab: 'reject' });
    await mount(api);
    expect($<HTMLInputElement>('font-size')!.value).toBe('24');
    expect(container.textContent).toContain('24 px');
    expect($<HTMLSelectElement>('font-family')!.value).toBe('mono');
    expect($<HTMLInputElement>('theme-sepia')!.checked).toBe(true);
    expect(root.dataset.theme).toBe('sepia');
  });

  it('saves a new theme and applies it to the popup page', async () => {
    const { api, storage } = makeApi({ tab: 'reject' });
    await mount(api);
    expect(root.dataset.theme).toBe('system');
    await act(async () => $<HTMLInputElement>('theme-dark')!.click());
    await flush();
    expect(storage.local.set).toHaveBeenCalledWith({ [SETTINGS_KEY]: expect.objectContaining({ theme: 'dark' }) });
    expect(stored(storage)!.theme).toBe('dark');
    expect($<HTMLInputElement>('theme-dark')!.checked).toBe(true);
    expect(root.dataset.theme).toBe('dark');
  });

  it('saves every control immediately', async () => {
    const { api, storage } = makeApi({ tab: 'reject' });
    await mount(api);
    await act(async () => setInput($<HTMLSelectElement>('font-family')!, 'sans', 'change'));
    await act(async () => setInput($<HTMLInputElement>('font-size')!, '22', 'input'));
    await act(async () => setInput($<HTMLInputElement>('line-height')!, '2', 'input'));
    await act(async () => setInput($<HTMLInputElement>('paragraph-spacing')!, '1.5', 'input'));
    await act(async () => setInput($<HTMLInputElement>('text-width')!, '80', 'input'));
    await act(async () => setInput($<HTMLSelectElement>('align')!, 'justify', 'change'));
    await act(async () => $<HTMLInputElement>('show-notes-default')!.click());
    await act(async () => $<HTMLInputElement>('reader-enabled')!.click());
    await flush();
    expect(stored(storage)).toEqual({
      ...DEFAULT_SETTINGS,
      fontFamily: 'sans',
      fontSize: 22,
      lineHeight: 2,
      paragraphSpacing: 1.5,
      width: 80,
      align: 'justify',
      showNotes: true,
      enabled: false,
    });
  });

  it('keeps both of two quick changes to different settings', async () => {
    const { api, storage } = makeApi({ tab: 'reject' });
    await mount(api);
    await act(async () => {
      setInput($<HTMLSelectElement>('font-family')!, 'mono', 'change');
      setInput($<HTMLInputElement>('text-width')!, '90', 'input');
    });
    await flush();
    expect(stored(storage)).toMatchObject({ fontFamily: 'mono', width: 90 });
  });

  it('steps a size with the − and + buttons', async () => {
    const { api, storage } = makeApi({ tab: 'reject' });
    await mount(api);
    const plus = container.querySelector<HTMLButtonElement>('button[aria-label="Increase line height"]')!;
    await act(async () => plus.click());
    await act(async () => plus.click());
    await flush();
    expect(stored(storage)!.lineHeight).toBe(1.8);
    const minus = container.querySelector<HTMLButtonElement>('button[aria-label="Decrease text size"]')!;
    await act(async () => minus.click());
    await flush();
    expect(stored(storage)!.fontSize).toBe(DEFAULT_SETTINGS.fontSize - 1);
  });

  it('follows changes made elsewhere (another popup or the reader view)', async () => {
    const { api, storage } = makeApi({ tab: 'reject' });
    await mount(api);
    await act(async () => {
      await storage.local.set({ [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, fontSize: 30 } });
    });
    await flush();
    expect($<HTMLInputElement>('font-size')!.value).toBe('30');
  });
});

describe('Popup: continue reading', () => {
  it('lists the five most recent stories and opens the last chapter in a new tab', async () => {
    const stories = [1, 2, 3, 4, 5, 6].map((n) =>
      story({
        key: `ao3:${n}`,
        title: `Story ${n}`,
        lastReadAt: n * 1000,
        lastChapterIndex: n,
        lastChapterTitle: n === 6 ? 'Homecoming' : null,
        lastChapterUrl: `https://archiveofourown.org/works/${n}/chapters/${n}0`,
      }),
    );
    const { api } = makeApi({ tab: 'reject', stories });
    await mount(api);
    const list = $('continue-list')!;
    const items = [...list.querySelectorAll('button')];
    expect(items.map((b) => b.querySelector('.cr-continue-title')!.textContent)).toEqual([
      'Story 6',
      'Story 5',
      'Story 4',
      'Story 3',
      'Story 2',
    ]);
    expect(items[0].textContent).toContain('Chapter 6: Homecoming');
    await act(async () => items[1].click());
    expect(api.openTab).toHaveBeenCalledWith('https://archiveofourown.org/works/5/chapters/50');
  });

  it('reads the library itself when it can: the worker is not asked (it may be asleep or busy)', async () => {
    const stories = [1, 2].map((n) => story({ key: `ao3:${n}`, title: `Story ${n}`, lastReadAt: n * 1000 }));
    const { api, bgCalls } = makeApi({ tab: 'reject' });
    api.library = { forPopup: async () => stories };
    await mount(api);
    expect([...$('continue-list')!.querySelectorAll('.cr-continue-title')].map((t) => t.textContent)).toEqual(['Story 2', 'Story 1']);
    expect(bgCalls.map((c) => c.type)).not.toContain('library/recent');
  });

  it("falls back to the worker's answer when its own read fails", async () => {
    const stories = [story({ key: 'ao3:9', title: 'Story 9' })];
    const { api, bgCalls } = makeApi({ tab: 'reject', stories });
    api.library = { forPopup: () => Promise.reject(new Error('blocked')) };
    await mount(api);
    expect($('continue-list')!.textContent).toContain('Story 9');
    expect(bgCalls.map((c) => c.type)).toContain('library/recent');
  });

  it('says so when the library is empty', async () => {
    const { api } = makeApi({ tab: 'reject', stories: [] });
    await mount(api);
    expect($('continue-list')).toBeNull();
    expect($('continue-empty')).not.toBeNull();
  });

  describe('the list as last seen (snapshot)', () => {
    function memorySnapshot(initial: Parameters<ReturnType<typeof popupSnapshot>['write']>[0] | null) {
      const data = new Map<string, string>();
      const snap = popupSnapshot({ getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) });
      if (initial) snap.write(initial);
      return snap;
    }
    const titles = () => [...container.querySelectorAll('.cr-continue-title')].map((t) => t.textContent);

    it('draws the list as last seen in the first frame, then shows and keeps what the library says', async () => {
      const old = [story({ key: 'ao3:1', title: 'Old place', lastReadAt: 1 })];
      const now = [story({ key: 'ao3:2', storyId: '2', title: 'Read since', lastReadAt: 5 }), story({ key: 'ao3:1', title: 'Old place', lastReadAt: 1 })];
      const { api } = makeApi({ tab: 'reject' });
      let answer!: (s: typeof now) => void;
      api.library = { forPopup: () => new Promise((r) => (answer = r)) };
      api.snapshot = memorySnapshot(old);
      // The first render, before any promise settles: the snapshot's list, marked as such.
      render(<Popup api={api} root={root} />, container);
      expect(titles()).toEqual(['Old place']);
      expect($('continue-list')!.dataset.source).toBe('snapshot');
      expect(container.querySelector('.cr-continue')!.getAttribute('aria-busy')).toBe('true');
      await act(async () => answer(now));
      await flush();
      expect(titles()).toEqual(['Read since', 'Old place']);
      expect($('continue-list')!.dataset.source).toBe('library');
      expect(container.querySelector('.cr-continue')!.getAttribute('aria-busy')).toBe('false');
      expect(api.snapshot.read()!.map((s) => s.title)).toEqual(['Read since', 'Old place']);
    });

    it('says the library could not be read rather than keep showing the snapshot', async () => {
      const { api } = makeApi({ tab: 'reject', background: () => Promise.reject(new Error('asleep')) });
      api.library = { forPopup: () => Promise.reject(new Error('blocked')) };
      api.snapshot = memorySnapshot([story({ title: 'Maybe stale' })]);
      await mount(api);
      expect($('continue-list')).toBeNull();
      expect(container.querySelector('.cr-continue')!.textContent).not.toContain('Maybe stale');
    });

    it('without a snapshot, waits for the library (and then keeps one)', async () => {
      const { api } = makeApi({ tab: 'reject', stories: [story({ title: 'First' })] });
      api.snapshot = memorySnapshot(null);
      render(<Popup api={api} root={root} />, container);
      expect($('continue-list')).toBeNull();
      await flush();
      expect(titles()).toEqual(['First']);
      expect(api.snapshot.read()!.map((s) => s.title)).toEqual(['First']);
    });
  });
});
