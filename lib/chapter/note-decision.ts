import type { Block } from '../sites/types';

/** What the notes detector decided about one block (lib/notes/detector.ts Decision, as sent by the worker). */
export interface NoteDecision {
  kind: Block['kind'];
  confidence: number;
  unsure?: boolean;
  where?: 'before' | 'inline' | 'after';
}

/**
 * Give a block the detector's decision, in place: its kind and confidence, unsure or not, and
 * where a note sits (inline when the detector does not say). The one way a decision is applied,
 * in the worker (finishChapter) and on the page (lib/reader/corrections.ts applyDetection).
 */
export function applyNoteDecision(b: Block, d: NoteDecision): void {
  b.kind = d.kind;
  b.confidence = d.confidence;
  if (d.unsure) b.unsure = true;
  else delete b.unsure;
  if (d.kind === 'note') b.noteWhere = d.where ?? 'inline';
  else delete b.noteWhere;
}
