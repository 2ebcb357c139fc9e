import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { Popup } from '../../../components/popup/Popup';
import { drawFirstFrame, TAKEOVER_EVENT } from '../../../lib/popup/first-frame';
import { popupSnapshot, SNAPSHOT_KEY, THEME_KEY, type SnapshotStory } from '../../../lib/popup/snapshot';
import { DEFAULT_SETTINGS, SETTINGS_KEY } from '../../../lib/settings/settings';
import { flush, makeApi, story } from './fake-api';

let first: HTMLDivElement;
let ui: HTMLDivElement;
const root = document.createElement('div');

beforeEach(() => {
  first = document.createElement('div');
  ui = document.createElement('div');
  document.body.append(first, ui);
});
afterEach(() => {
  render(null, first);
  render(null, ui);
  first.remove();
  ui.remove();
});

function memorySnapshot(initial: SnapshotStory[] | null, raw?: string, theme?: string) {
  const data = new Map<string, string>();
  const snap = popupSnapshot({ getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) });
  if (initial) snap.write(initial);
  if (raw !== undefined) data.set(SNAPSHOT_KEY, raw);
  if (theme !== undefined) data.set(THEME_KEY, theme);
  return snap;
}

/** The tree as tags, sorted attributes and text: what a reader and Preact's reuse of elements see. */
function shape(node: Node): unknown {
  if (node.nodeType === 3) return node.textContent;
  const e = node as Element;
  const attrs = [...e.attributes].map((a) => `${a.name}=${a.value}`).sort();
  return [e.localName, attrs, [...e.childNodes].map(shape)];
}

/** An api whose library read never answers: the UI stays on its first render. */
function pendingApi(snapshot: ReturnType<typeof memorySnapshot>) {
  const { api } = makeApi({ tab: () => new Promise(() => undefined) });
  api.library = { forPopup: () => new Promise(() => undefined) };
  api.storage.local.get = () => new Promise(() => undefined);
  api.snapshot = snapshot;
  return api;
}

const STORIES = [
  story({ key: 'ao3:1', storyId: '1', title: 'Read last', lastReadAt: 9, unread: 3 }),
  story({ key: 'ao3:2', storyId: '2', title: 'With news', lastReadAt: 2, followed: true, newCount: 2, newChaptersAt: 5 }),
  story({ key: 'ao3:3', storyId: '3', title: 'Whole work', lastReadAt: 1, lastChapterId: 'full', lastChapterIndex: null }),
  story({ key: 'ao3:4', storyId: '4', title: 'Named chapter', lastReadAt: 0, lastChapterTitle: 'The Storm' }),
];

describe('the popup first frame (popup-first.js)', () => {
  for (const [name, snap] of [
    ['a list as last seen', () => memorySnapshot(STORIES)],
    ['an empty list as last seen', () => memorySnapshot([])],
    ['no snapshot', () => memorySnapshot(null)],
    ['a broken snapshot', () => memorySnapshot(null, '{"v":1,"stories":[{"key":"x"}]}')],
  ] as const) {
    it(`is the markup of the UI's first render: ${name}`, () => {
      const api = pendingApi(snap());
      drawFirstFrame(first, api.snapshot!, api);
      render(<Popup api={api} root={root} />, ui);
      expect(shape(first)).toEqual(shape(ui));
      expect(first.querySelector('[data-testid=continue-list]')?.getAttribute('data-source') ?? null).toBe(name === 'a list as last seen' ? 'snapshot' : null);
    });
  }

  it('shows a title from the snapshot as text, never as markup', () => {
    const api = pendingApi(memorySnapshot([story({ title: '<img src=x onerror="alert(1)">' })]));
    drawFirstFrame(first, api.snapshot!, api);
    expect(first.querySelector('img')).toBeNull();
    expect(first.querySelector('.cr-continue-title')!.textContent).toBe('<img src=x onerror="alert(1)">');
  });

  it('draws in the theme last applied, and ignores a stored value that is not a theme', () => {
    const html = document.documentElement;
    html.dataset.theme = 'system';
    drawFirstFrame(first, memorySnapshot(STORIES, undefined, '"><img src=x>'), makeApi().api);
    expect(html.dataset.theme).toBe('system');
    first.replaceChildren();
    drawFirstFrame(first, memorySnapshot(STORIES, undefined, 'dark'), makeApi().api);
    expect(html.dataset.theme).toBe('dark');
    html.dataset.theme = 'system';
  });

  it('the UI keeps the theme it applies for the next first frame', async () => {
    const { api, storage } = makeApi({ tab: 'reject' });
    storage.data[SETTINGS_KEY] = { ...DEFAULT_SETTINGS, theme: 'sepia' };
    api.snapshot = memorySnapshot(null);
    await act(() => {
      render(<Popup api={api} root={root} />, ui);
    });
    await flush();
    expect(root.dataset.theme).toBe('sepia');
    expect(api.snapshot.readTheme()).toBe('sepia');
  });

  it('draws nothing into a container that already has content', () => {
    const api = pendingApi(memorySnapshot(STORIES));
    first.append('x');
    expect(drawFirstFrame(first, api.snapshot!, api)).toBeNull();
    expect(first.textContent).toBe('x');
  });

  it('works before the takeover; the UI then reuses its elements, keeps the focus and alone answers clicks', async () => {
    const api = pendingApi(memorySnapshot(STORIES));
    drawFirstFrame(first, api.snapshot!, api);
    const row = first.querySelector<HTMLButtonElement>('[data-story-key="ao3:2"]')!;
    row.click();
    expect(api.openTab).toHaveBeenCalledWith('https://archiveofourown.org/works/1/chapters/11');
    first.querySelector<HTMLButtonElement>('[data-testid=open-library]')!.click();
    expect(api.openLibrary).toHaveBeenCalledTimes(1);
    first.querySelector<HTMLAnchorElement>('[data-testid=all-settings]')!.click();
    expect(api.openOptions).toHaveBeenCalledTimes(1);
    row.focus();
    expect(document.activeElement).toBe(row);

    api.openTab.mockClear();
    first.dispatchEvent(new Event(TAKEOVER_EVENT));
    await act(() => {
      render(<Popup api={api} root={root} />, first);
    });
    await flush();
    expect(first.querySelectorAll('main')).toHaveLength(1);
    expect(first.querySelector('[data-story-key="ao3:2"]')).toBe(row);
    expect(document.activeElement).toBe(row);
    row.click();
    expect(api.openTab).toHaveBeenCalledTimes(1);
  });
});
