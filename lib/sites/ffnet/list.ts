/**
 * FanFiction.Net's and FictionPress's story lists: browse by fandom / category, crossovers,
 * communities, search results, author pages (their stories and favourites), and the reader's own
 * story alerts (follows) and favourites. Most lists are div.z-list entries: a.stitle for the title,
 * an author link, and a grey " - "-separated meta line (div.xgray). Author pages add data-*
 * attributes on each entry. The reader's alerts and favourites pages are a table (#gui_table1i) of
 * story and author links.
 */
import { countOf, isBotCheckPage, listError, nextByText, sameSiteUrl, textOf, uniqueEntries, unreadListError, type Entry, type ListError, type ListKind, type StoryList, type StoryRef } from '../story-list';
import { FFN_SITES, ffnUrls, type FfnSite } from './urls';

const CATEGORIES = ['anime', 'book', 'cartoon', 'comic', 'game', 'misc', 'movie', 'play', 'tv'];
const FP_CATEGORIES = ['fiction', 'poetry'];

/** List-page match patterns of one of the two sites. */
function listMatches(site: FfnSite): string[] {
  const paths = [
    ...(site.id === 'ffnet' ? [...CATEGORIES.map((c) => `/${c}/*`), '/*-Crossovers/*', '/crossovers/*'] : FP_CATEGORIES.map((c) => `/${c}/*`)),
    '/community/*',
    '/search/*',
    '/u/*',
    '/alert/*',
    '/favorites/*',
  ];
  return ['www', 'm'].flatMap((sub) => paths.map((p) => `*://${sub}.${site.domain}${p}`));
}

export const LIST_MATCHES: string[] = [...listMatches(FFN_SITES.ffnet), ...listMatches(FFN_SITES.fictionpress)];

function siteOf(url: string): { site: FfnSite; host: RegExp; path: string } | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  for (const site of Object.values(FFN_SITES)) {
    const host = new RegExp(`^(?:www\\.|m\\.)?${site.domain.replace(/\./g, '\\.')}$`, 'i');
    if (host.test(u.hostname)) return { site, host, path: u.pathname };
  }
  return null;
}

