/**
 * The notes detector's quality, beside its speed: precision, recall and chapters with no story
 * hidden on chapters it was not fitted on (the real corpus's measured stories, read from
 * ../shared/corpus, without and with the story's memory; the hand-written chapters' measured
 * half), by where the note sits and by language.
 */
import { evaluate, evaluateWithMemory, type EvalSummary, type Figures } from '../../lib/notes/evaluate';
import { CORPUS_DIR, HAND_DIRS, corpusAvailable, corpusPart, handParts, loadChapters, loadLanguageChapters } from '../notes-fixtures';

export interface NotesQuality {
  sets: { name: string; figures: Figures; byPosition: EvalSummary['byPosition'] }[];
  byLanguage: Record<string, Figures>;
}

export function benchNotesQuality(log: (s: string) => void): NotesQuality {
  const sets: NotesQuality['sets'] = [];
  if (corpusAvailable()) {
    const corpus = loadChapters([CORPUS_DIR]);
    for (const part of ['measure', 'fit'] as const) {
      const r = evaluate(corpus.filter((c) => corpusPart(c) === part));
      sets.push({ name: `corpus, ${part === 'measure' ? 'measured (stories not fitted on)' : 'fitted on'}`, figures: r, byPosition: r.byPosition });
    }
    // The measured stories read in order with the story's memory, as the extension reads them.
    const m = evaluateWithMemory(corpus.filter((c) => corpusPart(c) === 'measure'));
    sets.splice(1, 0, { name: 'corpus, measured, with story memory', figures: m, byPosition: m.byPosition });
  } else log(`  no corpus at ${CORPUS_DIR}`);
  const hand = [...loadChapters(HAND_DIRS), ...loadLanguageChapters()];
  const parts = handParts(hand);
  const measured = evaluate(hand.filter((c) => parts.get(c.id) === 'measure'));
  sets.push({ name: 'hand-written, measured half', figures: measured, byPosition: measured.byPosition });
  for (const s of sets) log(`  ${s.name}: recall ${s.figures.recall.toFixed(3)}, precision ${s.figures.precision.toFixed(3)}`);
  // Per language over all of its hand-written chapters (10–12 each; half of them were fitted on).
  return { sets, byLanguage: evaluate(loadLanguageChapters()).byLanguage };
}
