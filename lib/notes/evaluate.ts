/** Scoring of the detector against labelled chapters (tests/fixtures/notes format). Pure. */
import { detectNotes } from './detector';
import { learnFromChapter, type EdgeSightings } from './fingerprint';
import { htmlToText } from './html-text';
import { detectLanguage } from './language';
import { matcherFor } from './lexicons';
import type { NotesModel } from './model';
import type { Label, StoryNoteMemory } from './types';

export interface LabelledChapter {
  id: string;
  lang?: string;
  site_style?: string;
  why_hard?: string;
  /** The corpus's story name (chapters of one story are never split between fitting and measuring). */
  story?: string;
  blocks: { html: string; label: Label; text?: string }[];
}

/** Where a labelled note sits: before any story, after all of it, between story blocks, or in a chapter with no story. */
export type Position = 'top' | 'bottom' | 'middle' | 'whole';

export interface ChapterScore {
  id: string;
  lang: string;
  tp: number;
  fp: number;
  fn: number;
  /** Story blocks predicted note. */
  storyHidden: number;
  predicted: Label[];
  /** Indexes of wrong decisions (separators excluded). */
  errors: { index: number; expected: Label; got: Label; text: string; position: Position }[];
  /** Per position of the labelled note: found and missed. */
  byPosition: Record<Position, { tp: number; fn: number }>;
}

export interface Figures {
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
}

export interface EvalSummary extends Figures {
  perChapter: ChapterScore[];
  /** Recall per position of the note. */
  byPosition: Record<Position, { notes: number; recall: number }>;
  /** Figures per chapter language. */
  byLanguage: Record<string, Figures>;
}

export function textOf(b: { html: string; text?: string }): string {
  return b.text ?? htmlToText(b.html);
}

/** The chapter's language: as labelled, else detected from its text. */
export function chapterLanguage(ch: LabelledChapter): string {
  return detectLanguage(ch.blocks.map(textOf), ch.lang);
}

export function classifyChapter(ch: LabelledChapter, model?: NotesModel, memory?: StoryNoteMemory): Label[] {
  const blocks = ch.blocks.map((b) => ({ html: b.html, text: textOf(b) }));
  return detectNotes(blocks, memory, { matcher: matcherFor(chapterLanguage(ch)), model }).map((d) => d.label);
}

export function positions(labels: Label[]): Position[] {
  const story = labels.map((l) => l === 'story');
  const any = story.some(Boolean);
  const first = story.indexOf(true);
  const last = story.lastIndexOf(true);
  return labels.map((_, i) => (!any ? 'whole' : i < first ? 'top' : i > last ? 'bottom' : 'middle'));
}

const emptyPos = (): Record<Position, { tp: number; fn: number }> => ({
  top: { tp: 0, fn: 0 },
  bottom: { tp: 0, fn: 0 },
  middle: { tp: 0, fn: 0 },
  whole: { tp: 0, fn: 0 },
});

export function scoreChapter(ch: LabelledChapter, predicted: Label[] = classifyChapter(ch)): ChapterScore {
  const labels = ch.blocks.map((b) => b.label);
  const pos = positions(labels);
  const r: ChapterScore = {
    id: ch.id,
    lang: ch.lang ?? chapterLanguage(ch),
    tp: 0,
    fp: 0,
    fn: 0,
    storyHidden: 0,
    predicted,
    errors: [],
    byPosition: emptyPos(),
  };
  ch.blocks.forEach((b, i) => {
    if (b.label === 'separator') return;
    const hidden = predicted[i] === 'note';
    if (b.label === 'note' && hidden) {
      r.tp++;
      r.byPosition[pos[i]].tp++;
    } else if (b.label === 'note') {
      r.fn++;
      r.byPosition[pos[i]].fn++;
    } else if (hidden) {
      r.fp++;
      r.storyHidden++;
    }
    if ((b.label === 'note') !== hidden) {
      r.errors.push({ index: i, expected: b.label, got: predicted[i], text: textOf(b).slice(0, 100), position: pos[i] });
    }
  });
  return r;
}

export function figures(perChapter: ChapterScore[]): Figures {
  const sum = (k: 'tp' | 'fp' | 'fn' | 'storyHidden') => perChapter.reduce((a, c) => a + c[k], 0);
  const tp = sum('tp');
  const fp = sum('fp');
  const fn = sum('fn');
  const bad = perChapter.filter((c) => c.storyHidden > 0).length;
  const n = perChapter.length;
  return {
    chapters: n,
    precision: tp + fp ? tp / (tp + fp) : 1,
    recall: tp + fn ? tp / (tp + fn) : 1,
    tp,
    fp,
    fn,
    storyBlocksHidden: sum('storyHidden'),
    chaptersWithStoryHidden: bad,
    noStoryHiddenRate: n ? (n - bad) / n : 1,
  };
}

export function summarise(perChapter: ChapterScore[]): EvalSummary {
  const byPosition = {} as EvalSummary['byPosition'];
  for (const p of ['top', 'bottom', 'middle', 'whole'] as Position[]) {
    const tp = perChapter.reduce((a, c) => a + c.byPosition[p].tp, 0);
    const fn = perChapter.reduce((a, c) => a + c.byPosition[p].fn, 0);
    byPosition[p] = { notes: tp + fn, recall: tp + fn ? tp / (tp + fn) : 1 };
  }
  const byLanguage: Record<string, Figures> = {};
  const langs = [...new Set(perChapter.map((c) => c.lang))].sort();
  for (const l of langs) byLanguage[l] = figures(perChapter.filter((c) => c.lang === l));
  return { ...figures(perChapter), perChapter, byPosition, byLanguage };
}

export function evaluate(chapters: LabelledChapter[], model?: NotesModel): EvalSummary {
  return summarise(chapters.map((c) => scoreChapter(c, classifyChapter(c, model))));
}

/**
 * The same figures with the story's memory, as the extension reads a story: each story's chapters
 * in order (by id, numbers compared as numbers), each one detected with what the chapters before it
 * taught (edge blocks seen in two chapters are notes, lib/notes/fingerprint.ts), then folded in.
 * No reader corrections. Chapters are grouped by their `story` (the id when absent).
 */
export function evaluateWithMemory(chapters: LabelledChapter[], model?: NotesModel): EvalSummary {
  const byStory = new Map<string, LabelledChapter[]>();
  for (const c of chapters) {
    const k = c.story ?? c.id;
    byStory.set(k, [...(byStory.get(k) ?? []), c]);
  }
  const scores = new Map<string, ChapterScore>();
  for (const list of byStory.values()) {
    list.sort((a, b) => a.id.localeCompare(b.id, 'en', { numeric: true }));
    let memory: StoryNoteMemory = { noteFingerprints: [], corrections: {} };
    let sightings: EdgeSightings = {};
    for (const c of list) {
      scores.set(c.id, scoreChapter(c, classifyChapter(c, model, memory)));
      const blocks = c.blocks.map((b) => ({ html: b.html, text: textOf(b) }));
      ({ memory, sightings } = learnFromChapter(memory, blocks, c.id, sightings));
    }
  }
  return summarise(chapters.map((c) => scores.get(c.id)!));
}
