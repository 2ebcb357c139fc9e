/** Load labelled chapters (notes-fixture JSON files) from files and folders. Node only. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
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
