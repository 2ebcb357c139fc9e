import { afterEach, describe, expect, it, vi } from 'vitest';
import { PAGE_REST_ID } from '../../../lib/reader/scroll-lock';
import { ReaderController, type ReaderControllerOptions } from '../../../lib/reader/controller';
import { DEFAULT_SETTINGS, type ReaderSettings } from '../../../lib/settings/settings';
import { makeChapter } from './fixtures';
import { readerUi } from '../../../components/reader/ui';
import { registerLateParts } from '../../../components/reader/late';
import { LATE_PARTS } from '../../../components/reader/late-parts';

// The late parts as the late script hands them over (tests/unit/reader/late-parts.test.tsx: before they arrive).
registerLateParts(LATE_PARTS);

let current: ReaderController | null = null;

function mount(patch: Partial<ReaderControllerOptions> = {}, settings: Partial<ReaderSettings> = {}) {
  const opts: ReaderControllerOptions = {
    ui: readerUi,
    doc: document,
    win: window,
    chapter: makeChapter(),
    settings: { ...DEFAULT_SETTINGS, ...settings },
    saveSettings: vi.fn(async () => undefined),
    savePosition: vi.fn(),
    navigate: vi.fn(),
    afterPaint: (fn) => fn(),
    // happy-dom marks every event untrusted: these tests stand for the reader's own clicks (the
    // default, isTrusted, is tested in trusted-input.test.tsx and in Chromium, tests/e2e/security.test.ts).
    isTrustedInput: () => true,
    ...patch,
  };
  current = new ReaderController(opts);
  const host = document.querySelector('calm-reader-root') as HTMLElement;
  const root = host.shadowRoot!;
  const $ = <T extends Element = HTMLElement>(sel: string) => root.querySelector<T & HTMLElement>(sel);
  const $$ = (sel: string) => Array.from(root.querySelectorAll<HTMLElement>(sel));
  return { c: current, opts, host, root, $, $$ };
}

/** happy-dom has no layout: give the view and its blocks geometry that follows scrollTop (100px blocks from y=300). */
function giveGeometry(view: HTMLElement, toolbar: HTMLElement) {
  const state = { scrollTop: 0 };
  Object.defineProperty(view, 'scrollTop', {
    get: () => state.scrollTop,
    set: (v: number) => (state.scrollTop = v),
    configurable: true,
  });
  view.getBoundingClientRect = () => ({ top: 0, bottom: 600, height: 600 }) as DOMRect;
  toolbar.getBoundingClientRect = () => ({ top: 0, bottom: 0, height: 0 }) as DOMRect;
  for (const el of Array.from(view.querySelectorAll<HTMLElement>('[data-block-index]'))) {
    const i = Number(el.dataset.blockIndex);
    el.getBoundingClientRect = () => {
      const h = el.closest('[hidden]') ? 0 : 100;
      const t = 300 + i * 100 - state.scrollTop;
      return { top: t, bottom: t + h, height: h } as DOMRect;
    };
  }
  return state;
}

function key(target: EventTarget, k: string, init: KeyboardEventInit = {}) {
  const e = new KeyboardEvent('keydown', { key: k, bubbles: true, composed: true, cancelable: true, ...init });
  target.dispatchEvent(e);
  return e;
}

afterEach(() => {
  current?.destroy();
  current = null;
  document.documentElement.removeAttribute('style');
  document.body.innerHTML = '';
});

