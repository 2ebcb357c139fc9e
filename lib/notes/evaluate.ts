/** Scoring of the detector against labelled chapters (tests/fixtures/notes format). Pure. */
import { detectNotes } from './detector';
import { htmlToText } from './html-text';
import type { Label } from './types';

export interface LabelledChapter {
  id: string;
  lang?: string;
  site_style?: string;
  why_hard?: string;
  blocks: { html: string; label: Label; text?: string }[];
}

export interface ChapterScore {
  id: string;
  tp: number;
  fp: number;
  fn: number;
  /** Story blocks predicted note. */
  storyHidden: number;
  predicted: Label[];
  /** Indexes of wrong decisions (separators excluded). */
  errors: { index: number; expected: Label; got: Label; text: string }[];
}

export interface EvalSummary {
  chapters: number;
  precision: number;
  recall: number;
  tp: number;
  fp: number;
  fn: number;
  storyBlocksHidden: number;
  chaptersWithStoryHidden: number;
  /** Share of chapters with no story block hidden. */
  noStoryHiddenRate: number;
  perChapter: ChapterScore[];
}

export function classifyChapter(ch: LabelledChapter): Label[] {
  return detectNotes(ch.blocks.map((b) => ({ html: b.html, text: b.text ?? htmlToText(b.html) }))).map((d) => d.label);
}

export function scoreChapter(ch: LabelledChapter, predicted: Label[] = classifyChapter(ch)): ChapterScore {
  const r: ChapterScore = { id: ch.id, tp: 0, fp: 0, fn: 0, storyHidden: 0, predicted, errors: [] };
  ch.blocks.forEach((b, i) => {
    if (b.label === 'separator') return;
    const hidden = predicted[i] === 'note';
    if (b.label === 'note' && hidden) r.tp++;
    else if (b.label === 'note') r.fn++;
    else if (hidden) {
      r.fp++;
      r.storyHidden++;
    }
    if ((b.label === 'note') !== hidden) {
      r.errors.push({ index: i, expected: b.label, got: predicted[i], text: (b.text ?? htmlToText(b.html)).slice(0, 100) });
    }
  });
  return r;
}

export function evaluate(chapters: LabelledChapter[]): EvalSummary {
  const perChapter = chapters.map((c) => scoreChapter(c));
  const sum = (k: 'tp' | 'fp' | 'fn' | 'storyHidden') => perChapter.reduce((a, c) => a + c[k], 0);
  const tp = sum('tp');
  const fp = sum('fp');
  const fn = sum('fn');
  const bad = perChapter.filter((c) => c.storyHidden > 0).length;
  return {
    chapters: chapters.length,
    precision: tp + fp ? tp / (tp + fp) : 1,
    recall: tp + fn ? tp / (tp + fn) : 1,
    tp,
    fp,
    fn,
    storyBlocksHidden: sum('storyHidden'),
    chaptersWithStoryHidden: bad,
    noStoryHiddenRate: chapters.length ? (chapters.length - bad) / chapters.length : 1,
    perChapter,
  };
}