/** What the path says the page is; null: no list page. */
export function ffnListKind(url: string): ListKind | null {
  const s = siteOf(url);
  if (!s) return null;
  const p = s.path;
  if (/^\/alert\/story\.php/.test(p)) return 'own-follows';
  if (/^\/favorites\/story\.php/.test(p)) return 'own-favourites';
  if (/^\/u\/\d+/.test(p)) return 'author';
  if (/^\/(?:community|search)\//.test(p) || p === '/search.php') return 'works-list';
  const cats = s.site.id === 'ffnet' ? CATEGORIES : FP_CATEGORIES;
  if (new RegExp(`^/(?:${cats.join('|')})/[^/]+`).test(p)) return 'works-list';
  if (/^\/[^/]+-Crossovers\/[^/]+/.test(p) || /^\/crossovers\/[^/]+\/[^/]+/.test(p)) return 'works-list';
  return null;
}

const storyIdOf = (href: string | null) => /^(?:https?:\/\/[^/]+)?\/s\/(\d{1,12})(?:[/?#]|$)/.exec(href ?? '')?.[1] ?? null;

interface Meta {
  fandoms: string[];
  crossover: boolean | null;
  language: string | null;
  tags: string[];
  words: number | null;
  chapters: number | null;
  complete: boolean;
  updated: number | null;
}

/**
 * The grey meta line: "[Crossover - ]Fandom[ & Fandom] - Rated: T - English - Genre/Genre - Chapters: 5 -
 * Words: 12,345 - … - Updated: <span data-xutime> - Published: … - Characters - Complete". Fandoms
 * lead only where the list spans fandoms (search, communities, author pages, crossovers).
 */
export function parseMeta(el: Element | null): Meta {
  const meta: Meta = { fandoms: [], crossover: null, language: null, tags: [], words: null, chapters: null, complete: false, updated: null };
  if (!el) return meta;
  const times = [...el.querySelectorAll('[data-xutime]')].map((s) => Number(s.getAttribute('data-xutime')));
  const tokens = textOf(el).split(' - ').map((t) => t.trim()).filter(Boolean);
  const rated = tokens.findIndex((t) => t.startsWith('Rated:'));
  if (rated > 0) {
    const lead = tokens.slice(0, rated);
    meta.crossover = lead[0] === 'Crossover';
    meta.fandoms = lead.filter((t) => t !== 'Crossover').flatMap((t) => t.split(' & ')).map((t) => t.trim()).filter(Boolean);
    if (!meta.crossover) meta.crossover = meta.fandoms.length > 1;
  }
  tokens.forEach((t, i) => {
    if (t.startsWith('Chapters:')) meta.chapters = countOf(t);
    else if (t.startsWith('Words:')) meta.words = countOf(t);
    else if (t === 'Complete' || t === 'Status: Complete') meta.complete = true;
    else if (rated >= 0 && i === rated + 1 && !t.includes(':')) meta.language = t;
    else if (rated >= 0 && i > rated + 1 && !t.includes(':')) {
      for (const tag of t.split(/[[\],]|\/(?!Comfort)/).map((x) => x.trim())) if (tag && !meta.tags.includes(tag)) meta.tags.push(tag);
    }
  });
  // Updated comes before Published when both are shown; a one-shot never updated shows Published only.
  const updatedAt = tokens.some((t) => t.startsWith('Updated:')) ? times[0] : times.length ? times[times.length - 1] : NaN;
  meta.updated = Number.isFinite(updatedAt) && updatedAt > 0 ? updatedAt * 1000 : null;
  return meta;
}

function zListRef(div: Element, siteId: string, origin: string, pageAuthor: string | null): StoryRef | null {
  const link = div.querySelector('a.stitle[href]') ?? div.querySelector('a[href^="/s/"]');
  const storyId = storyIdOf(link?.getAttribute('href') ?? null);
  if (!link || !storyId) return null;
  const meta = parseMeta(div.querySelector('.xgray'));
  const authorLink = [...div.querySelectorAll('a[href^="/u/"]')].find((a) => !a.closest('.xgray'));
  const category = div.getAttribute('data-category');
  const fandoms = meta.fandoms.length ? meta.fandoms : category ? category.split(' & ').map((t) => t.trim()) : [];
  const dataWords = countOf(div.getAttribute('data-wordcount'));
  const dataChapters = countOf(div.getAttribute('data-chapters'));
  const status = div.getAttribute('data-statusid');
  const complete = status ? status === '2' : meta.complete;
  return {
    site: siteId,
    storyId,
    title: (div.getAttribute('data-title')?.trim().slice(0, 500) || textOf(link)) || `Story ${storyId}`,
    author: textOf(authorLink) || pageAuthor,
    url: `${origin}/s/${storyId}/1/`,
    fandoms,
    tags: meta.tags,
    language: meta.language,
    crossover: meta.crossover ?? (fandoms.length ? fandoms.length > 1 : null),
    words: meta.words ?? dataWords,
    chapters: meta.chapters ?? dataChapters ?? 1,
    chapterTotal: complete ? (meta.chapters ?? dataChapters ?? 1) : null,
    complete,
    updated: meta.updated,
  };
}

function tableRefs(doc: Document, siteId: string, origin: string): Entry[] {
  const out: Entry[] = [];
  for (const tr of doc.querySelectorAll('#gui_table1i tr, table.table tr')) {
    const link = [...tr.querySelectorAll('a[href]')].find((a) => storyIdOf(a.getAttribute('href')) && textOf(a));
    const storyId = storyIdOf(link?.getAttribute('href') ?? null);
    if (!link || !storyId) continue;
    const cells = [...tr.querySelectorAll('td')];
    const category = cells.length >= 3 ? textOf(cells[2]) : '';
    const fandoms = category ? category.split(' & ').map((t) => t.replace(/^Crossover\s*[-:]\s*/i, '').trim()).filter(Boolean) : [];
    out.push([{
      site: siteId,
      storyId,
      title: textOf(link),
      author: textOf(tr.querySelector('a[href^="/u/"]')) || null,
      url: `${origin}/s/${storyId}/1/`,
      fandoms,
      tags: [],
      language: null,
      crossover: fandoms.length ? fandoms.length > 1 : null,
      words: null,
      chapters: null,
      chapterTotal: null,
      complete: null,
      updated: null,
    }, tr]);
  }
  return out;
}

function nextPageOf(doc: Document, url: string, host: RegExp): string | null {
  const next = nextByText(doc.querySelectorAll('#content_wrapper_inner a[href], center a[href], #content a[href]'));
  return sameSiteUrl(next?.getAttribute('href'), url, host);
}

export function readFfnList(doc: Document, url: string): StoryList | ListError {
  const s = siteOf(url);
  const siteId = s?.site.id ?? 'ffnet';
  if (isBotCheckPage(doc)) return listError(siteId, 'blocked');
  const kind = ffnListKind(url);
  if (!s || !kind) return listError(siteId, 'not-a-list');
  const { ORIGIN } = ffnUrls(s.site);
  // On an author page, "My Stories" entries name no author: the page's own name is theirs.
  const pageAuthor = kind === 'author' ? textOf(doc.querySelector('#content_wrapper_inner span[style] b, #content_wrapper_inner > span b')) || null : null;
  const zList = [...doc.querySelectorAll('div.z-list')];
  const { stories, elements } = uniqueEntries([
    ...zList.map((d): Entry | null => {
      const ref = zListRef(d, siteId, ORIGIN, d.classList.contains('favstories') ? null : pageAuthor);
      return ref ? [ref, d] : null;
    }),
    ...tableRefs(doc, siteId, ORIGIN),
  ]);
  const refused = unreadListError(siteId, zList.length, stories.length, () => doc.querySelector('#gui_table1i, div.z-list, #content_wrapper_inner') !== null);
  if (refused) return refused;
  return { site: siteId, kind, stories, elements, nextPage: nextPageOf(doc, url, s.host) };
}
