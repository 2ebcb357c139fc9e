/**
 * The notes detector run by the background worker for a page (`notes/detect`): what the page
 * sends, what the worker answers, and how each side checks the other. Only types and small pure
 * checks: the page's bundle carries this file, never the detector (lib/background/notes-detect.ts
 * runs it in the worker).
 *
 * The page sends every body block of the chapter (the blocks whose kind the detector decides),
 * as [html, text, flags] (DetectBlock); the worker answers one entry per
 * block sent: null where the detector leaves the block as the adapter read it (a divider, an
 * embedded player), else its decision. The page applies them (lib/reader/corrections.ts).
 */
import type { StoryNoteMemory } from './types';

/**
 * One body block as sent: its sanitised HTML, its text, and flags: SEPARATOR when the adapter read
 * it as a divider; PLAIN_P when its HTML is exactly `<p>` + its text + `</p>` (most paragraphs),
 * then sent as '' (the message is half the size: a 300k-word chapter is ~3.7 MB of HTML and text).
 */
export type DetectBlock = [html: string, text: string, flags: number];
export const SEPARATOR = 1;
export const PLAIN_P = 2;

/** The block's HTML as the page read it. */
export const blockHtml = (b: DetectBlock): string => (b[2] & PLAIN_P ? `<p>${b[1]}</p>` : b[0]);

export interface DetectRequest {
  storyKey: string;
  /** The page's language tag (or the adapter's), a hint for telling the language. */
  lang: string | null;
  /** True when `lang` is the language the worker told before (a re-detection): used as it is. */
  langKnown?: boolean;
  blocks: DetectBlock[];
  /** The memory to detect with (the page's own after a correction); absent: the library's. */
  memory?: StoryNoteMemory;
}

export interface DetectEntry {
  kind: 'story' | 'note' | 'separator';
  confidence: number;
  unsure?: true;
  where?: 'before' | 'inline' | 'after';
}

export interface DetectAnswer {
  /** The chapter's language as told from its text (chapter.lang). */
  lang: string;
  /** One per block sent. */
  decisions: (DetectEntry | null)[];
  /** The story's notes memory the detector read. */
  memory: StoryNoteMemory;
  /** Fingerprints of the chapter's edge blocks, for `notes/learn` (lib/notes/fingerprint.ts edgeFingerprints). */
  edges: string[];
  /** The worker's own time for this request, in ms (the bench). */
  took: number;
}

/** A 300k-word chapter is about 6 million characters of HTML and text: four times that is refused. */
export const MAX_DETECT_CHARS = 24_000_000;
/** A 300k-word chapter has about 10,000 blocks. */
export const MAX_DETECT_BLOCKS = 200_000;

const isLang = (v: unknown) => v === null || (typeof v === 'string' && v.length <= 35);

/** Null when `req` is a request the worker can answer; else why not (the page is hostile). */
export function detectRequestRefusal(req: unknown): string | null {
  const r = req as Partial<DetectRequest> | null;
  if (!r || typeof r !== 'object') return 'notes/detect: not a request';
  if (!isLang(r.lang ?? null)) return 'notes/detect: invalid lang';
  if (r.langKnown !== undefined && typeof r.langKnown !== 'boolean') return 'notes/detect: invalid langKnown';
  const blocks = r.blocks;
  if (!Array.isArray(blocks)) return 'notes/detect: invalid blocks';
  if (blocks.length > MAX_DETECT_BLOCKS) return `notes/detect: more than ${MAX_DETECT_BLOCKS} blocks`;
  let chars = 0;
  for (const b of blocks) {
    if (!Array.isArray(b) || b.length !== 3 || typeof b[0] !== 'string' || typeof b[1] !== 'string' || ![0, 1, 2, 3].includes(b[2]))
      return 'notes/detect: invalid block';
    if (b[2] & PLAIN_P && b[0] !== '') return 'notes/detect: invalid block';
    chars += b[0].length + b[1].length;
  }
  if (chars > MAX_DETECT_CHARS) return `notes/detect: more than ${MAX_DETECT_CHARS} characters`;
  if (r.memory !== undefined && !isNoteMemory(r.memory)) return 'notes/detect: invalid memory';
  return null;
}

/** The most fingerprints a memory may hold (a story's learned notes and corrections are a few dozen). */
const MAX_FINGERPRINTS = 100_000;

export function isNoteMemory(m: unknown): m is StoryNoteMemory {
  const x = m as StoryNoteMemory | null;
  if (!x || typeof x !== 'object' || !Array.isArray(x.noteFingerprints) || !x.corrections || typeof x.corrections !== 'object') return false;
  const corrections = Object.values(x.corrections);
  return (
    x.noteFingerprints.length <= MAX_FINGERPRINTS &&
    corrections.length <= MAX_FINGERPRINTS &&
    x.noteFingerprints.every((f) => typeof f === 'string' && f.length <= 64) &&
    corrections.every((v) => v === 'story' || v === 'note')
  );
}

const KINDS = new Set(['story', 'note', 'separator']);
const WHERE = new Set(['before', 'inline', 'after']);

function isEntry(e: unknown): boolean {
  if (e === null) return true;
  const x = e as DetectEntry;
  return (
    !!x &&
    typeof x === 'object' &&
    KINDS.has(x.kind) &&
    typeof x.confidence === 'number' &&
    x.confidence >= 0 &&
    x.confidence <= 1 &&
    (x.unsure === undefined || x.unsure === true) &&
    (x.where === undefined || WHERE.has(x.where))
  );
}

/** True when `a` answers a request of `count` blocks (the worker, or whatever answered in its name). */
export function isDetectAnswer(a: unknown, count: number): a is DetectAnswer {
  const x = a as DetectAnswer | null;
  return (
    !!x &&
    typeof x === 'object' &&
    typeof x.lang === 'string' &&
    x.lang.length <= 35 &&
    Array.isArray(x.decisions) &&
    x.decisions.length === count &&
    x.decisions.every(isEntry) &&
    isNoteMemory(x.memory) &&
    Array.isArray(x.edges) &&
    x.edges.every((f) => typeof f === 'string') &&
    typeof x.took === 'number'
  );
}
