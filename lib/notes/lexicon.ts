/**
 * Language data for the notes detector: per-language word and phrase lists (lexicon/<lang>.json)
 * mapped to shared concepts, compiled into one token matcher. The detector's learned weights are per
 * concept, so what it learned on English text carries over to every language with a lexicon.
 *
 * Pure and DOM-free. The detector runs in the worker (lib/background/notes-detect.ts), which
 * registers every language (lib/notes/lexicons.ts); the content scripts carry no word lists.
 */

/** The shared concepts, in a fixed order (features index them by position). */
export const CONCEPTS = [
  'noteHeading',
  'disclaimer',
  'own',
  'thanks',
  'sorry',
  'review',
  'update',
  'chapter',
  'story',
  'reader',
  'beta',
  'hiatus',
  'enjoy',
  'signoff',
  'greeting',
  'askFeedback',
  'recap',
  'headerField',
  'social',
  'stamp',
  'legend',
  'firstPerson',
  'secondPerson',
  'thirdPerson',
  'speech',
  'present',
  'past',
  'writing',
] as const;

export type Concept = (typeof CONCEPTS)[number];

export interface Lexicon {
  lang: string;
  name?: string;
  stopwords: string[];
  concepts: Partial<Record<Concept, string[]>>;
}

const INDEX: Record<string, number> = /* @__PURE__ */ Object.fromEntries(/* @__PURE__ */ CONCEPTS.map((c, i) => [c, i]));
export const conceptIndex = (c: Concept): number => INDEX[c];

/** Lower-case, accents stripped, quotes unified, white space collapsed (the text every lexicon is matched on). */
export function normalizeForMatch(text: string): string {
  let t = text.toLowerCase();
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(t)) t = t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[’‘´ʼ]/g, "'").replace(/ß/g, 'ss');
  if (t.indexOf('`') >= 0) t = t.replace(/`/g, "'");
  if (/\s\s|[\t\n\r]/.test(t)) t = t.replace(/\s+/g, ' ');
  return t.trim();
}

/** Tokens: runs of letters, digits and inner apostrophes. Offsets are into the normalised text. */
const TOKEN = /[\p{L}\p{N}]+(?:'[\p{L}\p{N}]+)*/gu;

export interface Tokens {
  words: string[];
  /** Start and end offset of each token in the normalised text. */
  start: number[];
  end: number[];
}

export function tokenize(norm: string, max = 100000): Tokens {
  const words: string[] = [];
  const start: number[] = [];
  const end: number[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (words.length < max && (m = TOKEN.exec(norm))) {
    words.push(m[0]);
    start.push(m.index);
    end.push(m.index + m[0].length);
  }
  return { words, start, end };
}

interface Entry {
  /** Tokens after the first. */
  rest: string[];
  /** The last token is a prefix (the entry ended in `*`). */
  prefix: boolean;
  concepts: number;
}

export interface Matcher {
  /** Languages compiled in. */
  langs: string[];
  first: Map<string, Entry[]>;
  /** Entries whose first token is a prefix, keyed by its first 3 letters. */
  stems: Map<string, { stem: string; entry: Entry }[]>;
  /** First tokens of the note labels (noteHeading, disclaimer): a cheap test before reading a block. */
  labelStarts: Set<string>;
}

/** One concept hit: which concept, at which tokens. */
export interface Hit {
  concept: number;
  from: number;
  /** Exclusive. */
  to: number;
}

function addEntry(m: Matcher, phrase: string, concept: number): void {
  const raw = normalizeForMatch(phrase);
  const prefix = raw.endsWith('*');
  const toks = tokenize(prefix ? raw.slice(0, -1) : raw).words;
  if (!toks.length) return;
  const [head, ...rest] = toks;
  const bit = 1 << concept;
  if (prefix && rest.length === 0) {
    const key = head.slice(0, 3);
    const list = m.stems.get(key) ?? [];
    const same = list.find((s) => s.stem === head);
    if (same) same.entry.concepts |= bit;
    else list.push({ stem: head, entry: { rest: [], prefix: true, concepts: bit } });
    m.stems.set(key, list);
    return;
  }
  const list = m.first.get(head) ?? [];
  const same = list.find((e) => e.prefix === prefix && e.rest.join(' ') === rest.join(' '));
  if (same) same.concepts |= bit;
  else list.push({ rest, prefix, concepts: bit });
  m.first.set(head, list);
}

/** Compile lexicons into one matcher (phrases of every given language match). */
export function compileLexicons(lexicons: Lexicon[]): Matcher {
  const m: Matcher = { langs: lexicons.map((l) => l.lang), first: new Map(), stems: new Map(), labelStarts: new Set() };
  for (const lex of lexicons) {
    for (const c of CONCEPTS) {
      const list = lex.concepts[c];
      if (!Array.isArray(list)) continue;
      for (const phrase of list) {
        if (typeof phrase !== 'string' || !phrase.trim()) continue;
        addEntry(m, phrase, INDEX[c]);
        if (c === 'noteHeading' || c === 'disclaimer') {
          const head = tokenize(normalizeForMatch(phrase.replace(/\*$/, ''))).words[0];
          if (head) m.labelStarts.add(head);
        }
      }
    }
  }
  for (const list of m.first.values()) list.sort((a, b) => b.rest.length - a.rest.length);
  return m;
}

function matchRest(words: string[], at: number, e: Entry): boolean {
  const n = e.rest.length;
  if (at + n > words.length) return false;
  for (let k = 0; k < n; k++) {
    const w = words[at + k];
    const want = e.rest[k];
    if (e.prefix && k === n - 1 ? !w.startsWith(want) : w !== want) return false;
  }
  return true;
}

/**
 * Every concept hit in the tokens, longest phrase first at each position; a token starts at most
 * one hit per concept. Linear in the number of tokens.
 */
export function findHits(m: Matcher, words: string[], onHit: (h: Hit) => void): void {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    let seen = 0;
    const list = m.first.get(w);
    if (list) {
      for (const e of list) {
        if (e.concepts & ~seen && matchRest(words, i + 1, e)) {
          const fresh = e.concepts & ~seen;
          seen |= e.concepts;
          for (let c = 0; c < CONCEPTS.length; c++) if (fresh & (1 << c)) onHit({ concept: c, from: i, to: i + 1 + e.rest.length });
        }
      }
    }
    if (w.length >= 4) {
      const stems = m.stems.get(w.slice(0, 3));
      if (stems) {
        for (const s of stems) {
          if (s.entry.concepts & ~seen && w.startsWith(s.stem)) {
            const fresh = s.entry.concepts & ~seen;
            seen |= s.entry.concepts;
            for (let c = 0; c < CONCEPTS.length; c++) if (fresh & (1 << c)) onHit({ concept: c, from: i, to: i + 1 });
          }
        }
      }
    }
  }
}

/** Checks a lexicon file's shape (tests and the loader use it: data files are checked, not trusted). */
export function isLexicon(x: unknown): x is Lexicon {
  if (!x || typeof x !== 'object') return false;
  const l = x as Lexicon;
  if (typeof l.lang !== 'string' || !/^[a-z]{2,3}$/.test(l.lang)) return false;
  if (!Array.isArray(l.stopwords) || !l.stopwords.every((w) => typeof w === 'string')) return false;
  if (!l.concepts || typeof l.concepts !== 'object') return false;
  for (const [k, v] of Object.entries(l.concepts)) {
    if (!(k in INDEX)) return false;
    if (!Array.isArray(v) || !v.every((p) => typeof p === 'string')) return false;
  }
  return true;
}
