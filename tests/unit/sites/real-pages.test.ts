/**
 * Every adapter on real pages saved from the sites (../shared/real-pages, next to the project; its
 * README.md names each page's real address and kind). The pages are read at run time and never
 * copied into the repository; the facts each page must give are ours, in
 * tests/fixtures/real-pages.expected.json, keyed by file name:
 * - a chapter page: title, author, chapter index / count / title / id, prev / next, story id; the
 *   first and last three words of the story text; the notes the site marks (AO3 notes modules) as
 *   notes; no page chrome in any block. FanFiction.Net's notes live in the chapter body and the
 *   notes detector decides them, so there only the body's first and last words are checked.
 * - a page that is no chapter (listing, log-in page, 404, "Retry later", bot check, adult warning):
 *   refused with its typed reason, never "the layout may have changed".
 * Without ../shared/real-pages the suite fails under CI and is skipped elsewhere.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extractChapter } from '../../../lib/chapter/extract';
import { adapterById, adapterFor } from '../../../lib/sites/registry';
import { isExtractError, type Block, type Chapter } from '../../../lib/sites/types';
import { loadPage } from './load-page';

/** ../shared/real-pages next to the project; CALM_REAL_PAGES names another folder. */
const REAL_DIR = process.env.CALM_REAL_PAGES ?? join(__dirname, '../../../../shared/real-pages');
const EXPECTED = join(__dirname, '../../fixtures/real-pages.expected.json');

interface PageFacts {
  url: string;
  /** The adapter for the page's site; null: no adapter serves this host. */
  site: string | null;
  refused?: string;
  storyId?: string;
  title?: string;
  author?: string | null;
  chapterIndex?: number | null;
  chapterCount?: number | null;
  chapterTitle?: string | null;
  chapterId?: string;
  prevUrl?: string | null;
  nextUrl?: string | null;
  storyStart?: string;
  storyEnd?: string;
  /** Site-marked notes in order: the label and the first three words of each notes module. */
  notes?: { label: string | null; start: string }[];
}

/** Text that belongs to the site's page around the chapter, never to a block of the reader. */
const CHROME: Record<string, { equals: RegExp; contains: RegExp }> = {
  ao3: {
    equals: /^(chapter text|work text:?|notes:?|summary:?|chapter notes|end notes|actions|comments|kudos)$/i,
    contains: /leave kudos|kudos:|hits:|bookmarks:|chapter index|post comment|entire work|next chapter →|← previous chapter|share work|subscribe/i,
  },
  ffnet: {
    equals: /^(review|reviews|follow\/fav|prev|next|first|last)$/i,
    contains: /rated:|follow\/fav|post review|story actions|jump:|« prev|next »|« first|last »|favs:|reviews:|words: \d/i,
  },
};
CHROME.fictionpress = CHROME.ffnet;

