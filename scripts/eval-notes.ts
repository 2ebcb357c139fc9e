/**
 * npm run -s eval-notes -- <folder|file> [more…] [--json] [--quiet]
 * Scores the notes detector on labelled chapters: note precision/recall (micro), story blocks
 * hidden, chapters with any story block hidden. Separators are excluded from scoring.
 */
import { evaluate } from '../lib/notes/evaluate';
import { loadChapters } from './notes-fixtures';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quiet = args.includes('--quiet');
const paths = args.filter((a) => !a.startsWith('--'));
if (!paths.length) {
  console.error('usage: eval-notes <folder|file> [more…] [--json] [--quiet]');
  process.exit(2);
}
const r = evaluate(loadChapters(paths));
if (json) {
  console.log(JSON.stringify({ ...r, perChapter: r.perChapter.map(({ predicted: _p, ...c }) => c) }, null, 2));
} else {
  if (!quiet) {
    for (const c of r.perChapter) {
      const flag = c.storyHidden ? 'STORY-HIDDEN' : c.fn ? 'missed' : 'ok';
      console.log(`${flag.padEnd(12)} ${c.id.padEnd(40)} tp=${c.tp} fp=${c.fp} fn=${c.fn}`);
      for (const e of c.errors) console.log(`    [${e.index}] want ${e.expected}, got ${e.got}: ${e.text}`);
    }
    console.log('');
  }
  const pct = (x: number) => x.toFixed(3);
  console.log(`chapters: ${r.chapters}`);
  console.log(`note precision: ${pct(r.precision)}  (tp ${r.tp}, fp ${r.fp})`);
  console.log(`note recall:    ${pct(r.recall)}  (fn ${r.fn})`);
  console.log(`story blocks hidden: ${r.storyBlocksHidden}`);
  console.log(`chapters with a story block hidden: ${r.chaptersWithStoryHidden} (no-story-hidden rate ${pct(r.noStoryHiddenRate)})`);
}
