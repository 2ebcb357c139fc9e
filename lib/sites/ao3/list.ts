/**
 * Archive of Our Own's story lists: works listings and search, tag and collection works, series,
 * author works, bookmarks, the reader's history (readings), subscriptions and own bookmarks. Work
 * blurbs (li.work.blurb, li.bookmark.blurb, li.reading.blurb) all carry the same header module and
 * stats; the subscriptions page is a plain dl of links. Series blurbs, external bookmarks and
 * deleted works are no stories of the library and are skipped.
 */
import {
  countOf,
  dayMonthYear,
  lazyRef,
  sameSiteUrl,
  textOf,
  uniqueEntries,
  uniqueTexts,
  type ListError,
  type ListKind,
  type StoryList,
  type Entry,
  type RefDetail,
  type StoryRef,
} from '../story-list';
import { siteUrl } from '../url';
import { HOST_RE, ORIGIN } from './urls';

const SITE = 'ao3';
const WORK_HREF = /^(?:https?:\/\/[^/]+)?(?:\/collections\/[^/]+)?\/works\/0*(\d{1,12})\/?(?:[?#].*)?$/;
/** The list pages this adapter reads (and the content script for lists runs on). */
export const LIST_MATCHES: string[] = ['archiveofourown.org', 'www.archiveofourown.org'].flatMap((host) =>
  [
    '/tags/*',
    '/works',
    '/works?*',
    '/works/search*',
    '/series/*',
    '/users/*',
    '/bookmarks*',
    '/collections/*/works*',
    '/collections/*/bookmarks*',
  ].map((path) => `*://${host}${path}`),
);

/** What the path says the page is; null: no list page of AO3. */
export function ao3ListKind(url: string, reader: string | null): ListKind | null {
  const u = siteUrl(url, HOST_RE);
  if (!u) return null;
  const p = u.pathname.replace(/\/+$/, '');
  const user = /^\/users\/([^/]+)/.exec(p)?.[1] ?? null;
  const own = user !== null && reader !== null && decodeURIComponent(user).toLowerCase() === reader.toLowerCase();
  if (/^\/users\/[^/]+\/readings$/.test(p)) return 'own-history';
  if (/^\/users\/[^/]+\/subscriptions$/.test(p)) return 'own-follows';
  if (/^\/users\/[^/]+(?:\/pseuds\/[^/]+)?\/bookmarks$/.test(p)) return own ? 'own-bookmarks' : 'bookmarks';
  if (/^(?:\/collections\/[^/]+)?\/bookmarks$/.test(p) || /^\/tags\/[^/]+\/bookmarks$/.test(p)) return 'bookmarks';
  if (/^\/series\/\d+$/.test(p)) return 'series';
  if (/^\/users\/[^/]+(?:\/pseuds\/[^/]+)?(?:\/works|\/series)?$/.test(p)) return 'author';
  if (/^\/tags\/[^/]+\/works$/.test(p) || /^\/works(?:\/search)?$/.test(p) || /^\/collections\/[^/]+\/works$/.test(p)) {
    return 'works-list';
  }
  return null;
}

/** The logged-in reader's user name from the page header ("Hi, name!"), or null when logged out. */
function readerName(doc: Document): string | null {
  const a = doc.querySelector('#greeting a[href^="/users/"]');
  return /^\/users\/([^/?#]+)/.exec(a?.getAttribute('href') ?? '')?.[1] ?? null;
}

const workId = (href: string | null): string | null => (href ? (WORK_HREF.exec(href)?.[1] ?? null) : null);

/** What a blurb says beyond the work's id and title (tags, counts, dates): read when asked for (lazyRef). */
function blurbDetail(li: Element, heading: Element): RefDetail {
  const authors = uniqueTexts(heading.querySelectorAll('a[rel="author"]'));
  const fandoms = uniqueTexts(li.querySelectorAll('h5.fandoms a.tag'));
  const tags = uniqueTexts(li.querySelectorAll('ul.tags li:not(.warnings) a.tag'));
  const chapters = textOf(li.querySelector('dl.stats dd.chapters'));
  const cm = /(\d[\d,]*)\s*\/\s*(\d[\d,]*|\?)/.exec(chapters);
  const posted = cm ? countOf(cm[1]) : null;
  const total = cm && cm[2] !== '?' ? countOf(cm[2]) : null;
  const wip = li.querySelector('.required-tags .iswip, .required-tags [class*="complete-"]');
  const complete = wip
    ? /complete-yes/.test(wip.className)
    : posted !== null && total !== null
      ? posted >= total
      : null;
  return {
    author: authors.length ? authors.join(', ') : null,
    fandoms,
    tags,
    language: textOf(li.querySelector('dl.stats dd.language')) || null,
    crossover: fandoms.length ? fandoms.length > 1 : null,
    words: countOf(textOf(li.querySelector('dl.stats dd.words'))),
    chapters: posted,
    chapterTotal: total,
    complete,
    updated: dayMonthYear(textOf(li.querySelector('.header p.datetime'))),
  };
}

/** A work blurb's story: its id and title now, the rest of the blurb when something reads it. */
function blurbRef(li: Element): StoryRef | null {
  const heading = li.querySelector('.header h4.heading, h4.heading');
  if (!heading) return null;
  let link: Element | undefined;
  let storyId: string | null = null;
  for (const a of heading.querySelectorAll('a[href]')) {
    storyId = workId(a.getAttribute('href'));
    if (storyId !== null) {
      link = a;
      break;
    }
  }
  if (!link || !storyId) return null;
  return lazyRef(SITE, storyId, textOf(link) || `Work ${storyId}`, `${ORIGIN}/works/${storyId}`, () => blurbDetail(li, heading));
}

function subscriptionRefs(doc: Document): Entry[] {
  const out: Entry[] = [];
  for (const dt of doc.querySelectorAll('dl.subscription dt')) {
    const link = dt.querySelector('a[href]');
    const storyId = workId(link?.getAttribute('href') ?? null);
    if (!link || !storyId) continue; // series and user subscriptions are no stories
    const authors = uniqueTexts(dt.querySelectorAll('a[rel="author"]'));
    out.push([{
      site: SITE,
      storyId,
      title: textOf(link) || `Work ${storyId}`,
      author: authors.length ? authors.join(', ') : null,
      url: `${ORIGIN}/works/${storyId}`,
      fandoms: [],
      tags: [],
      language: null,
      crossover: null,
      words: null,
      chapters: null,
      chapterTotal: null,
      complete: null,
      updated: null,
    }, dt]);
  }
  return out;
}

function nextPageOf(doc: Document, url: string): string | null {
  const a = doc.querySelector('ol.pagination li.next a[href], .pagination a[rel="next"][href]');
  return sameSiteUrl(a?.getAttribute('href'), url, HOST_RE);
}

const RETRY = 'retry later';

/**
 * Is the page's whole text (spaces collapsed, any case) "Retry later", AO3's bare overload page?
 * Reads the body's text nodes only until more than that is seen: a listing's textContent is
 * hundreds of KB (every blurb's tags and summary), its first words are enough.
 */
function bodyIsRetryLater(doc: Document): boolean {
  if (!doc.body) return false;
  const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
  let seen = '';
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    seen = `${seen}${n.nodeValue ?? ''}`.replace(/\s+/g, ' ').trimStart();
    if (seen.length > RETRY.length + 1) return false;
  }
  return /^retry later$/i.test(seen.trim());
}

const LIST_SELECTOR = 'ol.index, ul.index, dl.subscription';

export function readAo3List(doc: Document, url: string): StoryList | ListError {
  const kind = ao3ListKind(url, readerName(doc));
  const title = textOf(doc.querySelector('title'));
  if (/retry later|just a moment|checking your browser/i.test(title) || bodyIsRetryLater(doc)) {
    return { error: 'AO3 asks to retry later: the list could not be read now.', site: SITE, kind: 'blocked' };
  }
  if (!kind) return { error: 'This AO3 page is not a list of works.', site: SITE, kind: 'not-a-list' };
  const blurbs = [...doc.querySelectorAll('li.blurb')].filter((li) => !li.matches('li.series.blurb'));
  const { stories, elements } = uniqueEntries([
    ...blurbs.map((li): Entry | null => {
      const ref = blurbRef(li);
      return ref ? [ref, li] : null;
    }),
    ...subscriptionRefs(doc),
  ]);
  const hasList = doc.querySelector(LIST_SELECTOR) !== null;
  if (!hasList && stories.length === 0) {
    return { error: 'No list of works was found on this AO3 page.', site: SITE, kind: 'not-a-list' };
  }
  if (stories.length === 0 && blurbs.some((li) => li.querySelector('h4.heading a[href*="/works/"]'))) {
    return { error: 'AO3 work blurbs were found but could not be read: the layout may have changed.', site: SITE, kind: 'layout-changed' };
  }
  return { site: SITE, kind, stories, elements, nextPage: nextPageOf(doc, url) };
}
