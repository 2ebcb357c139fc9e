/**
 * The reading meter: the time left in the view ("About 12 min left in this chapter · …"), kept
 * current while the reader scrolls, and the reader's speed measured as they read down (samples of
 * a minute or more; skims, jumps back and pauses are left out; lib/reader/reading-time.ts).
 */
import type { Chapter } from '../sites/types';
import {
  addSample,
  countWords,
  DEFAULT_SPEED,
  SAMPLE_MAX_MS,
  SAMPLE_MIN_MS,
  storyWordsAfter,
  timeLeftText,
  type ReadingSpeed,
} from './reading-time';
import { metaOf } from './work';

/** Chapters shorter than this say no time left. */
export const MIN_WORDS = 50;

export interface ReadingMeterOptions {
  /** The speed measured so far (default: an average reader's). */
  speed?: ReadingSpeed;
  /** Keep a new measurement (storage). */
  saveSpeed?(speed: ReadingSpeed): void;
  /** Clock (tests). */
  now?(): number;
}

export class ReadingMeter {
  #chapter: Chapter;
  #speed: ReadingSpeed;
  #words = 0;
  /** How far down the chapter the bottom of the view is (0..1). */
  #frac = 0;
  #sample: { t: number; frac: number } | null = null;
  readonly #opts: ReadingMeterOptions;

  constructor(chapter: Chapter, opts: ReadingMeterOptions = {}) {
    this.#opts = opts;
    this.#chapter = chapter;
    this.#speed = opts.speed ?? DEFAULT_SPEED;
    this.setChapter(chapter);
  }

  /** The chapter (again, after a correction): its story words count. */
  setChapter(chapter: Chapter): void {
    this.#chapter = chapter;
    let n = 0;
    for (const b of chapter.blocks) if (b.kind === 'story') n += countWords(b.text);
    this.#words = n;
  }

  /** The measured speed arrived (storage). */
  setSpeed(speed: ReadingSpeed): void {
    this.#speed = speed;
  }

  /** The time left in the chapter (and the story after it), or null for a chapter too short to say. */
  timeLeft(): string | null {
    if (this.#words < MIN_WORDS) return null;
    const ch = this.#chapter;
    const m = metaOf(ch);
    const after = ch.chapterId === 'full' ? null : storyWordsAfter(m.words, m.chaptersPosted ?? ch.chapterCount, ch.chapterIndex);
    return timeLeftText(this.#words * (1 - this.#frac), after, this.#speed);
  }

  /**
   * The view scrolled (or the speed changed): the time left it shows, and a speed sample once a
   * minute or more of reading down passed.
   */
  update(view: HTMLElement): void {
    const h = view.scrollHeight;
    this.#frac = h > 0 ? Math.min(1, Math.max(0, (view.scrollTop + view.clientHeight) / h)) : 0;
    const el = view.querySelector('[data-testid=time-left]');
    const text = this.timeLeft();
    if (el && text !== null && el.textContent !== text) el.textContent = text;
    const now = (this.#opts.now ?? Date.now)();
    const s = this.#sample;
    if (!s || now - s.t > SAMPLE_MAX_MS || this.#frac < s.frac) {
      this.#sample = { t: now, frac: this.#frac };
      return;
    }
    if (now - s.t < SAMPLE_MIN_MS) return;
    const next = addSample(this.#speed, (this.#frac - s.frac) * this.#words, now - s.t);
    this.#sample = { t: now, frac: this.#frac };
    if (!next) return;
    this.#speed = next;
    this.#opts.saveSpeed?.(next);
  }
}
