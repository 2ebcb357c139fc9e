/**
 * Every page fixture whose site has an adapter: parse it, run the real extraction pipeline,
 * check the expectations its JSON states (see docs/sites.md, "Fixture cases").
 */
import { afterAll, describe, expect, it } from 'vitest';
import { extractChapter } from '../../../lib/chapter/extract';
import { workFacts } from '../../../lib/reader/work';
import { adapterById } from '../../../lib/sites/registry';
import { isExtractError, type Chapter } from '../../../lib/sites/types';
import { loadPage } from './load-page';
import { pageCases, pageExpected, pageHtml } from '../../site-fixtures';

interface Expect {
  error?: boolean;
  site: string;
  storyId?: string;
  title?: string;
  author?: string | null;
  chapterIndex?: number | null;
  chapterCount?: number | null;
  chapterTitle?: string | null;
  prevUrl?: string | null;
  nextUrl?: string | null;
  storyParagraphs?: number;
  /** Work card rows by id (`card-<id>` in the reader view) and the text they show. */
  card?: Record<string, string>;
  storyStartsWith?: string;
  storyEndsWith?: string;
  notes?: string[];
  absent?: string[];
}

const fixtures = pageCases()
  .map((c) => {
    const spec = pageExpected<{ url: string; expect: Expect }>(c.name);
    return { name: c.name, ...spec };
  })
  // pages of sites that have no adapter yet are left for the helpers writing them
  .filter((f) => adapterById(f.expect.site) !== null);

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

const noFragment = (u: string | null | undefined) => (u == null ? u : u.replace(/#.*$/, ''));

describe.each(fixtures)('$name', ({ name, url, expect: want }) => {
  const { doc, close } = loadPage(pageHtml(name), url);
  closers.push(close);
  const result = extractChapter(doc, url);

  if (want.error) {
    it('reports an error and no text', () => {
      expect(isExtractError(result)).toBe(true);
      expect(result).toMatchObject({ site: want.site });
      expect((result as { blocks?: unknown }).blocks).toBeUndefined();
    });
    return;
  }

  it('is a chapter', () => {
    expect(isExtractError(result), JSON.stringify(result)).toBe(false);
  });
  if (isExtractError(result)) return;
  const ch: Chapter = result;
  const story = ch.blocks.filter((b) => b.kind === 'story');
  const notes = ch.blocks.filter((b) => b.kind === 'note');

  it('has the stated metadata', () => {
    const fields = ['site', 'storyId', 'title', 'author', 'chapterIndex', 'chapterCount', 'chapterTitle'] as const;
    for (const f of fields) {
      if (f in want) expect(ch[f], f).toEqual(want[f]);
    }
    if ('prevUrl' in want) expect(noFragment(ch.prevUrl)).toEqual(want.prevUrl);
    if ('nextUrl' in want) expect(noFragment(ch.nextUrl)).toEqual(want.nextUrl);
  });

  if (want.card) {
    it('shows the stated facts on the work card', () => {
      const facts = workFacts(ch);
      const shown = Object.fromEntries([...(facts?.always ?? []), ...(facts?.tags ?? [])].map(([, id, value]) => [id, value]));
      expect(shown).toMatchObject(want.card!);
    });
  }

  if (want.storyParagraphs !== undefined) {
    it('has the stated story paragraphs', () => {
      expect(story.length, story.map((b) => b.text.slice(0, 50)).join('\n')).toBe(want.storyParagraphs);
      if (want.storyStartsWith) expect(story[0].text.startsWith(want.storyStartsWith)).toBe(true);
      if (want.storyEndsWith) expect(story[story.length - 1].text.endsWith(want.storyEndsWith)).toBe(true);
    });
  }

  if (want.notes?.length) {
    it('finds every note in a note block, never in story text', () => {
      for (const frag of want.notes!) {
        expect(notes.some((b) => b.text.includes(frag)), `note "${frag}"`).toBe(true);
        expect(story.some((b) => b.text.includes(frag)), `note "${frag}" in story`).toBe(false);
      }
    });
  }

  if (want.absent?.length) {
    it('leaves page chrome, summaries and comments out of every block', () => {
      for (const frag of want.absent!) {
        const hit = ch.blocks.find((b) => b.text.includes(frag) || b.html.includes(frag));
        expect(hit, `absent "${frag}"`).toBeUndefined();
      }
    });
  }

  it('gives absolute, fragment-free URLs', () => {
    for (const u of [ch.url, ch.storyUrl, ch.prevUrl, ch.nextUrl]) {
      if (u === null) continue;
      expect(u).toMatch(/^https?:\/\//);
      expect(u).not.toContain('#');
    }
  });
});

it('covers the adapters of this helper', () => {
  const sites = new Set(fixtures.map((f) => f.expect.site));
  for (const s of ['ao3', 'ffnet', 'fictionpress']) expect(sites.has(s), s).toBe(true);
});
