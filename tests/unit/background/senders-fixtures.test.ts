/**
 * The sender checks never refuse the reader's own content script: on every fixture page of every
 * site, the visit it reports (the real extraction) is accepted from that page's URL.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentScriptRefusal } from '../../../lib/background/senders';
import { extractChapter } from '../../../lib/extract';
import { chapterVisit } from '../../../lib/reader/session';
import { adapterById } from '../../../lib/sites/registry';
import { isExtractError } from '../../../lib/sites/types';
import { loadPage } from '../sites/load-page';

const DIR = join(__dirname, '../../fixtures/pages');
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ name: f, ...(JSON.parse(readFileSync(join(DIR, f), 'utf8')) as { url: string; expect: { site: string; error?: boolean } }) }))
  .filter((f) => !f.expect.error && adapterById(f.expect.site) !== null);

describe('content-script visits from every fixture page', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s is accepted', async (_n, f) => {
    const { doc, close } = loadPage(readFileSync(join(DIR, f.name.replace(/\.json$/, '.html')), 'utf8'), f.url);
    try {
      const r = extractChapter(doc, f.url);
      if (isExtractError(r)) return; // pages the reader leaves alone send no visit
      const visit = chapterVisit(r);
      expect(contentScriptRefusal('chapter/visited', { chapter: visit }, f.url)).toBeNull();
      const key = `${visit.site}:${visit.storyId}`;
      for (const type of ['position/save', 'position/get', 'notes/memory', 'notes/learn', 'notes/correct'] as const)
        expect(contentScriptRefusal(type, { storyKey: key }, f.url)).toBeNull();
    } finally {
      await close();
    }
  });
});
