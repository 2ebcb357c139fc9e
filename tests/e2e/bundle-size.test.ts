/**
 * Issue 17: the largest content script stays under 40 KB gzipped (level 9, as `npm run bench`
 * measures it: 1 KB = 1024 bytes). The built extension's every content script is held to BUDGET:
 * the goal itself once reached; until then what was reached plus 0.5 KB, so growth fails here
 * instead of passing unseen (BENCHMARKS.md, "content script size").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { EXTENSION_DIR } from './harness';

/** The goal of issue 17. */
const GOAL_KB = 40;
/**
 * What is enforced now: reached on 2026-12-08 (reader-ao3, 35.8 KB, once the notes detector moved
 * to the worker) + 0.5 KB. Lower it as the scripts shrink; never raise it.
 */
const BUDGET_KB = 36.3;

const gz = (file: string) => gzipSync(readFileSync(file), { level: 9 }).length;

describe('content script size', () => {
  const dir = join(EXTENSION_DIR, 'content-scripts');
  const scripts = readdirSync(dir).filter((f) => f.endsWith('.js'));

  it('builds the content scripts it measures (one per site folder and the lists script)', () => {
    expect(scripts.filter((f) => f.startsWith('reader-')).length).toBeGreaterThanOrEqual(7);
    expect(scripts).toContain('lists.js');
  });

  it(`keeps every content script under ${BUDGET_KB} KB gzipped (goal: ${GOAL_KB} KB)`, () => {
    expect(BUDGET_KB).toBeLessThanOrEqual(GOAL_KB);
    const over = scripts.map((f) => ({ f, kb: gz(join(dir, f)) / 1024 })).filter(({ kb }) => kb >= BUDGET_KB);
    expect(over.map(({ f, kb }) => `${f}: ${kb.toFixed(1)} KB`)).toEqual([]);
  });
});