const words = (s: string) => s.split(/\s+/).filter(Boolean);
const noFragment = (u: string | null | undefined) => (u == null ? u : u.replace(/#.*$/, ''));

/** Notes modules as the reader groups them: one entry per run of note blocks with one label. */
function noteRuns(blocks: Block[]): { label: string | null; start: string }[] {
  const runs: { label: string | null; start: string }[] = [];
  let prev: string | null | undefined;
  for (const b of blocks) {
    if (b.kind !== 'note') {
      prev = undefined;
      continue;
    }
    const label = b.label ?? null;
    if (label === prev) continue;
    prev = label;
    runs.push({ label, start: words(b.text).slice(0, 3).join(' ') });
  }
  return runs;
}

const present = existsSync(REAL_DIR);
const expected = JSON.parse(readFileSync(EXPECTED, 'utf8')) as Record<string, PageFacts | string>;
const facts = Object.entries(expected).filter((e): e is [string, PageFacts] => typeof e[1] === 'object');

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

if (!present) {
  if (process.env.CI) {
    it('finds the real pages', () => {
      throw new Error(`${REAL_DIR} is missing: the real-pages test cannot run (CI requires it).`);
    });
  } else {
    it.skip(`real pages: ${REAL_DIR} is missing, skipped outside CI`, () => undefined);
  }
} else {
  describe('real pages', () => {
    it('every saved page has its facts, and every fact its page', () => {
      const files = readdirSync(REAL_DIR, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .flatMap((d) => readdirSync(join(REAL_DIR, d.name)).filter((f) => f.endsWith('.html')).map((f) => `${d.name}/${f}`))
        .sort();
      expect(files.length).toBeGreaterThan(0);
      expect(facts.map(([f]) => f).sort()).toEqual(files);
    });

    describe.each(facts)('%s', (file, want) => {
      const { doc, close } = loadPage(readFileSync(join(REAL_DIR, file), 'utf8'), want.url);
      closers.push(close);
      const byUrl = adapterFor(want.url);
      // Listing pages are no story URL (parseUrl refuses them): ask the site's adapter itself.
      const adapter = byUrl ?? (want.site ? adapterById(want.site) : null);

      it('is read by the adapter of its site', () => {
        expect(adapter?.id ?? null).toBe(want.site);
      });

      if (want.refused) {
        it(`is refused as ${want.refused}`, () => {
          const r = adapter ? adapter.extract(doc, want.url) : extractChapter(doc, want.url);
          expect(isExtractError(r)).toBe(true);
          expect(r).toMatchObject({ kind: want.refused, site: want.site ?? 'none' });
          expect((r as { blocks?: unknown }).blocks).toBeUndefined();
        });
        return;
      }

      const r = adapter!.extract(doc, want.url);
      const ch = (isExtractError(r) ? null : r) as Chapter | null;

      it('reads the metadata', () => {
        if (isExtractError(r)) throw new Error(`${r.kind}: ${r.error}`);
        expect({
          storyId: r.storyId,
          title: r.title,
          author: r.author,
          chapterIndex: r.chapterIndex,
          chapterCount: r.chapterCount,
          chapterTitle: r.chapterTitle,
          chapterId: r.chapterId,
          prevUrl: noFragment(r.prevUrl),
          nextUrl: noFragment(r.nextUrl),
        }).toEqual({
          storyId: want.storyId,
          title: want.title,
          author: want.author,
          chapterIndex: want.chapterIndex,
          chapterCount: want.chapterCount,
          chapterTitle: want.chapterTitle,
          chapterId: want.chapterId,
          prevUrl: want.prevUrl,
          nextUrl: want.nextUrl,
        });
      });

      it('starts and ends where the story does', () => {
        const story = words(ch!.blocks.filter((b) => b.kind === 'story').map((b) => b.text).join(' '));
        expect(story.slice(0, 3).join(' ')).toBe(want.storyStart);
        expect(story.slice(-3).join(' ')).toBe(want.storyEnd);
      });

      if (want.notes) {
        it('keeps the notes the site marks as notes', () => {
          expect(noteRuns(ch!.blocks)).toEqual(want.notes);
          for (const b of ch!.blocks.filter((x) => x.kind === 'note')) expect(b.source).toBe('structured');
        });
      }

      it('carries no page chrome', () => {
        const chrome = CHROME[want.site!];
        const leaked = ch!.blocks.filter((b) => chrome.equals.test(b.text.trim()) || chrome.contains.test(b.text));
        expect(leaked.map((b) => b.text.slice(0, 80))).toEqual([]);
      });

      it('keeps its start and end through the whole pipeline (sanitiser, notes detector)', () => {
        const full = extractChapter(doc, want.url, { adapter: adapter! });
        if (isExtractError(full)) throw new Error(full.error);
        const all = words(full.blocks.filter((b) => b.kind !== 'separator').map((b) => b.text).join(' ')).join(' ');
        expect(all).toContain(want.storyStart);
        expect(all).toContain(want.storyEnd);
        // Site-marked notes stay notes whatever the detector thinks.
        expect(full.blocks.filter((b) => b.source === 'structured' && b.kind === 'note').length).toBe(
          ch!.blocks.filter((b) => b.source === 'structured' && b.kind === 'note').length,
        );
      });
    });
  });
}
