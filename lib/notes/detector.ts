import type { Decision, DetectorBlock, StoryNoteMemory } from './types';

/** First version: marks blocks with explicit author's-note markers. Replaced below by the full detector. */
const MARKER = /^\s*(?:a\/n|an:|author'?s note|n\/a|disclaimer|i don'?t own)/i;

export function detectNotes(blocks: DetectorBlock[], _memory?: StoryNoteMemory): Decision[] {
  return blocks.map((b) =>
    MARKER.test(b.text)
      ? { label: 'note', confidence: 0.8, unsure: false }
      : { label: 'story', confidence: 0.6, unsure: false },
  );
}
