import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyChapter, evaluate, type LabelledChapter } from '../../../lib/notes/evaluate';

const root = resolve(__dirname, '../../fixtures');
function load(dir: string): LabelledChapter[] {
  return readdirSync(join(root, dir))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(root, dir, f), 'utf8')) as LabelledChapter);
}
const seed = JSON.parse(readFileSync(join(root, 'seed/seed-chapter.json'), 'utf8')) as LabelledChapter;
const dev = load('notes');
const extra = load('notes-extra');

describe('notes detector on the labelled chapters', () => {
  it('has the fixtures it is scored on', () => {
    expect(dev.length).toBeGreaterThanOrEqual(18);
    expect(extra.length).toBeGreaterThanOrEqual(8);
  });

  it('meets the targets over notes + notes-extra + seed', () => {
    const r = evaluate([...dev, ...extra, seed]);
    const failing = r.perChapter.filter((c) => c.errors.length).map((c) => `${c.id}: ${JSON.stringify(c.errors)}`);
    expect(r.precision, failing.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(r.recall, failing.join('\n')).toBeGreaterThanOrEqual(0.95);
    expect(r.chaptersWithStoryHidden / r.chapters, failing.join('\n')).toBeLessThanOrEqual(0.03);
  });

  it('meets the targets on the development set alone', () => {
    const r = evaluate([...dev, seed]);
    expect(r.precision).toBeGreaterThanOrEqual(0.95);
    expect(r.recall).toBeGreaterThanOrEqual(0.95);
    expect(r.noStoryHiddenRate).toBeGreaterThanOrEqual(0.97);
  });

  it('hides exactly the last three paragraphs of the seed chapter', () => {
    const labels = classifyChapter(seed);
    const n = labels.length;
    const hidden = labels.map((l, i) => (l === 'note' ? i : -1)).filter((i) => i >= 0);
    expect(hidden).toEqual([n - 3, n - 2, n - 1]);
  });

  it('scores with separators excluded and hidden = note', () => {
    const ch: LabelledChapter = {
      id: 't',
      blocks: [
        { html: '<p>A/N: thanks for reading!</p>', label: 'note' },
        { html: '<hr>', label: 'separator' },
        { html: '<p>"Run," she said.</p>', label: 'story' },
      ],
    };
    const r = evaluate([ch]);
    expect(r.tp).toBe(1);
    expect(r.fp).toBe(0);
    expect(r.fn).toBe(0);
    expect(r.storyBlocksHidden).toBe(0);
  });
});
