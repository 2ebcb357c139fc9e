/**
 * Royal Road's story lists: the fiction listings (/fictions/best-rated, /fictions/search, …), tag
 * searches, author fiction pages, and the reader's own follows (/my/follows). Entries are
 * div.fiction-list-item: h2.fiction-title a[href^="/fiction/ID/slug"], tag labels (a.fiction-tag or
 * a.label), a stats row ("N Chapters", "N Pages", a <time> of the last update), and, on the follows
 * page, the author's profile link. Next page from the pagination's "Next" link.
 */
import { countOf, sameSiteUrl, textOf, uniqueEntries, uniqueTexts, type Entry, type ListError, type ListKind, type StoryList } from '../story-list';
import { ORIGIN } from './urls';

const SITE = 'royalroad';
const HOST_RE = /^(?:www\.)?royalroad\.com$/i;

export const LIST_MATCHES: string[] = ['www.royalroad.com', 'royalroad.com'].flatMap((h) => [
  `*://${h}/fictions/*`,
  `*://${h}/my/follows*`,
  `*://${h}/profile/*/fictions*`,
]);

/** What the path says the page is; null: no list page. */
export function royalRoadListKind(url: string): ListKind | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (!HOST_RE.test(u.hostname)) return null;
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
    [...doc.querySelectorAll('ul.pagination a[href], .pagination a[href]')].find((a) => /^next\b/i.test(textOf(a)));
  return sameSiteUrl(next?.getAttribute('href'), url, HOST_RE);
}

export function readRoyalRoadList(doc: Document, url: string): StoryList | ListError {
  const title = textOf(doc.querySelector('title'));
  if (/just a moment|attention required|checking your browser/i.test(title)) {
    return { error: 'A bot check stands in front of this list; open it in the tab and try again.', site: SITE, kind: 'blocked' };
  }
  const kind = royalRoadListKind(url);
  if (!kind) return { error: 'This page is not a list of stories.', site: SITE, kind: 'not-a-list' };
  const items = [...doc.querySelectorAll('div.fiction-list-item')];
  const { stories, elements } = uniqueEntries(items.map(entryOf));
  if (items.length > 0 && stories.length === 0) {
    return { error: 'Story entries were found but could not be read: the layout may have changed.', site: SITE, kind: 'layout-changed' };
  }
  if (stories.length === 0 && !doc.querySelector('.fiction-list, .portlet-body, #result')) {
    return { error: 'No list of stories was found on this page.', site: SITE, kind: 'not-a-list' };
  }
  return { site: SITE, kind, stories, elements, nextPage: nextPageOf(doc, url) };
}
