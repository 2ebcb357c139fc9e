/**
 * One site = one folder + one registry line. A site folder is complete when it has its adapter, its
 * chapter list (what the update checker reads), its URL table, their tests, and the fixture cases
 * every site needs: a readable chapter page for each of its sites, a page it must refuse, and a
 * chapter-list page. Every case has its expected.json (a chapter-list case's is generated,
 * lib/sites/chapter-list-cases.test.ts). Every folder is in the registry, and every registry line
 * is a folder.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FOLDER_CHAPTER_LISTS } from './chapter-lists';
import { GENERIC_FOLDER, SITE_FOLDERS, type SiteFolder } from './registry';

const SITES_DIR = __dirname;

/** Every file a registered site folder must have. */
export const REQUIRED_FILES = ['adapter.ts', 'adapter.test.ts', 'chapter-list.ts', 'chapter-list.test.ts', 'urls.ts'];
/** The generic reader runs on any page: no URL table, no chapter list. */
const GENERIC_FILES = ['adapter.ts', 'adapter.test.ts'];

interface Case {
  name: string;
  page: string | null;
  expected: {
    kind?: string;
    url?: string;
    expect?: { site?: string; error?: boolean };
    /** Chapter-list cases: the story the page lists. */
    story?: { site?: string; storyId?: string };
  } | null;
}

/** expected.json's "kind" on a chapter-list case (tests/site-fixtures.ts). */
const LIST_KIND = 'chapter-list';

function cases(folderDir: string): Case[] {
  const dir = join(folderDir, 'fixtures');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => {
      const files = readdirSync(join(dir, d.name));
      const page = files.find((f) => /^page\.(html|xml|json)$/.test(f)) ?? null;
      const expected = files.includes('expected.json')
        ? (JSON.parse(readFileSync(join(dir, d.name, 'expected.json'), 'utf8')) as Case['expected'])
        : null;
      return { name: d.name, page, expected };
    });
}

