/**
 * Every chapter-list fixture case (lib/sites/<site>/fixtures/<case>/, expected.json of "kind":
 * "chapter-list") reads as its expected.json says, with the service worker's DOM (linkedom) and
 * happy-dom alike, and its URL is one the update checker asks for. A new case is one folder: the
 * page and expected.json ("url", "story"; `npm run -s fixtures:expect` writes "expect", reviewed).
 * What expected.json cannot say (hostile answers, another site's page) stays in the folders'
 * chapter-list.test.ts.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listCases, listExpected, listStoryRecord, readList, type ListCase } from '../../tests/site-fixtures';
import { updateSourceFor } from './chapter-lists';

const cases = listCases().map((c) => ({ name: c.name, page: readFileSync(c.page, 'utf8'), x: listExpected(c.name) }));

/** The pages a case's `next` leads to, for the same story. */
const nextPages = (x: ListCase): string[] =>
  cases
    .filter((o) => o.x.story.site === x.story.site && o.x.story.storyId === x.story.storyId)
    .map((o) => ('next' in o.x.expect ? o.x.expect.next : null))
    .filter((u): u is string => typeof u === 'string');

describe('chapter-list fixture cases', () => {
  it('exist, a few of them refused pages', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10);
    expect(cases.filter((c) => 'error' in c.x.expect).length).toBeGreaterThanOrEqual(2);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s reads as its expected.json says', (_name, c) => {
    expect(readList(c.page, c.x.url, c.x.story)).toEqual(c.x.expect);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s is at a URL the update checker asks for', (_name, c) => {
    const source = updateSourceFor(c.x.story.site);
    expect(source, c.x.story.site).not.toBeNull();
    // the list's first page, built from the story id on the site's own origin, or a later page of it
    expect([source!.url(listStoryRecord(c.x.story)), ...nextPages(c.x)]).toContain(c.x.url);
  });
});
