/**
 * npm run -s eval-notes -- <folder|file> [more…] [--part fit|measure] [--memory] [--json] [--quiet]
 * Scores the notes detector on labelled chapters: note precision/recall (micro), story blocks
 * hidden, chapters with any story block hidden, recall by where the note sits (top / bottom /
 * middle / whole chapter) and figures per language. Separators are excluded from scoring.
 * --part: only the corpus chapters of that part of the fixed story split (scripts/notes-fixtures.ts).
 * --memory: with the story's memory, each story's chapters read in order (lib/notes/evaluate.ts
 * evaluateWithMemory): a line at the edges of two chapters of one story is a note from then on.
 */
import { evaluate, evaluateWithMemory } from '../lib/notes/evaluate';
import { corpusPart, loadChapters } from './notes-fixtures';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quiet = args.includes('--quiet');
const partAt = args.indexOf('--part');
const part = partAt >= 0 ? args[partAt + 1] : null;
const paths = args.filter((a, i) => !a.startsWith('--') && !(partAt >= 0 && i === partAt + 1));
if (!paths.length || (part && part !== 'fit' && part !== 'measure')) {
  console.error('usage: eval-notes <folder|file> [more…] [--part fit|measure] [--memory] [--json] [--quiet]');
  process.exit(2);
}
const chapters = loadChapters(paths).filter((c) => !part || corpusPart(c) === part);
const r = args.includes('--memory') ? evaluateWithMemory(chapters) : evaluate(chapters);
if (json) {
  console.log(JSON.stringify({ ...r, perChapter: r.perChapter.map(({ predicted: _p, ...c }) => c) }, null, 2));
} else {
  if (!quiet) {
    for (const c of r.perChapter) {
      const flag = c.storyHidden ? 'STORY-HIDDEN' : c.fn ? 'missed' : 'ok';
      console.log(`${flag.padEnd(12)} ${c.id.padEnd(40)} tp=${c.tp} fp=${c.fp} fn=${c.fn}`);
      for (const e of c.errors) console.log(`    [${e.index}] (${e.position}) want ${e.expected}, got ${e.got}: ${e.text}`);
    }
    console.log('');
  }
  const pct = (x: number) => x.toFixed(3);
  console.log(`chapters: ${r.chapters}`);
  console.log(`note precision: ${pct(r.precision)}  (tp ${r.tp}, fp ${r.fp})`);
  console.log(`note recall:    ${pct(r.recall)}  (fn ${r.fn})`);
  console.log(`story blocks hidden: ${r.storyBlocksHidden}`);
  console.log(`chapters with a story block hidden: ${r.chaptersWithStoryHidden} (no-story-hidden rate ${pct(r.noStoryHiddenRate)})`);
  console.log(`recall by position: ${Object.entries(r.byPosition).map(([p, v]) => `${p} ${pct(v.recall)} (${v.notes} notes)`).join(', ')}`);
  if (Object.keys(r.byLanguage).length > 1) {
    for (const [l, f] of Object.entries(r.byLanguage)) {
      console.log(`  ${l}: ${f.chapters} chapters, recall ${pct(f.recall)}, precision ${pct(f.precision)}, no-story-hidden ${pct(f.noStoryHiddenRate)}`);
    }
  }
}
