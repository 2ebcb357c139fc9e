/**
 * Scribble Hub's story lists: the series finder and rankings, genre and tag listings, latest series,
 * searches (/?s=…&post_type=fictionposts), an author's series (/profile/ID/name/), and the
 * reader's own reading list (/reading-list/). Entries are div.search_main_box: div.search_title
 * a[href*="/series/ID/slug/"], the author (span.a_un_st a or a profile link), genres (.fic_genre),
 * a stats line (.search_stats .nl_stat: "83 Chapters", "120k Words", or "Chapters: 83" on phones),
 * and the next page from the pagination's next link (a.page-link.next), as Shosetsu's, LNReader's
 * and other tools' Scribble Hub searches read them. The reading list is a table (table.rl_table,
 * rows tr.rl_i_box with data-unread) whose series link sits in a div[title], as the
 * ScribbleHub reading-list userscripts and notifiers read it; other rows are read by their series link.
 */
import { countOf, isBotCheckPage, listError, nextByText, sameSiteUrl, textOf, uniqueEntries, uniqueTexts, unreadListError, type Entry, type ListError, type ListKind, type StoryList } from '../story-list';
import { siteUrl } from '../url';
import { HOST_RE, ORIGIN } from './urls';

const SITE = 'scribblehub';

export const LIST_MATCHES: string[] = ['www.scribblehub.com', 'scribblehub.com'].flatMap((h) =>
  ['/series-finder/*', '/series-ranking/*', '/latest-series/*', '/genre/*', '/tag/*', '/reading-list/*', '/profile/*', '/?s=*'].map((p) => `*://${h}${p}`),
);

/** What the path says the page is; null: no list page. */
export function scribbleHubListKind(url: string): ListKind | null {
  const u = siteUrl(url, HOST_RE);
  if (!u) return null;
  const p = u.pathname;
  if (/^\/reading-list\/?/.test(p)) return 'own-library';
  if (/^\/profile\/\d+/.test(p)) return 'author';
  if (/^\/(?:series-finder|series-ranking|latest-series)\/?/.test(p) || /^\/(?:genre|tag)\/[^/]+/.test(p)) return 'works-list';
  if (p === '/' && u.searchParams.has('s')) return 'works-list';
  return null;
}

const storyIdOf = (href: string | null) => /^(?:https?:\/\/(?:www\.)?scribblehub\.com)?\/series\/(\d{1,12})(?:[/?#]|$)/i.exec(href ?? '')?.[1] ?? null;

function entryOf(item: Element, box: boolean): Entry | null {
  const link =
    item.querySelector(box ? '.search_title a[href]' : 'div[title] a[href*="/series/"]') ??
    [...item.querySelectorAll('a[href]')].find((a) => storyIdOf(a.getAttribute('href')) && textOf(a));
  const storyId = storyIdOf(link?.getAttribute('href') ?? null);
  const title = textOf(link);
  if (!link || !storyId || !title) return null;
  const stats = [...item.querySelectorAll('.search_stats > span, .search_stats .nl_stat')];
  const stat = (label: RegExp) => countOf(textOf(stats.find((s) => label.test(`${textOf(s)} ${s.getAttribute('title') ?? ''}`))));
  const chapters = stat(/chapters?/i);
  const author = textOf(item.querySelector('.a_un_st a, span.a_un_st')) || [...item.querySelectorAll('a[href*="/profile/"]')].map((a) => textOf(a)).find(Boolean) || null;
  return [
    {
      site: SITE,
      storyId,
      title,
      author,
      url: `${ORIGIN}/series/${storyId}/`,
      fandoms: uniqueTexts(item.querySelectorAll('.fdi_fandom a, a.fic_fandom')),
      tags: uniqueTexts(item.querySelectorAll('.fic_genre, .search_genre a')),
      language: null,
      crossover: null,
      words: stat(/\bwords?\b/i),
      chapters,
      chapterTotal: null,
      complete: null,
      updated: null,
    },
    item,
  ];
}

function nextPageOf(doc: Document, url: string): string | null {
  const next =
    doc.querySelector('#pagination-mesh a.next[href], .pagination a.next[href], a[rel="next"][href], link[rel="next"][href]') ??
    nextByText(doc.querySelectorAll('#pagination-mesh a[href], .pagination a[href], .wi_fic_paging a[href]'));
  return sameSiteUrl(next?.getAttribute('href'), url, HOST_RE);
}

export function readScribbleHubList(doc: Document, url: string): StoryList | ListError {
  if (isBotCheckPage(doc)) return listError(SITE, 'blocked');
  const kind = scribbleHubListKind(url);
  if (!kind) return listError(SITE, 'not-a-list');
  if (kind === 'own-library' && /need to log in before you can access this page/i.test(textOf(doc.body))) {
    return { error: 'Log in to Scribble Hub to see your reading list.', site: SITE, kind: 'not-a-list' };
  }
  const boxes = [...doc.querySelectorAll('div.search_main_box')];
  // The reading list shows its series in table rows (tr.rl_i_box), or boxes on some views.
  const known = kind === 'own-library' && boxes.length === 0 ? [...doc.querySelectorAll('table.rl_table tr.rl_i_box')] : [];
  const rows = known.length > 0 || kind !== 'own-library' || boxes.length > 0 ? known : [...doc.querySelectorAll('table tbody tr, table tr')];
  const { stories, elements } = uniqueEntries([...boxes.map((b) => entryOf(b, true)), ...rows.map((r) => entryOf(r, false))]);
  const refused = unreadListError(SITE, boxes.length, stories.length, () => doc.querySelector('.wi_fic_wrap, #main, .search_main') !== null);
  if (refused) return refused;
  return { site: SITE, kind, stories, elements, nextPage: nextPageOf(doc, url) };
}