describe('reader view', () => {
  it('renders title, story, author, summary, blocks and chapter links in an open shadow root', () => {
    const { c, host, $, $$ } = mount();
    expect(host.getAttribute('data-state')).toBe('off');
    expect($('[data-testid=reader-toggle]')).not.toBeNull();
    c.show();
    expect(host.getAttribute('data-state')).toBe('reader');
    expect($('[data-testid=reader-toggle]')).toBeNull();
    expect($('[data-testid=chapter-title]')!.textContent).toBe('Rain');
    expect($('[data-testid=story-title]')!.textContent).toBe('The Long Way Home');
    expect($('[data-testid=author]')!.textContent).toContain('quietwriter');
    expect($('[data-testid=summary]')!.textContent).toContain('Two friends walk home');
    expect($$('[data-block-index]').map((e) => e.dataset.blockIndex)).toEqual(['0', '1', '2', '3', '4', '5']);
    expect($('[data-block-index="3"]')!.innerHTML).toContain('<em>Later</em>');
    const next = $$('[data-testid=next-chapter]');
    expect(next).toHaveLength(2); // toolbar and bottom
    expect(next[0].getAttribute('href')).toBe('https://archiveofourown.org/works/123/chapters/457');
    expect($('[data-testid=prev-chapter]')!.getAttribute('href')).toContain('/455');
    expect($('[data-testid=back-to-site]')!.textContent).toContain('Back to site');
    expect($('[data-testid=reader-view]')!.getAttribute('data-theme')).toBe('light');
  });

  it('sets typography custom properties on the shadow host and follows settings changes', () => {
    const { c, host, $ } = mount({}, { fontSize: 22, theme: 'sepia' });
    c.show();
    expect(host.style.getPropertyValue('--cr-font-size')).toBe('22px');
    expect($('[data-testid=reader-view]')!.getAttribute('data-theme')).toBe('sepia');
    c.applySettings({ ...DEFAULT_SETTINGS, fontSize: 25, theme: 'black' });
    expect(host.style.getPropertyValue('--cr-font-size')).toBe('25px');
    expect($('[data-testid=reader-view]')!.getAttribute('data-theme')).toBe('black');
  });

  it('collapses each note run into a labelled disclosure that opens on click', () => {
    const { c, $$ } = mount();
    c.show();
    const notes = $$('[data-testid=note]');
    expect(notes).toHaveLength(2);
    expect(notes[0].getAttribute('aria-label')).toBe('Chapter notes');
    expect(notes[1].getAttribute('aria-label')).toBe('End notes');
    const btn = notes[0].querySelector('button')!;
    expect(btn.getAttribute('aria-expanded')).toBe('false');
    expect(btn.textContent).toContain('Thanks for the kudos'); // preview
    const content = notes[0].querySelector('.cr-note-content')!;
    expect(content.hasAttribute('hidden')).toBe(true);
    expect(btn.getAttribute('aria-controls')).toBe(content.id);
    btn.click();
    expect(btn.getAttribute('aria-expanded')).toBe('true');
    expect(notes[0].getAttribute('data-expanded')).toBe('true');
    expect(content.hasAttribute('hidden')).toBe(false);
    expect(notes[1].querySelector('button')!.getAttribute('aria-expanded')).toBe('false');
  });

  it('shows notes open with showNotes, and toggles all notes from the toolbar, N and tab message', () => {
    const { c, $, $$, root } = mount({}, { showNotes: true });
    c.show();
    const expanded = () => $$('[data-testid=note-toggle]').map((b) => b.getAttribute('aria-expanded'));
    expect(expanded()).toEqual(['true', 'true']);
    $('[data-testid=notes-toggle]')!.click();
    expect(expanded()).toEqual(['false', 'false']);
    expect($('[data-testid=notes-toggle]')!.getAttribute('aria-pressed')).toBe('false');
    key($('[data-testid=reader-view]')!, 'n');
    expect(expanded()).toEqual(['true', 'true']);
    c.toggleNotes();
    expect(expanded()).toEqual(['false', 'false']);
    expect(c.status()).toMatchObject({ state: 'reader', notesShown: false, noteCount: 2, storyKey: 'ao3:123' });
    expect(root.querySelector('[data-testid=unsure]')).not.toBeNull();
  });

  it('locks page scrolling while on and restores <html> exactly when off', () => {
    const html = document.documentElement;
    html.removeAttribute('style');
    const { c } = mount();
    c.show();
    expect(html.style.getPropertyValue('overflow')).toBe('hidden');
    // the page under the view is not laid out: <body> undisplayed by one style of ours, outside <body>
    const rest = document.getElementById(PAGE_REST_ID)!;
    expect(rest.parentNode).toBe(html);
    expect(rest.textContent).toBe('body{display:none!important}');
    c.hide();
    expect(document.getElementById(PAGE_REST_ID)).toBeNull();
    expect(html.hasAttribute('style')).toBe(false);
    html.setAttribute('style', 'overflow: scroll; color: red');
    c.show();
    expect(html.style.getPropertyValue('overflow')).toBe('hidden');
    c.hide();
    expect(html.style.getPropertyValue('overflow')).toBe('scroll');
    expect(html.style.getPropertyValue('color')).toBe('red');
  });

  it('never touches the host page nodes', () => {
    document.body.innerHTML = '<div id="site"><p>Original chapter</p></div>';
    const before = document.body.innerHTML;
    const { c } = mount();
    c.show();
    c.toggleNotes();
    c.hide();
    expect(document.body.innerHTML).toBe(before);
    c.destroy();
    expect(document.querySelector('calm-reader-root')).toBeNull();
  });

  it('handles the in-view keyboard: arrows navigate, Escape goes back to the site', async () => {
    const { c, $, opts, host } = mount();
    c.show();
    const view = $('[data-testid=reader-view]')!;
    const right = key(view, 'ArrowRight');
    expect(right.defaultPrevented).toBe(true);
    expect(opts.navigate).toHaveBeenLastCalledWith('https://archiveofourown.org/works/123/chapters/457');
    key(view, 'ArrowLeft');
    expect(opts.navigate).toHaveBeenLastCalledWith('https://archiveofourown.org/works/123/chapters/455');
    key(view, 'ArrowRight', { altKey: true });
    expect(opts.navigate).toHaveBeenCalledTimes(2);
    // keys typed into the theme select (the view's settings panel) are left alone
    $('[data-testid=view-settings-toggle]')!.click();
    await new Promise((r) => setTimeout(r, 0));
    key($('[data-testid=theme-select]')!, 'ArrowLeft');
    expect(opts.navigate).toHaveBeenCalledTimes(2);
    key(view, 'Escape');
    expect(c.isOn).toBe(false);
    expect(host.getAttribute('data-state')).toBe('off');
    // the page's own keys work again once the view is off
    key(document.body, 'ArrowRight');
    expect(opts.navigate).toHaveBeenCalledTimes(2);
  });

  it('does not let page listeners see keys typed in the view', () => {
    const { c, $ } = mount();
    c.show();
    const pageListener = vi.fn();
    document.addEventListener('keydown', pageListener);
    key($('[data-testid=reader-view]')!, 'j');
    document.removeEventListener('keydown', pageListener);
    expect(pageListener).not.toHaveBeenCalled();
  });

  it('back to site, the floating toggle and setReader switch the view', () => {
    const { c, $ } = mount();
    c.show();
    $('[data-testid=back-to-site]')!.click();
    expect(c.isOn).toBe(false);
    $('[data-testid=reader-toggle]')!.click();
    expect(c.isOn).toBe(true);
    c.setReader();
    expect(c.isOn).toBe(false);
    c.setReader(true);
    c.setReader(true);
    expect(c.isOn).toBe(true);
    expect(c.status().state).toBe('reader');
  });

  it('writes theme and font size through saveSettings and applies them at once', async () => {
    const { c, $, host, opts } = mount({}, { fontSize: 19 });
    c.show();
    $('[data-testid=font-larger]')!.click();
    expect(opts.saveSettings).toHaveBeenLastCalledWith({ fontSize: 20 });
    expect(host.style.getPropertyValue('--cr-font-size')).toBe('20px');
    $('[data-testid=font-smaller]')!.click();
    $('[data-testid=font-smaller]')!.click();
    expect(opts.saveSettings).toHaveBeenLastCalledWith({ fontSize: 18 });
    $('[data-testid=view-settings-toggle]')!.click();
    await new Promise((r) => setTimeout(r, 0));
    const select = $<HTMLSelectElement>('[data-testid=theme-select]')!;
    select.value = 'dark';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    expect(opts.saveSettings).toHaveBeenLastCalledWith({ theme: 'dark' });
    expect($('[data-testid=reader-view]')!.getAttribute('data-theme')).toBe('dark');
  });

  it('chapter links navigate through the controller; missing links are disabled', () => {
    const { c, $, $$, opts } = mount({ chapter: makeChapter({ prevUrl: null }) });
    c.show();
    $('[data-testid=next-chapter]')!.click();
    expect(opts.navigate).toHaveBeenCalledWith('https://archiveofourown.org/works/123/chapters/457');
    const prev = $$('[data-testid=prev-chapter]');
    expect(prev[0].getAttribute('aria-disabled')).toBe('true');
    expect(prev[0].hasAttribute('href')).toBe(false);
    expect(c.navigate('prev')).toBe(false);
  });

  it('restores the saved position after paint and saves scrolling afterwards', () => {
    vi.useFakeTimers();
    try {
      const savePosition = vi.fn();
      const { c, $ } = mount({ savePosition });
      c.show();
      const view = $('[data-testid=reader-view]')!;
      const geo = giveGeometry(view, $('[data-testid=toolbar]')!);
      c.setSavedPosition({ blockIndex: 3, offsetRatio: 0.5, updatedAt: 1 });
      expect(geo.scrollTop).toBe(300 + 350);
      view.dispatchEvent(new Event('scroll'));
      vi.advanceTimersByTime(5000);
      expect(savePosition).not.toHaveBeenCalled(); // same place as restored
      geo.scrollTop = 300 + 400 + 25;
      view.dispatchEvent(new Event('scroll'));
      vi.advanceTimersByTime(5000);
      expect(savePosition).toHaveBeenCalledTimes(1);
      expect(savePosition.mock.calls[0][0]).toMatchObject({ blockIndex: 4, offsetRatio: 0.25 });
      geo.scrollTop = 300 + 100;
      view.dispatchEvent(new Event('scroll'));
      window.dispatchEvent(new Event('pagehide'));
      expect(savePosition).toHaveBeenCalledTimes(2);
      expect(savePosition.mock.calls[1][0]).toMatchObject({ blockIndex: 1, offsetRatio: 0 });
    } finally {
      vi.useRealTimers();
    }
  });

  it("doesn't yank the reader back if they scrolled before the saved position arrived", () => {
    const { c, $ } = mount();
    c.show();
    const geo = giveGeometry($('[data-testid=reader-view]')!, $('[data-testid=toolbar]')!);
    geo.scrollTop = 120;
    c.setSavedPosition({ blockIndex: 4, offsetRatio: 0, updatedAt: 1 });
    expect(geo.scrollTop).toBe(120);
  });

  it('restores a position remembered while the view was off when it comes back', () => {
    const painted: Array<() => void> = [];
    const { c, $ } = mount({ afterPaint: (fn) => painted.push(fn) });
    c.show();
    let geo = giveGeometry($('[data-testid=reader-view]')!, $('[data-testid=toolbar]')!);
    c.setSavedPosition(null);
    expect(painted).toHaveLength(0);
    geo.scrollTop = 550; // block 2 spans 500..600
    c.hide();
    c.show();
    geo = giveGeometry($('[data-testid=reader-view]')!, $('[data-testid=toolbar]')!);
    expect(geo.scrollTop).toBe(0);
    expect(painted).toHaveLength(1);
    painted[0]();
    expect(geo.scrollTop).toBe(550);
  });
});
