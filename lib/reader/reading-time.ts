/**
 * Reading time left, from the reader's own measured speed: while they read down a chapter, the
 * words passed per minute are sampled (a minute or more of steady reading; skimming, jumps and
 * pauses are left out) and folded into a running speed kept in storage.local. Pure, apart from the
 * two storage helpers.
 */
import type { StorageLike } from '../settings/store';
import { duration, t } from '../i18n';

export const SPEED_KEY = 'readingSpeed';
/** Until a speed is measured: a common adult reading speed for fiction. */
export const DEFAULT_WPM = 230;
/** Samples outside this range are skims or pauses, not reading. */
const MIN_WPM = 60;
const MAX_WPM = 1200;
/** A sample spans at least this long... */
export const SAMPLE_MIN_MS = 60_000;
/** ...and at most this long (a longer gap is a pause: start again). */
export const SAMPLE_MAX_MS = 5 * 60_000;

export interface ReadingSpeed {
  wpm: number;
  /** Samples folded in (0: the default). */
  samples: number;
}

export const DEFAULT_SPEED: ReadingSpeed = { wpm: DEFAULT_WPM, samples: 0 };

export function normalizeSpeed(v: unknown): ReadingSpeed {
  const o = v as ReadingSpeed | null;
  if (!o || typeof o.wpm !== 'number' || !Number.isFinite(o.wpm) || o.wpm < MIN_WPM || o.wpm > MAX_WPM) return DEFAULT_SPEED;
  const samples = typeof o.samples === 'number' && Number.isFinite(o.samples) && o.samples >= 0 ? Math.floor(o.samples) : 0;
  return { wpm: o.wpm, samples };
}

/**
 * Fold one sample (words read over ms) into the speed: a plain average over the first samples,
 * then a moving one, so the speed follows the reader without jumping. Null when the sample is no
 * reading (too short, too long, too fast or too slow).
 */
export function addSample(speed: ReadingSpeed, words: number, ms: number): ReadingSpeed | null {
  if (!(ms >= SAMPLE_MIN_MS && ms <= SAMPLE_MAX_MS) || !(words > 0)) return null;
  const wpm = words / (ms / 60_000);
  if (wpm < MIN_WPM || wpm > MAX_WPM) return null;
  const n = Math.min(speed.samples, 19);
  return { wpm: Math.round(((speed.wpm * n + wpm) / (n + 1)) * 10) / 10, samples: speed.samples + 1 };
}

export function countWords(s: string): number {
  const m = s.match(/\S+/g);
  return m ? m.length : 0;
}

/** "under a minute", "12 min", "3 h 20 min". */
export const durationText = duration;

/**
 * "About 12 min left in this chapter · 3 h 20 min in the story". `storyWordsAfter`: words of the
 * chapters after this one (null: unknown or none).
 */
export function timeLeftText(chapterWordsLeft: number, storyWordsAfter: number | null, speed: ReadingSpeed): string {
  const chapter = t('timeLeftChapter', duration(chapterWordsLeft / speed.wpm));
  const story = storyWordsAfter && storyWordsAfter > 0 ? ` · ${t('timeLeftStory', duration((chapterWordsLeft + storyWordsAfter) / speed.wpm))}` : '';
  const how = speed.samples > 0 ? '' : ` ${t('timeLeftAverage')}`;
  return chapter + story + how;
}

/**
 * Words in the chapters after this one: the story's words spread evenly over its posted chapters
 * (sites give a total, not each chapter's). Null when the page does not say.
 */
export function storyWordsAfter(storyWords: number | null | undefined, posted: number | null | undefined, index: number | null): number | null {
  if (!storyWords || !posted || index === null || posted <= 1 || index >= posted) return null;
  return Math.round((storyWords / posted) * (posted - index));
}

export async function loadSpeed(storage: StorageLike): Promise<ReadingSpeed> {
  return normalizeSpeed((await storage.local.get(SPEED_KEY))[SPEED_KEY]);
}

export async function saveSpeed(storage: StorageLike, speed: ReadingSpeed): Promise<void> {
  await storage.local.set({ [SPEED_KEY]: speed });
}
