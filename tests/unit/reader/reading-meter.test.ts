import { describe, expect, it, vi } from 'vitest';
import { MIN_WORDS, ReadingMeter } from '../../../lib/reader/reading-meter';
import { SAMPLE_MAX_MS } from '../../../lib/reader/reading-time';
import { makeChapter, note, story } from './fixtures';

/** 20 story paragraphs of 60 words: 1200 words. */
const blocks = () => Array.from({ length: 20 }, (_, i) => story(`${'word '.repeat(59)}end${i}`));

/** A view 100px tall over 1000px of text, with the time-left line inside it. */
function fakeView() {
  const view = document.createElement('div');
  const line = document.createElement('p');
  line.dataset.testid = 'time-left';
  view.append(line);
  let top = 0;
  Object.defineProperty(view, 'scrollTop', { get: () => top, set: (v) => (top = v) });
  Object.defineProperty(view, 'scrollHeight', { get: () => 1000 });
  Object.defineProperty(view, 'clientHeight', { get: () => 100 });
  return { view, line, scrollTo: (v: number) => (top = v) };
}

describe('ReadingMeter', () => {
  it('says the time left in the chapter and in the story after it, at the measured speed', () => {
    const m = new ReadingMeter(makeChapter({ blocks: blocks(), meta: { words: 12_000, chaptersPosted: 5 } }), { speed: { wpm: 200, samples: 4 } });
    // 1200 words at 200 wpm; 3 chapters of 2400 words after chapter 2 of 5
    expect(m.timeLeft()).toBe('About 6 min left in this chapter · 42 min in the story');
    // a whole work has nothing after it; a short chapter says nothing
    expect(new ReadingMeter(makeChapter({ blocks: blocks(), chapterId: 'full' }), { speed: { wpm: 200, samples: 4 } }).timeLeft()).toBe(
      'About 6 min left in this chapter',
    );
    expect(new ReadingMeter(makeChapter({ blocks: [story('word '.repeat(MIN_WORDS - 1))] })).timeLeft()).toBeNull();
  });

  it('counts story text only, again when the chapter is re-detected', () => {
    const ch = makeChapter({ blocks: [...blocks(), note('word '.repeat(600))], meta: { words: null } });
    const m = new ReadingMeter(ch, { speed: { wpm: 200, samples: 4 } });
    expect(m.timeLeft()).toBe('About 6 min left in this chapter');
    m.setChapter({ ...ch, blocks: blocks().slice(10) });
    expect(m.timeLeft()).toBe('About 3 min left in this chapter');
  });

  it('follows the scrolling in the view, and saves a speed measured over a minute of reading down', () => {
    let now = 1_000_000;
    const saveSpeed = vi.fn();
    const m = new ReadingMeter(makeChapter({ blocks: blocks(), meta: { words: null } }), { speed: { wpm: 200, samples: 4 }, saveSpeed, now: () => now });
    const v = fakeView();
    m.update(v.view); // the first sample: the bottom of the view at 10 %
    expect(v.line.textContent).toBe('About 5 min left in this chapter');
    now += 30_000;
    v.scrollTo(200);
    m.update(v.view);
    expect(saveSpeed).not.toHaveBeenCalled(); // less than a minute
    now += 30_000;
    v.scrollTo(500); // 600 words in a minute
    m.update(v.view);
    expect(saveSpeed).toHaveBeenCalledWith({ wpm: 280, samples: 5 });
    expect(v.line.textContent).toMatch(/^About 2 min left in this chapter/);
    // a jump back and a long pause start again: no sample
    v.scrollTo(100);
    now += 60_000;
    m.update(v.view);
    now += SAMPLE_MAX_MS + 1;
    v.scrollTo(800);
    m.update(v.view);
    expect(saveSpeed).toHaveBeenCalledTimes(1);
  });

  it('keeps a new speed from storage', () => {
    const m = new ReadingMeter(makeChapter({ blocks: blocks(), meta: { words: null } }));
    expect(m.timeLeft()).toMatch(/ \(/); // an average reader's speed says so
    m.setSpeed({ wpm: 400, samples: 3 });
    expect(m.timeLeft()).toBe('About 3 min left in this chapter');
  });
});