/** What is missing or wrong in the site folders under `sitesDir`, as readable lines ([] when none). */
export function folderProblems(sitesDir: string, registry: readonly SiteFolder[], generic = GENERIC_FOLDER): string[] {
  const problems: string[] = [];
  const folders = readdirSync(sitesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
  const registered = new Set(registry.map((f) => f.folder));
  for (const f of folders) {
    if (f !== generic && !registered.has(f)) problems.push(`lib/sites/${f}/ is not in lib/sites/registry.ts`);
  }
  for (const { folder, adapters } of [...registry, { folder: generic, adapters: [] }]) {
    const dir = join(sitesDir, folder);
    if (!existsSync(dir)) {
      problems.push(`lib/sites/${folder}/ is in the registry but does not exist`);
      continue;
    }
    for (const file of folder === generic ? GENERIC_FILES : REQUIRED_FILES) {
      if (!existsSync(join(dir, file))) problems.push(`lib/sites/${folder}/${file} is missing`);
    }
    const all = cases(dir);
    for (const c of all) if (!c.page) problems.push(`lib/sites/${folder}/fixtures/${c.name}/ has no page.html`);
    if (folder === generic) {
      if (all.length === 0) problems.push(`lib/sites/${folder}/fixtures has no case`);
      continue;
    }
    for (const c of all) {
      if (c.page && !c.expected) {
        problems.push(`lib/sites/${folder}/fixtures/${c.name}/ has no expected.json (a chapter-list case: write its url and story, then npm run -s fixtures:expect)`);
      }
    }
    const pages = all.filter((c) => c.page && c.expected && c.expected.kind !== LIST_KIND);
    const lists = all.filter((c) => c.page && c.expected?.kind === LIST_KIND);
    const ids = new Set(adapters.map((a) => a.id));
    for (const c of pages) {
      const site = c.expected?.expect?.site;
      if (typeof c.expected?.url !== 'string' || !site) problems.push(`lib/sites/${folder}/fixtures/${c.name}/expected.json names no url and site`);
      else if (!ids.has(site)) problems.push(`lib/sites/${folder}/fixtures/${c.name} is a page of "${site}", not of this folder's sites`);
    }
    let listsOk = 0;
    for (const c of lists) {
      const site = c.expected?.story?.site;
      if (typeof c.expected?.url !== 'string' || !site || typeof c.expected.story?.storyId !== 'string' || !c.expected.expect) {
        problems.push(`lib/sites/${folder}/fixtures/${c.name}/expected.json names no url, story (site, storyId) and expect`);
      } else if (!ids.has(site)) problems.push(`lib/sites/${folder}/fixtures/${c.name} is a chapter list of "${site}", not of this folder's sites`);
      else listsOk++;
    }
    for (const id of ids) {
      if (!pages.some((c) => c.expected?.expect?.site === id && !c.expected.expect.error)) {
        problems.push(`lib/sites/${folder}/fixtures has no readable chapter page of "${id}"`);
      }
    }
    if (!pages.some((c) => c.expected?.expect?.error === true)) problems.push(`lib/sites/${folder}/fixtures has no page the adapter must refuse`);
    if (!listsOk) problems.push(`lib/sites/${folder}/fixtures has no chapter-list page`);
  }
  return problems;
}

describe('site folders', () => {
  it('are complete and each is one registry line', () => {
    expect(folderProblems(SITES_DIR, SITE_FOLDERS)).toEqual([]);
  });

  it('export exactly their registered adapters from adapter.ts, read by urls.ts', async () => {
    for (const { folder, adapters } of SITE_FOLDERS) {
      const mod = (await import(`./${folder}/adapter.ts`)) as Record<string, unknown>;
      const exported = Object.values(mod).filter((v) => adapters.includes(v as never));
      expect(exported.length, folder).toBe(adapters.length);
      expect(readFileSync(join(SITES_DIR, folder, 'adapter.ts'), 'utf8'), folder).toMatch(/from '\.\/urls'/);
      expect(readFileSync(join(SITES_DIR, folder, 'chapter-list.ts'), 'utf8'), folder).toMatch(/from '\.\/urls'/);
    }
  });

  it('each give the update checker a chapter list for every one of their sites, and no other', async () => {
    expect(Object.keys(FOLDER_CHAPTER_LISTS).sort()).toEqual(SITE_FOLDERS.map((f) => f.folder).sort());
    for (const { folder, adapters } of SITE_FOLDERS) {
      const mod = (await import(`./${folder}/chapter-list.ts`)) as { CHAPTER_LISTS: Record<string, unknown> };
      expect(FOLDER_CHAPTER_LISTS[folder], folder).toBe(mod.CHAPTER_LISTS);
      expect(Object.keys(mod.CHAPTER_LISTS).sort(), folder).toEqual(adapters.map((a) => a.id).sort());
    }
  });

  it('name what is missing in an incomplete folder or a folder outside the registry', () => {
    const dir = mkdtempSync(join(tmpdir(), 'calm-sites-'));
    try {
      const make = (path: string, text = '') => {
        mkdirSync(join(dir, path, '..'), { recursive: true });
        writeFileSync(join(dir, path), text);
      };
      for (const f of REQUIRED_FILES) make(`good/${f}`);
      make('good/fixtures/good-first/page.html');
      make('good/fixtures/good-first/expected.json', JSON.stringify({ url: 'https://good.example/1', expect: { site: 'good' } }));
      make('good/fixtures/good-broken/page.html');
      make('good/fixtures/good-broken/expected.json', JSON.stringify({ url: 'https://good.example/2', expect: { site: 'good', error: true } }));
      make('good/fixtures/good-list/page.html');
      const list = { kind: 'chapter-list', url: 'https://good.example/s/1', story: { site: 'good', storyId: '1' }, expect: { toc: [], chapterCount: 0 } };
      make('good/fixtures/good-list/expected.json', JSON.stringify(list));
      make('generic/adapter.ts');
      make('generic/adapter.test.ts');
      make('generic/fixtures/blog/page.html');
      const good = { folder: 'good', adapters: [{ id: 'good' }] } as unknown as SiteFolder;
      expect(folderProblems(dir, [good])).toEqual([]);

      make('half/adapter.ts');
      make('half/fixtures/half-first/page.html');
      make('half/fixtures/half-first/expected.json', JSON.stringify({ url: 'https://half.example/1', expect: { site: 'other' } }));
      make('half/fixtures/half-list/page.html');
      make('half/fixtures/half-other-list/page.html');
      make('half/fixtures/half-other-list/expected.json', JSON.stringify({ ...list, story: { site: 'other', storyId: '1' } }));
      make('half/fixtures/half-bare-list/page.html');
      make('half/fixtures/half-bare-list/expected.json', JSON.stringify({ kind: 'chapter-list', url: 'https://half.example/s/1' }));
      const half = { folder: 'half', adapters: [{ id: 'half' }] } as unknown as SiteFolder;
      expect(folderProblems(dir, [good])).toEqual(['lib/sites/half/ is not in lib/sites/registry.ts']);
      expect(folderProblems(dir, [good, half])).toEqual([
        'lib/sites/half/adapter.test.ts is missing',
        'lib/sites/half/chapter-list.ts is missing',
        'lib/sites/half/chapter-list.test.ts is missing',
        'lib/sites/half/urls.ts is missing',
        'lib/sites/half/fixtures/half-list/ has no expected.json (a chapter-list case: write its url and story, then npm run -s fixtures:expect)',
        'lib/sites/half/fixtures/half-first is a page of "other", not of this folder\'s sites',
        'lib/sites/half/fixtures/half-bare-list/expected.json names no url, story (site, storyId) and expect',
        'lib/sites/half/fixtures/half-other-list is a chapter list of "other", not of this folder\'s sites',
        'lib/sites/half/fixtures has no readable chapter page of "half"',
        'lib/sites/half/fixtures has no page the adapter must refuse',
        'lib/sites/half/fixtures has no chapter-list page',
      ]);
      const gone = { folder: 'gone', adapters: [] } as unknown as SiteFolder;
      expect(folderProblems(dir, [good, half, gone])).toContain('lib/sites/gone/ is in the registry but does not exist');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
