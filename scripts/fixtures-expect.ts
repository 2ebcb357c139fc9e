/**
 * Generate the generated part of the fixture cases from the current code:
 *   npm run -s fixtures:expect                 every case
 *   npm run -s fixtures:expect -- <case>...    only these
 *   npm run -s fixtures:expect -- --check      change nothing; exit 1 when a case is out of date
 *
 * A chapter-list case is lib/sites/<site>/fixtures/<case>/{page.html|xml|json, expected.json}
 * (lib/sites/FIXTURES.md). Its expected.json names the page's URL and the story it lists, written
 * by hand; this script writes its "expect": what the site's chapter list (lib/sites/<site>/
 * chapter-list.ts) reads from the page with the service worker's DOM (linkedom), or the error it
 * refuses the page with. A new case: write expected.json with "kind", "url" and "story", run the
 * script, and REVIEW what it wrote against the page: it says what the code does, which is right
 * only if the code is. lib/sites/chapter-list-cases.test.ts checks every case against its file.
 *
 * A chapter-page case's expected.json ("url" and "expect", written by hand) gets "blocks": every
 * block the real pipeline (adapter, notes detector, sanitiser; happy-dom) makes of the page, in
 * order, with its kind, a note's place and label, its text and a hash of its sanitised HTML; or
 * { "error" } for a page the adapter refuses. Review it against the page the same way: notes are
 * notes, separators are separators, no text lost. tests/unit/sites/case-blocks.test.ts checks it.
 *
 * Exit status: 0 done (or up to date), 1 out of date (--check) or a usage error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseWorkerDocument } from '../lib/updates/worker-dom';
import { fixtureCases, LIST_KIND, readListPage, type ListCase } from '../tests/site-fixtures';
import { caseBlocks } from '../tests/unit/sites/load-page';

const USAGE = 'usage: npm run -s fixtures:expect [-- [--check] [<case>...]]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(1);
}

/** The case as it should be: its hand-written part, and "expect" from the parser (keys in this order). */
export function generated(c: ListCase, body: string): ListCase {
  if (c.kind !== LIST_KIND || typeof c.url !== 'string' || typeof c.story?.site !== 'string' || typeof c.story?.storyId !== 'string') {
    throw new Error('expected.json needs "kind": "chapter-list", "url" and "story": { "site", "storyId" }');
  }
  const story = { site: c.story.site, storyId: c.story.storyId, ...(c.story.title !== undefined ? { title: c.story.title } : {}) };
  return {
    kind: LIST_KIND,
    ...(c.about !== undefined ? { about: c.about } : {}),
    url: c.url,
    story,
    expect: readListPage(body, c.url, story, parseWorkerDocument),
  };
}

/** A chapter-page case as it should be: its hand-written "url" and "expect", then the generated "blocks". */
export async function generatedPage(c: Record<string, unknown>, body: string): Promise<Record<string, unknown>> {
  if (typeof c.url !== 'string' || typeof c.expect !== 'object' || c.expect === null) {
    throw new Error('a chapter-page expected.json needs "url" and "expect"');
  }
  const { blocks: _old, ...hand } = c;
  return { ...hand, blocks: await caseBlocks(body, c.url) };
}

async function main(argv: string[]): Promise<number> {
  const check = argv.includes('--check');
  const names = argv.filter((a) => a !== '--check');
  for (const a of names) if (a.startsWith('-')) fail(`unknown option: ${a}`);
  const all = fixtureCases();
  const known = new Set(all.map((c) => c.name));
  for (const n of names) if (!known.has(n)) fail(`no fixture case "${n}"`);
  const chosen = all.filter((c) => c.expected !== null && (names.length === 0 || names.includes(c.name)));
  for (const n of names) {
    if (!chosen.some((c) => c.name === n)) fail(`"${n}" has no expected.json`);
  }
  let stale = 0;
  for (const c of chosen) {
    const file = c.expected!;
    const before = readFileSync(file, 'utf8');
    let text: string;
    try {
      const body = readFileSync(c.page, 'utf8');
      const parsed = JSON.parse(before) as ListCase & Record<string, unknown>;
      const next = c.kind === LIST_KIND ? generated(parsed, body) : await generatedPage(parsed, body);
      text = `${JSON.stringify(next, null, 2)}\n`;
    } catch (e) {
      fail(`${relative(process.cwd(), file)}: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (text === before) continue;
    stale++;
    if (check) process.stdout.write(`out of date: ${relative(process.cwd(), file)}\n`);
    else {
      writeFileSync(file, text);
      process.stdout.write(`wrote ${relative(process.cwd(), file)} (review it)\n`);
    }
  }
  if (!stale) process.stdout.write(`${chosen.length} case(s) up to date\n`);
  return check && stale ? 1 : 0;
}

process.exitCode = await main(process.argv.slice(2));
