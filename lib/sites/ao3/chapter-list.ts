/** The chapter list the update checker reads for this site (see lib/sites/chapter-list.ts). */
import { ORIGIN as AO3 } from './urls';
import { absUrl, text } from '../blocks';
import { UpdateParseError, parseLooseDate, latest, entry, digits, clean, type UpdateSource } from '../chapter-list';
import type { TocEntry } from '../../library/types';

// AO3: /works/W/navigate

const ao3: UpdateSource = {
  kind: 'html',
  url: (s) => (digits(s.storyId) ? `${AO3}/works/${s.storyId}/navigate` : null),
  parse(doc, story, pageUrl) {
    const items = Array.from(doc.querySelectorAll('ol.chapter.index li, ol.index.group li'));
    const toc: TocEntry[] = [];
    const seen = new Set<string>();
    for (const li of items) {
      const a = li.querySelector('a[href*="/chapters/"]');
      const href = absUrl(a?.getAttribute('href'), pageUrl);
      const m = href ? /\/works\/(\d+)\/chapters\/(\d+)/.exec(href) : null;
      if (!a || !href || !m || m[1] !== story.storyId || seen.has(m[2])) continue;
      seen.add(m[2]);
      const title = clean(text(a)).replace(/^\d+\.\s*/, '');
      toc.push(entry(m[2], title, `${AO3}/works/${m[1]}/chapters/${m[2]}`, parseLooseDate(text(li.querySelector('.datetime')))));
    }
    if (toc.length === 0) throw new UpdateParseError('AO3: no chapter index on the navigate page (locked, hidden or changed).');
    return { toc, chapterCount: toc.length, siteUpdatedAt: latest(toc) };
  },
};

export const CHAPTER_LISTS: Readonly<Record<string, UpdateSource>> = { ao3 };
