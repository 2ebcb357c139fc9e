/**
 * npm run -s classify-notes -- <chapter.json>
 * Prints a JSON array with one label per block ("story" | "note" | "separator"), using the
 * same detector as the extension. Labels in the input file are ignored.
 */
import { classifyChapter } from '../lib/notes/evaluate';
import { loadChapters } from './notes-fixtures';

const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
if (!file) {
  console.error('usage: classify-notes <chapter.json>');
  process.exit(2);
}
const [chapter] = loadChapters([file]);
console.log(JSON.stringify(classifyChapter(chapter)));
