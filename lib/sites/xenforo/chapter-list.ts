/** The chapter list the update checker reads for this site (see lib/sites/chapter-list.ts). */
import { FORUMS, forumOrigin } from './urls';
import { absUrl, parseCount, text } from '../blocks';
import { UpdateParseError, parseLooseDate, latest, entry, digits, clean, onOrigin, type UpdateSource } from '../chapter-list';
import type { TocEntry } from '../../library/types';

// XenForo forums: /threads/ID/threadmarks

/** The number a XenForo threadmarks header states ("Threadmarks: 57"), or null. */
function statedThreadmarks(doc: Document): number | null {
  for (const dl of Array.from(doc.querySelectorAll('.threadmarkListingHeader dl, dl.threadmarkListingHeader-stats'))) {
    const dt = dl.querySelector('dt');
    if (dt && /^threadmarks$/i.test(clean(text(dt)))) return parseCount(text(dl.querySelector('dd')));
  }
  return null;
}

function xenforoSource(origin: string, name: string): UpdateSource {
  return {
    kind: 'html',
    // per_page: the whole list on one page where the forum allows it (fewer requests)
    url: (s) => (digits(s.storyId) ? `${origin}/threads/${s.storyId}/threadmarks?threadmark_category=1&per_page=200` : null),
    parse(doc, _story, pageUrl) {
      const rows = Array.from(
        doc.querySelectorAll('.structItem--threadmark, li.threadmarkListItem, .threadmarkList .threadmarkItem'),
      );
      const toc: TocEntry[] = [];
      const seen = new Set<string>();
      // A long list shows its middle as a "…" row that loads the range on click: what is listed is not all.
      let gap = false;
      for (const row of rows) {
        if (row.querySelector('[data-xf-click="threadmark-fetcher"]')) gap = true;
        const a =
          row.querySelector('a[data-tp-primary="on"][href]') ??
          row.querySelector('.structItem-title a[href*="post-"], a[href*="post-"]');
        const href = absUrl(a?.getAttribute('href'), pageUrl);
        const m = href ? /post-(\d+)/.exec(href) : null;
        if (!a || !href || !m || seen.has(m[1])) continue;
        seen.add(m[1]);
        const time = row.querySelector('time[data-timestamp], time[data-time], time[datetime], [data-time]');
        const secs = time?.getAttribute('data-timestamp') ?? time?.getAttribute('data-time');
        const date = secs && /^\d+$/.test(secs) ? parseInt(secs, 10) * 1000 : parseLooseDate(time?.getAttribute('datetime'));
        toc.push(entry(m[1], clean(text(a)), onOrigin(href, origin) ?? `${origin}/posts/${m[1]}/`, date));
      }
      const hasList = doc.querySelector('.structItemContainer, .block-body, .threadmarkList');
      if (toc.length === 0 && !hasList) throw new UpdateParseError(`${name}: no threadmark list on the page.`);
      const nextHref = doc.querySelector('a.pageNav-jump--next')?.getAttribute('href');
      const next = absUrl(nextHref, pageUrl);
      const stated = statedThreadmarks(doc);
      return {
        toc,
        chapterCount: gap ? stated : toc.length,
        siteUpdatedAt: latest(toc),
        next: next && next.startsWith(`${origin}/`) ? next : null,
        ...(gap ? { partial: true } : {}),
      };
    },
  };
}

export const CHAPTER_LISTS: Readonly<Record<string, UpdateSource>> = Object.fromEntries(
  Object.entries(FORUMS).map(([id, forum]) => [id, xenforoSource(forumOrigin(forum), forum.name)]),
);
