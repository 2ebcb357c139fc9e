/**
 * Every list fixture of every site folder (lib/sites/<site>/list-fixtures/<case>/{page.html,
 * expected.json}) read by the list adapters: the kind of list, the next page, and the stories in
 * order, each matching the fields its expected.json names (the others are free).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadPage } from '../../tests/unit/sites/load-page';
import { LIST_SITES, listMatches, readList } from './lists';
import { SITE_FOLDERS } from './registry';
import { isListError, type StoryRef } from './story-list';

interface ListCase {
  url: string;
  expect: { site: string; kind?: string; error?: string; nextPage?: string | null; stories?: Partial<StoryRef>[] };
}

const cases = SITE_FOLDERS.flatMap(({ folder }) => {
  const dir = join(__dirname, folder, 'list-fixtures');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((name) => ({
    name: `${folder}/${name}`,
    html: readFileSync(join(dir, name, 'page.html'), 'utf8'),
    want: JSON.parse(readFileSync(join(dir, name, 'expected.json'), 'utf8')) as ListCase,
  }));
});

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

describe('list fixtures', () => {
  it('exist for every site with a list adapter', () => {
    for (const s of LIST_SITES) expect(cases.some((c) => c.name.startsWith(`${s.folder}/`)), s.folder).toBe(true);
    expect(LIST_SITES.every((s) => SITE_FOLDERS.some((f) => f.folder === s.folder))).toBe(true);
  });

  it.each(cases)('$name', ({ html, want }) => {
    const { doc, close } = loadPage(html, want.url);
    closers.push(close);
    const r = readList(doc, want.url);
    if (want.expect.error) {
      expect(r).toMatchObject({ kind: want.expect.error, site: want.expect.site });
      return;
    }
    if (isListError(r)) throw new Error(`${r.kind}: ${r.error}`);
    expect(r.site).toBe(want.expect.site);
    expect(r.kind).toBe(want.expect.kind);
    expect(r.nextPage).toBe(want.expect.nextPage);
    expect(r.stories.length).toBe(want.expect.stories!.length);
    want.expect.stories!.forEach((s, i) => expect(r.stories[i]).toMatchObject(s));
    for (const s of r.stories) {
      expect(s.storyId).toMatch(/^\d+$/);
      expect(s.title.length).toBeGreaterThan(0);
      expect(new URL(s.url).protocol).toBe('https:');
    }
  });
});

describe('readList', () => {
  it('reads no list on a site without a list adapter, nor on a bad URL', () => {
    const { doc, close } = loadPage('<ol class="index"><li class="work blurb"></li></ol>', 'https://example.org/works');
    closers.push(close);
    expect(readList(doc, 'https://example.org/works')).toMatchObject({ kind: 'not-a-list', site: 'none' });
    expect(readList(doc, 'not a url')).toMatchObject({ kind: 'not-a-list' });
  });

  it('has match patterns for the list pages', () => {
    expect(listMatches().length).toBeGreaterThan(0);
    for (const m of listMatches()) expect(m).toMatch(/^\*:\/\/[^/*]+\//);
  });
});
