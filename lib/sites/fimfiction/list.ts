/**
 * Fimfiction's story lists: searches and browsing (/stories?…), tag listings (/tag/…), an author's
 * stories (/user/ID/name/stories), and bookshelves (/bookshelf/ID/name). Entries are story cards
 * (div.story-card-container around the card, else div.story-card) or full story boxes
 * (article.story_container): the title link a.story_link (its `title` attribute when it shows no
 * text) or a.story_name to /story/ID/slug, the author (a.story-card__author, else a /user/ link),
 * tag links (a.tag-genre, a.tag-character, …), the word count and completion status when shown, as
 * the fimfiction-stories-downloader tools read bookshelves and searches. Next page from the page
 * list's link holding the fa-chevron-right icon.
 *
 * A bookshelf is the reader's own only when the page's header (the signed-in reader's account
 * link, /user/ID/…) names the same user id as the shelf's owner link (the first /user/ link
 * outside the header and the story cards): another reader's shelf is a list like any other
 * (`bookmarks`), with marks but no import offer; signed out, no shelf is the reader's own.
 */
import { countOf, isBotCheckPage, listError, nextByText, sameSiteUrl, textOf, uniqueEntries, uniqueTexts, unreadListError, type Entry, type ListError, type ListKind, type StoryList } from '../story-list';
import { siteUrl } from '../url';
import { HOST_RE, ORIGIN } from './urls';

const SITE = 'fimfiction';

export const LIST_MATCHES: string[] = ['www.fimfiction.net', 'fimfiction.net'].flatMap((h) =>
  ['/stories*', '/tag/*', '/bookshelf/*', '/user/*'].map((p) => `*://${h}${p}`),
);

/** What the path says the page is; null: no list page. */
export function fimfictionListKind(url: string): ListKind | null {
  const u = siteUrl(url, HOST_RE);
  if (!u) return null;
  const p = u.pathname;
  if (/^\/bookshelf\/\d+(?:\/[^/]*)?\/?$/.test(p)) return 'bookmarks';
  if (/^\/user\/\d+\/[^/]+\/stories\/?$/.test(p)) return 'author';
  if (/^\/stories\/?$/.test(p) || /^\/tag\/[^/]+\/?$/.test(p)) return 'works-list';
  return null;
}

const storyIdOf = (href: string | null) => /^(?:https?:\/\/(?:www\.)?fimfiction\.net)?\/story\/(\d{1,12})(?:[/?#]|$)/i.exec(href ?? '')?.[1] ?? null;

function entryOf(item: Element): Entry | null {
  const link =
    item.querySelector('a.story_name[href], a.story_link[href]') ??
    [...item.querySelectorAll('a[href]')].find((a) => storyIdOf(a.getAttribute('href')) && textOf(a));
  const storyId = storyIdOf(link?.getAttribute('href') ?? null);
  const title = textOf(link) || (link?.getAttribute('title') ?? '').replace(/\s+/g, ' ').trim().slice(0, 500);
  if (!link || !storyId || !title) return null;
  const status = item.querySelector('.completed-status');
  const complete = status ? status.classList.contains('completed-status-complete') : null;
  const chapters = [...item.querySelectorAll('ul.chapters li')].filter((li) => li.querySelector('a[href*="/story/"]')).length || null;
  return [
    {
      site: SITE,
      storyId,
      title,
      author: [...item.querySelectorAll('a.story-card__author, .author a[href^="/user/"], a[href^="/user/"]')].map((a) => textOf(a)).find(Boolean) ?? null,
      url: `${ORIGIN}/story/${storyId}`,
      fandoms: [],
      tags: uniqueTexts(item.querySelectorAll('.story-tags a, a.tag-genre, a.tag-series, a.tag-character, a.tag-content')),
      language: null,
      crossover: null,
      words: countOf(textOf(item.querySelector('.word_count b, .word_count'))),
      chapters,
      chapterTotal: complete && chapters !== null ? chapters : null,
      complete,
      updated: null,
    },
    item,
  ];
}

function nextPageOf(doc: Document, url: string): string | null {
  const next =
    doc.querySelector('a[rel="next"][href], link[rel="next"][href], .page_list a[title="Next Page"][href]') ??
    nextByText(doc.querySelectorAll('.page_list a[href]'), (a) => a.querySelector('.fa-chevron-right, .fa-angle-right') !== null);
  return sameSiteUrl(next?.getAttribute('href'), url, HOST_RE);
}

export function readFimfictionList(doc: Document, url: string): StoryList | ListError {
  if (isBotCheckPage(doc)) return listError(SITE, 'blocked');
  const kind = fimfictionListKind(url);
  if (!kind) return listError(SITE, 'not-a-list');
  const items = [...doc.querySelectorAll('article.story_container, .story-card-container, div.story-card')].filter((el) => !el.parentElement?.closest('.story-card-container'));
  const { stories, elements } = uniqueEntries(items.map(entryOf));
  const refused = unreadListError(SITE, items.length, stories.length, () => doc.querySelector('.story-card-list, .story-list, .search_results, .bookshelf') !== null);
  if (refused) return refused;
  return { site: SITE, kind: kind === 'bookmarks' && ownsShelf(doc) ? 'own-library' : kind, stories, elements, nextPage: nextPageOf(doc, url) };
}

const CHROME = 'header, nav, footer, .user_toolbar, [role="banner"], [role="navigation"]';
const userIdOf = (a: Element) => /^(?:https?:\/\/(?:www\.)?fimfiction\.net)?\/user\/(\d{1,12})(?:[/?#]|$)/i.exec(a.getAttribute('href') ?? '')?.[1] ?? null;

/** Is this bookshelf the signed-in reader's? Both user ids must be found and be the same. */
function ownsShelf(doc: Document): boolean {
  const me = [...doc.querySelectorAll(CHROME.split(', ').map((c) => `${c} a[href*="/user/"]`).join(', '))].map(userIdOf).find(Boolean);
  if (!me) return false;
  const owner = [...doc.querySelectorAll('a[href*="/user/"]')]
    .filter((a) => !a.closest(CHROME) && !a.closest('.story-card-container, .story-card, article.story_container'))
    .map(userIdOf)
    .find(Boolean);
  return owner === me;
}
