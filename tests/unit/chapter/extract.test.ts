/** lib/chapter/extract.ts: the pipeline by URL (adapter from the registry -> extract -> sanitise -> notes). */
import { describe, expect, it } from 'vitest';
import { extractChapter } from '../../../lib/chapter/extract';
import { isExtractError, type Chapter, type SiteAdapter } from '../../../lib/sites/types';
import { fixture, loadPage } from '../sites/load-page';

describe('extractChapter', () => {
  it('refuses a page no site adapter claims, touching nothing', () => {
    const { doc } = loadPage('<html><body><p>Just a page.</p></body></html>', 'https://example.org/story/1');
    const r = extractChapter(doc, 'https://example.org/story/1');
    expect(r).toMatchObject({ site: 'none', kind: 'unsupported' });
    expect(doc.body.innerHTML).toBe('<p>Just a page.</p>');
  });

  it('picks the adapter by URL and reads the chapter with its notes apart', () => {
    const { doc, url } = fixture('ao3-chapter-middle');
    const r = extractChapter(doc, url);
    expect(isExtractError(r)).toBe(false);
    const ch = r as Chapter;
    expect(ch).toMatchObject({ site: 'ao3', storyId: '51842093', chapterIndex: 2, chapterTitle: 'The Tidewater Market' });
    expect(ch.blocks.some((b) => b.kind === 'note')).toBe(true);
    expect(ch.blocks.some((b) => b.kind === 'story')).toBe(true);
  });

  it('uses the adapter it is given instead of the registry, and turns a throwing adapter into an error', () => {
    const { doc } = loadPage('<html><body><p>x</p></body></html>', 'https://archiveofourown.org/works/1');
    const throwing = {
      id: 'broken', name: 'Broken', matches: [],
      extract: () => {
        throw new Error('surprise');
      },
    } as unknown as SiteAdapter;
    const r = extractChapter(doc, 'https://archiveofourown.org/works/1', { adapter: throwing });
    expect(r).toMatchObject({ site: 'broken' });
    expect(isExtractError(r) && r.error).toMatch(/^Broken: could not read this page \(surprise\)/);
  });
});
