/** Load labelled chapters (notes-fixture JSON files) from files and folders. Node only. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));
import type { LabelledChapter } from '../lib/notes/evaluate';

export function loadChapters(paths: string[]): LabelledChapter[] {
  const files: string[] = [];
  for (const p of paths) {
    if (statSync(p).isDirectory()) {
      for (const f of readdirSync(p).sort()) if (f.endsWith('.json')) files.push(join(p, f));
    } else files.push(p);
  }
  return files.map((f) => {
    const ch = JSON.parse(readFileSync(f, 'utf8')) as LabelledChapter;
    if (!ch.id) ch.id = f;
    return ch;
  });
}

/** The real-chapter corpus (read from ../shared at run time; never copied into the repo). */
export const CORPUS_DIR = join(HERE, '../../shared/corpus/notes-ffn-hpmor');
/** Hand-written labelled chapters of the project's own. */
export const HAND_DIRS = ['notes', 'notes-extra', 'seed'].map((d) => join(HERE, '../tests/fixtures', d));
export const LANG_DIR = join(HERE, '../tests/fixtures/notes-lang');

/** Every hand-written multilingual chapter (tests/fixtures/notes-lang/<lang>/*.json). */
export function loadLanguageChapters(): LabelledChapter[] {
  const out: LabelledChapter[] = [];
  for (const lang of readdirSync(LANG_DIR).sort()) {
    const dir = join(LANG_DIR, lang);
    if (!statSync(dir).isDirectory()) continue;
    for (const ch of loadChapters([dir])) out.push({ ...ch, lang: ch.lang ?? lang });
  }
  return out;
}

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export type Part = 'fit' | 'measure';

/**
 * The story a corpus chapter belongs to: the number after the corpus name ("hpmor-77-45-01-11_u1"
 * -> "hpmor-77"; the corpus keeps one author's books and their updated chapters under one number,
 * so sequels and rewrites stay on the same side of the split too).
 */
export function storyKey(ch: LabelledChapter): string {
  const m = /^([a-z]+-\d+)-/i.exec(ch.id);
  return m ? m[1] : ch.story || ch.id;
}

/**
 * The corpus is split by story, never by chapter: about 60 % of the stories to fit on, the rest
 * only to measure on. The split is a hash of the story's name, so it is fixed.
 */
export function corpusPart(ch: LabelledChapter): Part {
  return fnv(storyKey(ch)) % 10 < 6 ? 'fit' : 'measure';
}

/** Hand-written chapters alternate within each language (sorted by id): even to fit, odd to measure. */
export function handParts(chapters: LabelledChapter[]): Map<string, Part> {
  const out = new Map<string, Part>();
  const byLang = new Map<string, LabelledChapter[]>();
  for (const c of chapters) {
    const l = c.lang ?? 'en';
    byLang.set(l, [...(byLang.get(l) ?? []), c]);
  }
  for (const list of byLang.values()) {
    list.sort((a, b) => a.id.localeCompare(b.id)).forEach((c, i) => out.set(c.id, i % 2 === 0 ? 'fit' : 'measure'));
  }
  return out;
}

export function corpusAvailable(): boolean {
  try {
    return statSync(CORPUS_DIR).isDirectory();
  } catch {
    return false;
  }
}
