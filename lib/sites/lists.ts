/**
 * Every site folder's list adapter (lib/sites/<site>/list.ts): one line per folder that has one.
 * Kept apart from the registry so the list-page content script bundles the list readers only,
 * never the chapter adapters.
 */
import { LIST_MATCHES as ao3Matches, readAo3List } from './ao3/list';
import { LIST_MATCHES as ffnMatches, readFfnList } from './ffnet/list';
import { LIST_MATCHES as fimfictionMatches, readFimfictionList } from './fimfiction/list';
import { LIST_MATCHES as royalRoadMatches, readRoyalRoadList } from './royalroad/list';
import { LIST_MATCHES as scribbleHubMatches, readScribbleHubList } from './scribblehub/list';
import { LIST_MATCHES as wattpadMatches, readWattpadList } from './wattpad/list';
import { LIST_MATCHES as xenForoMatches, isForumHost, readXenForoList } from './xenforo/list';
import type { ListAdapter, ListError, StoryList } from './story-list';

export interface ListSite {
  folder: string;
  read: ListAdapter;
  /** Match patterns of the site's list pages (the list content script's matches). */
  matches: string[];
  /** Does this URL belong to the site (any page)? */
  owns(url: string): boolean;
  /** The site draws (more of) its lists by script after load: the list script watches for new entries. */
  late?: boolean;
}

const hostIs = (host: RegExp | ((hostname: string) => boolean)) => (url: string) => {
  try {
    const { hostname } = new URL(url);
    return typeof host === 'function' ? host(hostname) : host.test(hostname);
  } catch {
    return false;
  }
};

export const LIST_SITES: readonly ListSite[] = [
  { folder: 'ao3', read: readAo3List, matches: ao3Matches, owns: hostIs(/^(?:www\.)?(?:archiveofourown\.(?:org|com|net|gay)|ao3\.org)$/i) },
  { folder: 'ffnet', read: readFfnList, matches: ffnMatches, owns: hostIs(/^(?:www\.|m\.)?(?:fanfiction\.net|fictionpress\.com)$/i) },
  { folder: 'fimfiction', read: readFimfictionList, matches: fimfictionMatches, owns: hostIs(/^(?:www\.)?fimfiction\.net$/i) },
  { folder: 'royalroad', read: readRoyalRoadList, matches: royalRoadMatches, owns: hostIs(/^(?:www\.)?royalroad\.com$/i) },
  { folder: 'scribblehub', read: readScribbleHubList, matches: scribbleHubMatches, owns: hostIs(/^(?:www\.)?scribblehub\.com$/i) },
  { folder: 'wattpad', read: readWattpadList, matches: wattpadMatches, owns: hostIs(/^(?:www\.|m\.)?wattpad\.com$/i), late: true },
  { folder: 'xenforo', read: readXenForoList, matches: xenForoMatches, owns: hostIs(isForumHost) },
];

/** The list site a URL belongs to, or undefined. */
export const listSiteOf = (url: string): ListSite | undefined => LIST_SITES.find((s) => s.owns(url));

/** The list on the page, read by the adapter of the page's site; a not-a-list error for other sites. */
export function readList(doc: Document, url: string): StoryList | ListError {
  const site = listSiteOf(url);
  if (!site) return { error: 'No list adapter reads this site.', site: 'none', kind: 'not-a-list' };
  return site.read(doc, url);
}

/** All list-page match patterns, deduplicated. */
export function listMatches(): string[] {
  return [...new Set(LIST_SITES.flatMap((s) => s.matches))];
}
