/**
 * The sender checks never refuse the reader's own content script: on every fixture page of every
 * site, the visit it reports (the real extraction) is accepted from that page's URL.
 */
import { describe, expect, it } from 'vitest';
import { contentScriptRefusal } from '../../../lib/background/senders';
import { extractChapter } from '../../../lib/chapter/extract';
import { chapterVisit } from '../../../lib/reader/session';
import { adapterById } from '../../../lib/sites/registry';
import { isExtractError } from '../../../lib/sites/types';
import { loadPage } from '../sites/load-page';
import { pageCases, pageExpected, pageHtml } from '../../site-fixtures';

const fixtures = pageCases()
  .map((c) => ({ name: `${c.name}.json`, ...pageExpected<{ url: string; expect: { site: string; error?: boolean } }>(c.name) }))
  .filter((f) => !f.expect.error && adapterById(f.expect.site) !== null);

describe('content-script visits from every fixture page', () => {
  it.each(fixtures.map((f) => [f.name, f] as const))('%s is accepted', async (_n, f) => {
    const { doc, close } = loadPage(pageHtml(f.name.replace(/\.json$/, '')), f.url);
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
