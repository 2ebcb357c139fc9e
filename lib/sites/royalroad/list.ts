/**
 * Royal Road's story lists: the fiction listings (/fictions/best-rated, /fictions/search, …), tag
 * searches, author fiction pages, and the reader's own follows (/my/follows). Entries are
 * div.fiction-list-item: h2.fiction-title a[href^="/fiction/ID/slug"], tag labels (a.fiction-tag or
 * a.label), a stats row ("N Chapters", "N Pages", a <time> of the last update), and, on the follows
 * page, the author's profile link. Next page from the pagination's "Next" link.
 */
import { countOf, isBotCheckPage, listError, nextByText, sameSiteUrl, textOf, uniqueEntries, uniqueTexts, unreadListError, type Entry, type ListError, type ListKind, type StoryList } from '../story-list';
import { siteUrl } from '../url';
import { HOST_RE, ORIGIN } from './urls';

const SITE = 'royalroad';

export const LIST_MATCHES: string[] = ['www.royalroad.com', 'royalroad.com'].flatMap((h) => [
  `*://${h}/fictions/*`,
  `*://${h}/my/follows*`,
  `*://${h}/profile/*/fictions*`,
]);

/** What the path says the page is; null: no list page. */
export function royalRoadListKind(url: string): ListKind | null {
  const u = siteUrl(url, HOST_RE);
  if (!u) return null;
  const p = u.pathname;
  if (/^\/my\/follows\/?$/.test(p)) return 'own-follows';
  if (/^\/profile\/\d+\/fictions\/?$/.test(p)) return 'author';
  if (/^\/fictions\/[\w-]+\/?$/.test(p)) return 'works-list';
  return null;
}

const storyIdOf = (href: string | null) => /^(?:https?:\/\/(?:www\.)?royalroad\.com)?\/fiction\/(\d{1,12})(?:[/?#]|$)/i.exec(href ?? '')?.[1] ?? null;

function entryOf(item: Element): Entry | null {
  const link = item.querySelector('.fiction-title a[href]') ?? item.querySelector('a[href^="/fiction/"]');
  const storyId = storyIdOf(link?.getAttribute('href') ?? null);
  const title = textOf(link);
  if (!link || !storyId || !title) return null;
  const stats = [...item.querySelectorAll('.stats div, .stats span, .row.stats > *')].map((e) => textOf(e));
  const chapters = countOf(stats.find((t) => /\bchapters?\b/i.test(t)));
  const time = item.querySelector('time[datetime], time[unixtime]');
  const unix = Number(time?.getAttribute('unixtime'));
  const iso = Date.parse(time?.getAttribute('datetime') ?? '');
  const updated = Number.isFinite(unix) && unix > 0 ? unix * 1000 : Number.isFinite(iso) ? iso : null;
  const labels = [...item.querySelectorAll('a.fiction-tag, .tags a, span.label, a.label')];
  const statusWords = labels.map((l) => textOf(l).toUpperCase());
  const complete = statusWords.includes('COMPLETED') ? true : statusWords.some((w) => w === 'ONGOING' || w === 'HIATUS' || w === 'STUB' || w === 'DROPPED') ? false : null;
  const tags = uniqueTexts(item.querySelectorAll('a.fiction-tag, .tags a'));
  const author = [...item.querySelectorAll('a[href^="/profile/"]')].map((a) => textOf(a)).find(Boolean) ?? null;
  return [
    {
      site: SITE,
      storyId,
      title,
      author,
      url: `${ORIGIN}/fiction/${storyId}`,
      fandoms: [],
      tags,
      language: null,
      crossover: null,
      words: null,
      chapters,
      chapterTotal: complete && chapters !== null ? chapters : null,
      complete,
      updated,
    },
    item,
  ];
}

function nextPageOf(doc: Document, url: string): string | null {
  const next =
    doc.querySelector('ul.pagination a[rel="next"], link[rel="next"]') ??
    nextByText(doc.querySelectorAll('ul.pagination a[href], .pagination a[href]'));
  return sameSiteUrl(next?.getAttribute('href'), url, HOST_RE);
}

export function readRoyalRoadList(doc: Document, url: string): StoryList | ListError {
  if (isBotCheckPage(doc)) return listError(SITE, 'blocked');
  const kind = royalRoadListKind(url);
  if (!kind) return listError(SITE, 'not-a-list');
  const items = [...doc.querySelectorAll('div.fiction-list-item')];
  const { stories, elements } = uniqueEntries(items.map(entryOf));
  const refused = unreadListError(SITE, items.length, stories.length, () => doc.querySelector('.fiction-list, .portlet-body, #result') !== null);
  if (refused) return refused;
  return { site: SITE, kind, stories, elements, nextPage: nextPageOf(doc, url) };
}
