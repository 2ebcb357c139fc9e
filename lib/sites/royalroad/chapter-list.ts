/** The chapter list the update checker reads for this site (see lib/sites/chapter-list.ts). */
import { ORIGIN as RR } from './urls';
import { absUrl } from '../blocks';
import { UpdateParseError, parseLooseDate, latest, entry, digits, clean, onOrigin, type UpdateSource } from '../chapter-list';
import type { TocEntry } from '../../library/types';

// Royal Road: /fiction/syndication/{id} (RSS, latest chapters)

function childText(el: Element, name: string): string {
  for (const c of Array.from(el.children)) if (c.localName.toLowerCase() === name.toLowerCase()) return clean(c.textContent ?? '');
  return '';
}

const royalroad: UpdateSource = {
  kind: 'xml',
  url: (s) => (digits(s.storyId) ? `${RR}/fiction/syndication/${s.storyId}` : null),
  parse(doc, story) {
    const channel = doc.getElementsByTagName('channel')[0];
    if (!channel) throw new UpdateParseError('Royal Road: the feed is not RSS.');
    const items = Array.from(doc.getElementsByTagName('item'));
    const found: TocEntry[] = [];
    const seen = new Set<string>();
    for (const item of items) {
      const link = childText(item, 'link') || childText(item, 'guid');
      const m = /\/fiction\/(\d+)\/[^/]*\/chapter\/(\d+)/.exec(link) ?? /\/fiction\/chapter\/(\d+)/.exec(link);
      const id = m ? m[m.length - 1] : null;
      if (!id || seen.has(id)) continue;
      seen.add(id);
      let title = childText(item, 'title');
      const prefix = `${story.title} - `;
      if (story.title && title.startsWith(prefix)) title = title.slice(prefix.length);
      found.push(entry(id, title, onOrigin(absUrl(link, RR), RR) ?? `${RR}/fiction/chapter/${id}`, parseLooseDate(childText(item, 'pubDate'))));
    }
    // Feeds list newest first: put them in reading order.
    found.sort((a, b) => (a.date ?? 0) - (b.date ?? 0) || Number(a.id) - Number(b.id));
    return { toc: found, chapterCount: null, siteUpdatedAt: latest(found), partial: true };
  },
};

export const CHAPTER_LISTS: Readonly<Record<string, UpdateSource>> = { royalroad };
