import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  addSample,
  DEFAULT_SPEED,
  durationText,
  normalizeSpeed,
  storyWordsAfter,
  timeLeftText,
} from '../../../lib/reader/reading-time';
import { ReaderController } from '../../../lib/reader/controller';
import { DEFAULT_SETTINGS } from '../../../lib/settings/settings';
import { makeChapter, story } from './fixtures';
import { readerUi } from '../../../components/reader/ui';

describe('reading time', () => {
  it('folds steady reading into the speed, and leaves out skims, pauses and short spans', () => {
    expect(addSample(DEFAULT_SPEED, 300, 60_000)).toEqual({ wpm: 300, samples: 1 });
    const two = addSample({ wpm: 300, samples: 1 }, 200, 60_000)!;
    expect(two).toEqual({ wpm: 250, samples: 2 });
    expect(addSample(two, 5000, 60_000)).toBeNull(); // 5000 wpm: skimming
    expect(addSample(two, 10, 120_000)).toBeNull(); // 5 wpm: a pause
    expect(addSample(two, 100, 10_000)).toBeNull(); // too short to tell
    expect(addSample(two, 3000, 10 * 60_000)).toBeNull(); // a gap: start again
    expect(normalizeSpeed({ wpm: 'fast' })).toEqual(DEFAULT_SPEED);
  });

  it('says chapter and story time left in plain words', () => {
    expect(durationText(0.4)).toBe('under a minute');
    expect(durationText(12.2)).toBe('12 min');
    expect(durationText(200)).toBe('3 hr 20 min'); // Intl's short units, en
    expect(storyWordsAfter(45_000, 10, 4)).toBe(27_000);
    expect(storyWordsAfter(45_000, 10, 10)).toBeNull();
    expect(timeLeftText(2400, 26_400, { wpm: 240, samples: 3 })).toBe('About 10 min left in this chapter · 2 hr in the story');
    expect(timeLeftText(2400, null, DEFAULT_SPEED)).toMatch(/^About 10 min left in this chapter \(at an average speed/);
  });
});

describe('the view measures the reader', () => {
  let c: ReaderController | null = null;
  afterEach(() => {
    c?.destroy();
    c = null;
    document.body.innerHTML = '';
  });

  it('shows the time left, and saves a measured speed after a minute of reading down', () => {
    let now = 1_000_000;
    const saveSpeed = vi.fn();
    const blocks = Array.from({ length: 20 }, (_, i) => story(`${'word '.repeat(59)}end${i}`));
    c = new ReaderController({
      ui: readerUi,
      doc: document,
      win: window,
      chapter: makeChapter({ blocks, meta: { words: 12_000, chaptersPosted: 5 } }),
      settings: DEFAULT_SETTINGS,
      saveSettings: vi.fn(),
      savePosition: vi.fn(),
      navigate: vi.fn(),
      afterPaint: (fn) => fn(),
      speed: { wpm: 200, samples: 4 },
      saveSpeed,
      now: () => now,
    });
    c.show();
    const root = (document.querySelector('calm-reader-root') as HTMLElement).shadowRoot!;
    const view = root.querySelector<HTMLElement>('[data-testid=reader-view]')!;
    // 1200 words in the chapter at 200 wpm; 3 chapters of 2400 words after it.
    expect(root.querySelector('[data-testid=time-left]')!.textContent).toBe('About 6 min left in this chapter · 42 min in the story');
    let top = 0;
    Object.defineProperty(view, 'scrollTop', { get: () => top, set: (v) => (top = v), configurable: true });
    Object.defineProperty(view, 'scrollHeight', { get: () => 1000, configurable: true });
    Object.defineProperty(view, 'clientHeight', { get: () => 100, configurable: true });
    view.dispatchEvent(new Event('scroll'));
    // A minute later, half the chapter further down: 600 words in a minute.
    now += 60_000;
    top = 500;
    view.dispatchEvent(new Event('scroll'));
    expect(saveSpeed).toHaveBeenCalledWith({ wpm: 280, samples: 5 });
    expect(root.querySelector('[data-testid=time-left]')!.textContent).toMatch(/^About 2 min left in this chapter/);
  });
});
