/** The chapter list the update checker reads for this site (see lib/sites/chapter-list.ts). */
import { ORIGIN as FIMF } from './urls';
import { absUrl, text } from '../blocks';
import { UpdateParseError, parseLooseDate, latest, entry, digits, clean, onOrigin, type UpdateSource } from '../chapter-list';
import type { TocEntry } from '../../library/types';

// Fimfiction: /story/{id}/

const fimfiction: UpdateSource = {
  kind: 'html',
  url: (s) => (digits(s.storyId) ? `${FIMF}/story/${s.storyId}/` : null),
  parse(doc, story, pageUrl) {
    const list = doc.querySelector('ul.chapters, .chapters');
    if (!list) throw new UpdateParseError('Fimfiction: no chapter list on the story page.');
    const toc: TocEntry[] = [];
    const seen = new Set<string>();
    for (const li of Array.from(list.querySelectorAll('li'))) {
      const a = li.querySelector('a.chapter-title, a.chapter_link, a[href*="/story/"]');
      const href = absUrl(a?.getAttribute('href'), pageUrl);
      const m = href ? /\/story\/(\d+)\/(\d+)/.exec(href) : null;
      if (!a || !href || !m || m[1] !== story.storyId || seen.has(m[2])) continue;
      seen.add(m[2]);
      toc.push(entry(m[2], clean(text(a)), onOrigin(href, FIMF) ?? `${FIMF}/story/${m[1]}/${m[2]}`, parseLooseDate(text(li.querySelector('.date')))));
    }
    if (toc.length === 0) throw new UpdateParseError('Fimfiction: the chapter list is empty.');
    const status = doc.querySelector('.completed-status-complete')
      ? 'complete'
      : doc.querySelector('.completed-status-incomplete, .completed-status-on-hiatus, .completed-status-cancelled')
        ? 'in-progress'
        : undefined;
    return { toc, chapterCount: toc.length, siteUpdatedAt: latest(toc), ...(status ? { status } : {}) };
  },
};

export const CHAPTER_LISTS: Readonly<Record<string, UpdateSource>> = { fimfiction };
