/**
 * The page cannot drive the reader (#20 point 5): a page script's click() or dispatchEvent() is
 * not trusted input, so it changes no setting (settings sync to every device) and adds no
 * correction. In a private window nothing is saved at all (#20 point 1).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReaderController, type ReaderControllerOptions } from '../../../lib/reader/controller';
import { startSession, type Session, type SessionDeps } from '../../../lib/reader/session';
import { DEFAULT_SETTINGS, SETTINGS_KEY } from '../../../lib/settings/settings';
import { adapterFor } from '../../../lib/sites/registry';
import { makeChapter } from './fixtures';
import { readerUi } from '../../../components/reader/ui';
import { registerLateParts } from '../../../components/reader/late';
import { LATE_PARTS } from '../../../components/reader/late-parts';

// The late parts as the late script hands them over (tests/unit/reader/late-parts.test.tsx: before they arrive).
registerLateParts(LATE_PARTS);

let current: ReaderController | null = null;
let session: Session | null = null;
afterEach(() => {
  current?.destroy();
  current = null;
  session?.destroy();
  session = null;
  document.querySelectorAll('calm-reader-root').forEach((n) => n.remove());
});

function mount(patch: Partial<ReaderControllerOptions> = {}) {
  const opts: ReaderControllerOptions = {
    ui: readerUi,
    doc: document,
    win: window,
    chapter: makeChapter(),
    settings: { ...DEFAULT_SETTINGS, fontSize: 19 },
    saveSettings: vi.fn(async () => undefined),
    savePosition: vi.fn(),
    navigate: vi.fn(),
    correct: vi.fn(),
    afterPaint: (fn) => fn(),
    ...patch,
  };
  current = new ReaderController(opts);
  current.show();
  const root = (document.querySelector('calm-reader-root') as HTMLElement).shadowRoot!;
  return { opts, root, $: (sel: string) => root.querySelector<HTMLElement>(sel) };
}

describe('input from the page', () => {
  it('a script’s clicks and change events save no setting and no correction', async () => {
    const { opts, $, root } = mount();
    // The view's settings panel (the theme is there) opens for any click: opening it saves nothing.
    $('[data-testid=view-settings-toggle]')!.click();
    await new Promise((r) => setTimeout(r, 0));
    // happy-dom, like a browser for script-made events, gives isTrusted false.
    $('[data-testid=font-larger]')!.click();
    $('[data-testid=font-larger]')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    const select = $('[data-testid=theme-select]') as HTMLSelectElement;
    select.value = 'dark';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    for (const b of root.querySelectorAll<HTMLElement>('[data-testid=mark-note], [data-testid=mark-story]')) b.click();
    expect(root.querySelectorAll('[data-testid=mark-note], [data-testid=mark-story]').length).toBeGreaterThan(0);
    expect(opts.saveSettings).not.toHaveBeenCalled();
    expect(opts.correct).not.toHaveBeenCalled();
    // The view shows the settings as they are, not what the script asked for.
    expect((document.querySelector('calm-reader-root') as HTMLElement).style.getPropertyValue('--cr-font-size')).toBe('19px');
    expect(select.value).toBe(DEFAULT_SETTINGS.theme);
    // The panel's sliders and the Follow button: the same.
    const width = $('[data-testid=view-width]') as HTMLInputElement;
    width.value = '40';
    width.dispatchEvent(new Event('input', { bubbles: true }));
    expect(opts.saveSettings).not.toHaveBeenCalled();
  });

  it('the reader’s own input (isTrusted) is saved', () => {
    const { opts, $ } = mount({ isTrustedInput: (e) => e instanceof Event });
    $('[data-testid=font-larger]')!.click();
    expect(opts.saveSettings).toHaveBeenCalledWith({ fontSize: 20 });
  });
});

describe('a private window', () => {
  it('applies a settings change to the page and saves nothing', async () => {
    const data: Record<string, unknown> = { [SETTINGS_KEY]: { ...DEFAULT_SETTINGS, fontSize: 19 } };
    const set = vi.fn(async (items: Record<string, unknown>) => void Object.assign(data, items));
    const storage: SessionDeps['storage'] = {
      local: { get: async (k) => ({ [k as string]: data[k as string] }), set },
      onChanged: { addListener: () => undefined, removeListener: () => undefined },
    };
    const url = 'https://archiveofourown.org/works/123/chapters/456';
    session = await startSession({
      ui: readerUi,
      doc: document,
      win: window,
      url,
      adapter: adapterFor(url),
      storage,
      runtime: { sendMessage: vi.fn(async () => ({ story: null, position: null })) },
      navigate: vi.fn(),
      extract: () => makeChapter(),
      afterPaint: (fn) => fn(),
      isTrustedInput: () => true,
      privateWindow: true,
    });
    const host = document.querySelector('calm-reader-root') as HTMLElement;
    host.shadowRoot!.querySelector<HTMLElement>('[data-testid=font-larger]')!.click();
    expect(host.style.getPropertyValue('--cr-font-size')).toBe('20px');
    await new Promise((r) => setTimeout(r, 0));
    expect(set).not.toHaveBeenCalled();
  });
});
