/** The notes detector's contract. It works on HTML strings, so it runs in the page, in Node and in a service worker. */

export type Label = 'story' | 'note' | 'separator';

export interface DetectorBlock {
  /** One block element's HTML (<p>, <p align="center">, <hr>, <div>, <blockquote>) */
  html: string;
  /** Its plain text (whitespace collapsed). */
  text: string;
}

export interface Decision {
  label: Label;
  /** 0..1 confidence in the label. */
  confidence: number;
  /** True when the decision was close: the reader view marks it so the reader can correct it. */
  unsure: boolean;
  /** Notes: before the story, inside it, or after it. */
  where?: 'before' | 'inline' | 'after';
}

/** What the extension remembers per story (fingerprints learned across chapters, reader corrections). */
export interface StoryNoteMemory {
  /** Fingerprints of blocks seen at chapter edges in several chapters: notes (disclaimers, sign-offs). */
  noteFingerprints: string[];
  /** Reader corrections: fingerprint -> label the reader chose. */
  corrections: Record<string, 'story' | 'note'>;
}
