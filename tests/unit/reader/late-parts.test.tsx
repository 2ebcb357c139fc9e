/**
 * The reader view's late parts (components/reader/late.ts): the chapter list, the settings panel and
 * the end of chapter are asked for after the first frame, drawn when they arrive, and a panel
 * opened before that opens as they arrive. tests/e2e/late-parts.test.ts: the same in Chromium.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReaderController } from '../../../lib/reader/controller';
import { DEFAULT_SETTINGS } from '../../../lib/settings/settings';
import { storyState } from '../../../lib/reader/story-state';
import type { StoryRecord } from '../../../lib/library/types';
import { SHARED_KEY, SHARED_NAMES } from '../../../lib/reader/late';
import { makeChapter } from './fixtures';
import { readerUi } from '../../../components/reader/ui';
import { registerLateParts, resetLateParts, setLateLoader, startLateParts } from '../../../components/reader/late';
import { LATE_PARTS } from '../../../components/reader/late-parts';
import { sharedPreactSource } from '../../../modules/site-scripts';

let current: ReaderController | null = null;
/** Preact runs effects after the next frame. */
const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
afterEach(() => {
  current?.destroy();
  current = null;
  document.body.innerHTML = '';
  resetLateParts();
});

function mount() {
  const toc = [1, 2, 3].map((i) => ({ id: String(455 + i), title: `T${i}`, url: `https://archiveofourown.org/works/123/chapters/${455 + i}` }));
  current = new ReaderController({
    ui: readerUi,
    doc: document,
    win: window,
    chapter: makeChapter({ toc }),
    settings: { ...DEFAULT_SETTINGS },
    saveSettings: vi.fn(async () => undefined),
    savePosition: vi.fn(),
    navigate: vi.fn(),
    afterPaint: (fn) => fn(),
    isTrustedInput: () => true,
  });
  current.show();
  current.setStory(storyState(current.chapter, { followed: false, toc: [] } as unknown as StoryRecord, []));
  const root = (document.querySelector('calm-reader-root') as HTMLElement).shadowRoot!;
  return (sel: string) => root.querySelector<HTMLElement>(sel);
}

describe('the late parts', () => {
  it('are asked for after the first painted frame, not before, and drawn with their stylesheet when they arrive', async () => {
    const scope: Record<string, unknown> = {};
    const load = vi.fn(async () => undefined);
    setLateLoader(load, scope);
    const $ = mount();
    // The first frame: the text, the toolbar, no end of chapter yet, nothing asked.
    expect($('[data-testid=chapter-text]')).not.toBeNull();
    expect($('[data-testid=chapter-end]')).toBeNull();
    expect(load).not.toHaveBeenCalled();
    // Not before the content script says its first frame is painted.
    await frame();
    await frame();
    expect(load).not.toHaveBeenCalled();
    startLateParts();
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(1));
    // The late script hands them over through what the content script left on its global.
    (scope[SHARED_KEY] as { register(p: typeof LATE_PARTS): void }).register({ ...LATE_PARTS, css: '.cr-end{color:red}' });
    await frame();
    expect($('[data-testid=chapter-end]')!.textContent).toContain('End of chapter');
    // Their rules join the reader's one stylesheet, after its own.
    const styles = (document.querySelector('calm-reader-root') as HTMLElement).shadowRoot!.querySelectorAll('style');
    expect(styles).toHaveLength(1);
    expect(styles[0].textContent!.endsWith('.cr-end{color:red}')).toBe(true);
    expect(styles[0].textContent!.length).toBeGreaterThan('.cr-end{color:red}'.length);
    // Asked once only, added once only.
    current!.setStory(storyState(current!.chapter, { followed: true, toc: [] } as unknown as StoryRecord, []));
    await frame();
    expect(styles[0].textContent!.split('.cr-end{color:red}')).toHaveLength(2);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a view drawn after the start (the reader turned it on) asks a frame after it is drawn', async () => {
    const load = vi.fn(async () => undefined);
    setLateLoader(load, {});
    startLateParts();
    expect(load).not.toHaveBeenCalled();
    mount();
    expect(load).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(load).toHaveBeenCalledTimes(1));
  });

  it('the chapter list opened before they arrive opens when they do; a failed load is asked again on the next use', async () => {
    const load = vi.fn(async () => Promise.reject(new Error('worker asleep')));
    setLateLoader(load, {});
    const $ = mount();
    $('[data-testid=chapters-toggle]')!.click();
    await frame();
    expect($('[data-testid=chapters-toggle]')!.getAttribute('aria-expanded')).toBe('true');
    expect($('[data-testid=chapter-list]')).toBeNull();
    const calls = load.mock.calls.length;
    expect(calls).toBeGreaterThanOrEqual(1);
    // Closing and opening again asks again.
    $('[data-testid=chapters-toggle]')!.click();
    await frame();
    expect($('[data-testid=chapters-toggle]')!.getAttribute('aria-expanded')).toBe('false');
    $('[data-testid=chapters-toggle]')!.click();
    await frame();
    expect(load.mock.calls.length).toBeGreaterThan(calls);
    registerLateParts(LATE_PARTS);
    await frame();
    expect($('[data-testid=chapter-list]')).not.toBeNull();
    expect($('[data-testid=chapter-list] li')!.textContent).toContain('T1');
  });

  it('the content script shares exactly the names the late script is built to read', () => {
    const scope: Record<string, unknown> = {};
    setLateLoader(async () => undefined, scope);
    const shared = scope[SHARED_KEY] as Record<string, unknown>;
    for (const [id, names] of Object.entries(SHARED_NAMES)) {
      const source = sharedPreactSource(id as keyof typeof SHARED_NAMES);
      for (const n of names) {
        expect(typeof shared[n], `${id} ${n}`).toBe(n === 'Fragment' ? 'function' : 'function');
        expect(source).toContain(`export const ${n} = s.${n};`);
      }
    }
    expect(typeof shared.register).toBe('function');
  });
});
