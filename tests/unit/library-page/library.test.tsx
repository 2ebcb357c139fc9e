import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { Library } from '../../../components/library-page/Library';
import { visitToCheckMessage } from '../../../lib/library-page/format';
import { SETTINGS_KEY, DEFAULT_SETTINGS } from '../../../lib/settings/settings';
import { flush, makeApi, manyStories, story, type Handlers } from './fixtures';
import type { StoryRecord } from '../../../lib/library/types';
import { popupSnapshot } from '../../../lib/popup/snapshot';

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

const $ = <T extends HTMLElement = HTMLElement>(testId: string, within: ParentNode = container) =>
  within.querySelector<T>(`[data-testid="${testId}"]`);
const $$ = (testId: string, within: ParentNode = container) => [
  ...within.querySelectorAll<HTMLElement>(`[data-testid="${testId}"]`),
];
const row = (key: string) => container.querySelector<HTMLElement>(`[data-testid="library-row"][data-story-key="${key}"]`)!;

async function mount(stories: StoryRecord[], handlers: Handlers = {}) {
  const fake = makeApi(stories, handlers);
  await act(() => {
    render(<Library api={fake.api} root={root} />, container);
  });
  await flush();
  return fake;
}

async function type(el: HTMLInputElement, value: string) {
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
}
async function choose(el: HTMLSelectElement, value: string) {
  await act(() => {
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
}
async function click(el: HTMLElement) {
  await act(() => {
    el.click();
  });
  await flush();
}
async function key(el: HTMLElement, k: string) {
  await act(() => {
    el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true }));
  });
}
async function chooseFile(text: string, name = 'backup.json') {
  const input = $<HTMLInputElement>('import-input')!;
  const file = new File([text], name, { type: 'application/json' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  await act(() => {
    input.dispatchEvent(new Event('change', { bubbles: true }));
  });
  await flush();
}

const sample = () => [
  story({
    storyId: '1',
    title: 'The Long Road Home',
    author: 'quietwriter',
    tags: ['Harry Potter'],
    lastReadAt: 300,
    unread: 3,
    newCount: 2,
    followed: true,
    readingStatus: 'reading',
  }),
  story({
    site: 'ffnet',
    storyId: '2',
    title: 'Café Nights',
    author: 'Zoë',
    url: 'https://www.fanfiction.net/s/2',
    lastChapterUrl: 'https://www.fanfiction.net/s/2/7',
    lastChapterIndex: 7,
    chapterCount: 7,
    lastReadAt: 200,
  }),
  story({ storyId: '3', title: 'Blocked Tale', lastReadAt: 100, checkState: 'visit' }),
];

describe('Library page: rows', () => {
  it('shows every story with title, author, site, progress, unread and status', async () => {
    await mount(sample());
    const rows = $$('library-row');
    expect(rows.map((r) => r.dataset.storyKey)).toEqual(['ao3:1', 'ffnet:2', 'ao3:3']);
    const first = row('ao3:1');
    expect(first.textContent).toContain('The Long Road Home');
    expect(first.textContent).toContain('by quietwriter');
    expect(first.textContent).toContain('Archive of Our Own');
    expect($('progress', first)!.textContent).toBe('Chapter 5 of 12');
    expect($('unread-count', first)!.textContent).toBe('3 unread');
    expect($('new-count', first)!.textContent).toBe('2 new');
    expect($<HTMLSelectElement>('status-select', first)!.value).toBe('reading');
    expect($('follow-toggle', first)!.getAttribute('aria-pressed')).toBe('true');
    expect($('unread-count', row('ffnet:2'))).toBeNull();
    expect(row('ffnet:2').textContent).toContain('FanFiction.net');
    expect($('row-meta', row('ao3:3'))!.textContent).toBe(visitToCheckMessage());
    // List semantics survive virtualisation.
    const list = container.querySelector('[role="list"]')!;
    expect(list.getAttribute('aria-label')).toBe('Stories');
    expect(first.getAttribute('role')).toBe('listitem');
    expect(first.getAttribute('aria-setsize')).toBe('3');
    expect(row('ao3:3').getAttribute('aria-posinset')).toBe('3');
    expect(first.tabIndex).toBe(0);
    expect(row('ffnet:2').tabIndex).toBe(-1);
  });

  it('Continue reading opens the exact chapter', async () => {
    const { opened } = await mount(sample());
    await click($('continue', row('ffnet:2'))!);
    expect(opened).toEqual(['https://www.fanfiction.net/s/2/7']);
  });

  it('Enter on a row continues reading, arrows move between rows', async () => {
    const { opened } = await mount(sample());
    const first = row('ao3:1');
    first.focus();
    await key(first, 'ArrowDown');
    expect(document.activeElement).toBe(row('ffnet:2'));
    expect(row('ffnet:2').tabIndex).toBe(0);
    expect(row('ao3:1').tabIndex).toBe(-1);
    await key(row('ffnet:2'), 'End');
    expect(document.activeElement).toBe(row('ao3:3'));
    await key(row('ao3:3'), 'Enter');
    expect(opened).toEqual(['https://archiveofourown.org/works/3/chapters/5']);
    await key(row('ao3:3'), 'Home');
    expect(document.activeElement).toBe(row('ao3:1'));
  });

  it('the follow toggle sends story/follow', async () => {
    const { calls } = await mount(sample());
    await click($('follow-toggle', row('ffnet:2'))!);
    expect(calls.filter((c) => c.type === 'story/follow')).toEqual([
      { type: 'story/follow', req: { storyKey: 'ffnet:2', followed: true } },
    ]);
    expect($('follow-toggle', row('ffnet:2'))!.getAttribute('aria-pressed')).toBe('true');
    expect($('library-status')!.textContent).toContain('Following “Café Nights”');
  });

  it('a failed follow is undone and reported', async () => {
    await mount(sample(), {
      'story/follow': () => {
        throw new Error('db closed');
      },
    });
    await click($('follow-toggle', row('ffnet:2'))!);
    expect($('follow-toggle', row('ffnet:2'))!.getAttribute('aria-pressed')).toBe('false');
    expect($('library-error')!.textContent).toContain("Couldn't change following");
  });

  it('sets the reading status via story/set-status', async () => {
    const { calls } = await mount(sample());
    await choose($<HTMLSelectElement>('status-select', row('ffnet:2'))!, 'on-hold');
    await flush();
    expect(calls.find((c) => c.type === 'story/set-status')).toEqual({
      type: 'story/set-status',
      req: { storyKey: 'ffnet:2', readingStatus: 'on-hold' },
    });
    await choose($<HTMLSelectElement>('status-select', row('ffnet:2'))!, '');
    await flush();
    expect(calls.filter((c) => c.type === 'story/set-status').at(-1)!.req).toEqual({ storyKey: 'ffnet:2', readingStatus: null });
  });

  it('removes a story only after confirmation', async () => {
    const { calls } = await mount(sample());
    await click($('remove', row('ao3:3'))!);
    expect(calls.some((c) => c.type === 'story/delete')).toBe(false);
    expect(document.activeElement).toBe($('remove-cancel', row('ao3:3')));
    await click($('remove-cancel', row('ao3:3'))!);
    expect($('remove-confirm', row('ao3:3'))).toBeNull();
    expect(document.activeElement).toBe(row('ao3:3'));
    await click($('remove', row('ao3:3'))!);
    await click($('remove-confirm', row('ao3:3'))!);
    expect(calls.filter((c) => c.type === 'story/delete')).toEqual([{ type: 'story/delete', req: { storyKey: 'ao3:3' } }]);
    expect($$('library-row').map((r) => r.dataset.storyKey)).toEqual(['ao3:1', 'ffnet:2']);
  });

  it('checks one story for new chapters and shows the refreshed row', async () => {
    const fresh = { ...sample()[1], followed: true, unread: 2, newCount: 2 };
    const { calls } = await mount(sample(), {
      'updates/check-now': () => ({ checked: 1, newChapters: 2 }),
      'story/get': () => ({ story: fresh, chapters: [] }),
    });
    await click($('check-story', row('ffnet:2'))!);
    expect(calls.find((c) => c.type === 'updates/check-now')!.req).toEqual({ storyKey: 'ffnet:2' });
    expect($('library-status')!.textContent).toBe('2 new chapters found for “Café Nights”.');
    expect($('new-count', row('ffnet:2'))!.textContent).toBe('2 new');
    expect($('unread-count', row('ffnet:2'))!.textContent).toBe('2 unread');
  });
});

describe('Library page: search, sort, filter', () => {
  const keys = () => $$('library-row').map((r) => r.dataset.storyKey);

  it('searches as you type, ignoring accents and case, all words', async () => {
    await mount(sample());
    const search = $<HTMLInputElement>('library-search')!;
    await type(search, 'cafe');
    expect(keys()).toEqual(['ffnet:2']);
    await type(search, 'ZOE cafe');
    expect(keys()).toEqual(['ffnet:2']);
    await type(search, 'harry road');
    expect(keys()).toEqual(['ao3:1']);
    await type(search, 'harry cafe');
    expect(keys()).toEqual([]);
    expect($('no-matches')!.textContent).toContain('“harry cafe”');
    await click($('clear-filters')!);
    expect(keys()).toEqual(['ao3:1', 'ffnet:2', 'ao3:3']);
    expect(search.value).toBe('');
  });

  it('sorts and filters', async () => {
    await mount(sample());
    await choose($<HTMLSelectElement>('library-sort')!, 'title');
    expect(keys()).toEqual(['ao3:3', 'ffnet:2', 'ao3:1']);
    await choose($<HTMLSelectElement>('library-sort')!, 'unread');
    expect(keys()[0]).toBe('ao3:1');
    await choose($<HTMLSelectElement>('library-filter-site')!, 'ffnet');
    expect(keys()).toEqual(['ffnet:2']);
    await choose($<HTMLSelectElement>('library-filter-site')!, 'all');
    await choose($<HTMLSelectElement>('library-filter-status')!, 'reading');
    expect(keys()).toEqual(['ao3:1']);
    await choose($<HTMLSelectElement>('library-filter-status')!, 'any');
    await act(() => $<HTMLInputElement>('library-filter-followed')!.click());
    expect(keys()).toEqual(['ao3:1']);
    expect($('library-count')!.textContent).toBe('Showing 1 of 3 stories');
  });

  it('renders only a window of rows for 10,000 stories', async () => {
    await mount(manyStories(10_000));
    const rows = $$('library-row');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(100);
    expect(rows[0].getAttribute('aria-setsize')).toBe('10000');
    const list = $('library-list')!;
    expect(list.style.height).toBe(`${10_000 * 118}px`);
    // Keyboard navigation reaches the end, rendering the rows there.
    rows[0].focus();
    await key(rows[0], 'End');
    const last = document.activeElement as HTMLElement;
    expect(last.getAttribute('aria-posinset')).toBe('10000');
    expect($$('library-row').length).toBeLessThan(100);
    // Searching still narrows the full list.
    await type($<HTMLInputElement>('library-search')!, 'story number 9999');
    expect(keys()).toEqual(['spacebattles:9999']);
  });
});

describe('Library page: empty, theme', () => {
  it('explains how stories get in', async () => {
    await mount([]);
    const empty = $('library-empty')!;
    expect(empty.textContent).toContain('open a chapter on a supported site');
    expect(empty.textContent).toContain('follow a story from the toolbar popup or from the reader view');
    expect($('library-row')).toBeNull();
  });

  it('follows the reader theme setting', async () => {
    const fake = makeApi(sample());
    fake.storage.data[SETTINGS_KEY] = { ...DEFAULT_SETTINGS, theme: 'dark' };
    await act(() => {
      render(<Library api={fake.api} root={root} />, container);
    });
    await flush();
    expect(root.dataset.theme).toBe('dark');
    await act(() => fake.storage.emit(SETTINGS_KEY, { ...DEFAULT_SETTINGS, theme: 'sepia' }));
    expect(root.dataset.theme).toBe('sepia');
  });

  it('shows a retry when the library cannot load', async () => {
    let fail = true;
    await mount([], {
      'library/list': () => {
        if (fail) throw new Error('Background asleep');
        return { stories: sample() };
      },
    });
    expect($('library-failed')!.textContent).toContain('Background asleep');
    fail = false;
    await click($('library-failed')!.querySelector('button')!);
    expect($$('library-row').length).toBe(3);
  });
});

describe('Library page: update settings', () => {
  it('loads and saves the interval and notifications', async () => {
    const { calls } = await mount(sample());
    const interval = $<HTMLSelectElement>('update-interval')!;
    expect(interval.value).toBe('360');
    expect([...interval.options].map((o) => o.value)).toEqual(['0', '60', '180', '360', '720', '1440']);
    await choose(interval, '60');
    await flush();
    expect(calls.filter((c) => c.type === 'updates/settings').at(-1)!.req).toEqual({ patch: { intervalMinutes: 60 } });
    const notify = $('notify-toggle')!;
    expect(notify.getAttribute('aria-checked')).toBe('false');
    await click(notify);
    expect(calls.filter((c) => c.type === 'updates/settings').at(-1)!.req).toEqual({ patch: { notify: true } });
    expect(notify.getAttribute('aria-checked')).toBe('true');
  });

  it('keeps notifications off when permission is refused', async () => {
    const fake = makeApi(sample());
    fake.api.ensureNotifications = async () => false;
    await act(() => {
      render(<Library api={fake.api} root={root} />, container);
    });
    await flush();
    await click($('notify-toggle')!);
    expect(fake.calls.some((c) => c.type === 'updates/settings' && (c.req as { patch?: object }).patch)).toBe(false);
    expect($('notify-toggle')!.getAttribute('aria-checked')).toBe('false');
    expect($('updates-error')!.textContent).toContain('Notifications were not allowed');
  });

  it('Check all now checks and reloads the list', async () => {
    const { calls } = await mount(sample(), { 'updates/check-now': () => ({ checked: 4, newChapters: 3 }) });
    const lists = calls.filter((c) => c.type === 'library/list').length;
    await click($('check-all')!);
    expect(calls.find((c) => c.type === 'updates/check-now')!.req).toEqual({});
    expect($('check-all-result')!.textContent).toBe('Checked 4 stories: 3 new chapters found.');
    expect(calls.filter((c) => c.type === 'library/list').length).toBe(lists + 1);
  });
});

describe('Library page: backup', () => {
  it('exports a dated JSON file', async () => {
    const { downloads } = await mount(sample());
    await click($('export-button')!);
    expect(downloads).toEqual([{ filename: 'calm-reader-backup-2025-03-10.json', text: '{"version":1}' }]);
    expect($('backup-status')!.textContent).toBe('Exported 3 stories and 3 chapters.');
  });

  it('a refused file shows an alert and imports nothing', async () => {
    const { calls } = await mount(sample(), {
      'backup/preview': () => ({ ok: false, error: 'Not a Calm Reader backup', added: 0, updated: 0, removed: 0, unchanged: 0, chapters: 0 }),
    });
    await chooseFile('{"hello": 1}');
    const err = $('import-error')!;
    expect(err.closest('[role="alert"]')).not.toBeNull();
    expect(err.textContent).toContain('Not a Calm Reader backup.');
    expect(err.textContent).toContain('Nothing was changed');
    expect($('import-preview')).toBeNull();
    expect($('import-confirm')).toBeNull();
    expect(calls.some((c) => c.type === 'backup/import')).toBe(false);
  });

  it('does not repeat "Nothing was changed" when the background already says it', async () => {
    await mount(sample(), {
      'backup/preview': () => ({ ok: false, error: 'The file is damaged. Nothing was changed.', added: 0, updated: 0, removed: 0, unchanged: 0, chapters: 0 }),
    });
    await chooseFile('not json');
    expect($('import-error')!.textContent).toBe('The file is damaged. Nothing was changed.');
  });

  it('previews, then imports on Confirm, with the chosen mode', async () => {
    const report = { ok: true, added: 12, updated: 3, removed: 0, unchanged: 1, chapters: 40 };
    const { calls } = await mount(sample(), {
      'backup/preview': (req) => ({ ...report, removed: req.mode === 'replace' ? 2 : 0 }),
      'backup/import': () => report,
    });
    await chooseFile('{"format":"calm-reader"}');
    expect(calls.find((c) => c.type === 'backup/preview')!.req).toEqual({ json: '{"format":"calm-reader"}', mode: 'merge' });
    expect($('import-preview')!.textContent).toContain('12 stories added, 3 updated, 0 removed');
    expect(calls.some((c) => c.type === 'backup/import')).toBe(false);

    // Switching mode previews again.
    await act(() => $<HTMLInputElement>('import-mode-replace')!.click());
    await flush();
    expect(calls.filter((c) => c.type === 'backup/preview').at(-1)!.req).toEqual({ json: '{"format":"calm-reader"}', mode: 'replace' });
    expect($('import-preview')!.textContent).toContain('12 stories added, 3 updated, 2 removed');

    const lists = calls.filter((c) => c.type === 'library/list').length;
    await click($('import-confirm')!);
    expect(calls.filter((c) => c.type === 'backup/import')).toEqual([
      { type: 'backup/import', req: { json: '{"format":"calm-reader"}', mode: 'replace' } },
    ]);
    expect($('import-preview')).toBeNull();
    expect($('backup-status')!.textContent).toBe('Import finished: 12 stories added, 3 updated, 0 removed.');
    expect(calls.filter((c) => c.type === 'library/list').length).toBe(lists + 1);
    expect($('import-error')).toBeNull();
  });

  it('an import refused at the last step is shown as an error', async () => {
    const { calls } = await mount(sample(), {
      'backup/preview': () => ({ ok: true, added: 1, updated: 0, removed: 0, unchanged: 0, chapters: 0 }),
      'backup/import': () => ({ ok: false, error: 'Backup is from a newer version', added: 0, updated: 0, removed: 0, unchanged: 0, chapters: 0 }),
    });
    await chooseFile('{}');
    await click($('import-confirm')!);
    expect($('import-error')!.textContent).toContain('Backup is from a newer version.');
    expect(calls.filter((c) => c.type === 'library/list').length).toBe(1);
  });
});

describe('opening a large library', () => {
  it('shows the most recently read stories at once, then the whole library when it arrives', async () => {
    const all = Array.from({ length: 120 }, (_, i) => story({ key: `ao3:${i}`, storyId: String(i), title: `Story ${i}`, lastReadAt: 1000 + i }));
    let releaseList!: () => void;
    const listArrived = new Promise<void>((r) => (releaseList = r));
    await mount(all, {
      'library/recent': (req: { limit: number }) => ({ stories: [...all].sort((a, b) => b.lastReadAt - a.lastReadAt).slice(0, req.limit) }),
      'library/list': async () => {
        await listArrived;
        return { stories: all };
      },
    } as Handlers);
    expect($('library-count')?.textContent).toContain('loading the rest');
    expect($$('library-row')[0].textContent).toContain('Story 119');
    releaseList();
    await flush();
    expect($('library-count')?.textContent).not.toContain('loading the rest');
    expect($('library-count')?.textContent).toContain('120');
  });
});

describe('the page reads the library itself', () => {
  it('lists what it read, without asking the worker for the list', async () => {
    const all = Array.from({ length: 80 }, (_, i) => story({ key: `ao3:${i}`, storyId: String(i), title: `Story ${i}`, lastReadAt: 1000 + i }));
    const newest = [...all].sort((a, b) => b.lastReadAt - a.lastReadAt);
    const fake = makeApi([]);
    fake.api.library = { recent: async (n) => newest.slice(0, n), all: async () => newest };
    await act(() => {
      render(<Library api={fake.api} root={root} />, container);
    });
    await flush();
    expect($('library-count')?.textContent).toContain('80');
    expect($$('library-row')[0].textContent).toContain('Story 79');
    expect(fake.calls.map((c) => c.type).filter((t) => t.startsWith('library/'))).toEqual([]);
  });

  it('asks the worker when its own read fails', async () => {
    const fake = makeApi(manyStories(12));
    fake.api.library = { recent: () => Promise.reject(new Error('blocked')), all: () => Promise.reject(new Error('blocked')) };
    await act(() => {
      render(<Library api={fake.api} root={root} />, container);
    });
    await flush();
    expect($('library-count')?.textContent).toContain('12');
    expect(fake.calls.map((c) => c.type)).toContain('library/list');
  });
});

describe("the popup's first frame", () => {
  it('is kept right after a change made here: the whole list, then a story removed', async () => {
    const data = new Map<string, string>();
    const fake = makeApi(sample());
    fake.api.popupSnapshot = popupSnapshot({ getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) });
    await act(() => {
      render(<Library api={fake.api} root={root} />, container);
    });
    await flush();
    const keys = () => fake.api.popupSnapshot!.read()!.map((s) => s.key).sort();
    expect(keys()).toEqual(['ao3:1', 'ao3:3', 'ffnet:2']);
    await click($('remove', row('ao3:3'))!);
    await click($('remove-confirm', row('ao3:3'))!);
    expect(keys()).toEqual(['ao3:1', 'ffnet:2']);
  });
});

