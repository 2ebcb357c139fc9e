/**
 * Generate the expectations of the chapter-list fixture cases from the current parsers:
 *   npm run -s fixtures:expect                 every chapter-list case
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
 * Exit status: 0 done (or up to date), 1 out of date (--check) or a usage error.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseWorkerDocument } from '../lib/updates/worker-dom';
import { fixtureCases, LIST_KIND, readListPage, type ListCase } from '../tests/site-fixtures';

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

function main(argv: string[]): number {
  const check = argv.includes('--check');
  const names = argv.filter((a) => a !== '--check');
  for (const a of names) if (a.startsWith('-')) fail(`unknown option: ${a}`);
  const all = fixtureCases();
  const known = new Set(all.map((c) => c.name));
  for (const n of names) if (!known.has(n)) fail(`no fixture case "${n}"`);
  const chosen = all.filter((c) => c.kind === LIST_KIND && (names.length === 0 || names.includes(c.name)));
  for (const n of names) {
    if (!chosen.some((c) => c.name === n)) fail(`"${n}" is not a chapter-list case (its expected.json needs "kind": "${LIST_KIND}")`);
  }
  let stale = 0;
  for (const c of chosen) {
    const file = c.expected!;
    const before = readFileSync(file, 'utf8');
    let text: string;
    try {
      text = `${JSON.stringify(generated(JSON.parse(before) as ListCase, readFileSync(c.page, 'utf8')), null, 2)}\n`;
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
  if (!stale) process.stdout.write(`${chosen.length} chapter-list case(s) up to date\n`);
  return check && stale ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
