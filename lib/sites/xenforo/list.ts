/**
 * The XenForo forums' story lists (SpaceBattles, Sufficient Velocity, Questionable Questing): a
 * forum's thread list (/forums/name.ID/), tag pages, and the reader's own watched threads
 * (/watched/threads). Entries are div.structItem--thread: .structItem-title a[href*="/threads/"]
 * (after any prefix labels), the starter in data-author or .structItem-minor .username, the last
 * post's time[data-time], and the next page from a.pageNav-jump--next. A story is its thread: the
 * storyId is the thread id, as in the forums' chapter adapter.
 */
import { countOf, isBotCheckPage, listError, sameSiteUrl, textOf, uniqueEntries, uniqueTexts, unreadListError, type Entry, type ListError, type ListKind, type StoryList } from '../story-list';
import { FORUMS, forumOrigin, type XenForoSite } from './urls';

const ALL: XenForoSite[] = Object.values(FORUMS);

export const LIST_MATCHES: string[] = ALL.flatMap((f) =>
  f.hosts.flatMap((h) => [`*://${h}/forums/*`, `*://${h}/watched/threads*`, `*://${h}/tags/*`]),
);

/** Does this host belong to one of the forums? */
export const isForumHost = (hostname: string): boolean => ALL.some((f) => f.hosts.includes(hostname.toLowerCase()));

function forumOf(url: string): { forum: XenForoSite; path: string } | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (!/^https?:$/.test(u.protocol)) return null;
  const forum = ALL.find((f) => f.hosts.includes(u.hostname.toLowerCase()));
  return forum ? { forum, path: u.pathname } : null;
}

/** What the path says the page is; null: no list page. */
export function xenForoListKind(url: string): ListKind | null {
  const f = forumOf(url);
  if (!f) return null;
  if (/^\/watched\/threads\/?/.test(f.path)) return 'own-follows';
  if (/^\/forums\/[^/]+\/?/.test(f.path)) return 'works-list';
  if (/^\/tags\/[^/]+\/?/.test(f.path)) return 'works-list';
  return null;
}

const threadIdOf = (href: string | null) => /^(?:https?:\/\/[^/]+)?\/threads\/(?:[^/?#]*\.)?(\d{1,12})(?:[/?#]|$)/.exec(href ?? '')?.[1] ?? null;

function entryOf(item: Element, forum: XenForoSite, origin: string): Entry | null {
  const link = [...item.querySelectorAll('.structItem-title a[href]')].find((a) => threadIdOf(a.getAttribute('href')));
  const storyId = threadIdOf(link?.getAttribute('href') ?? null);
  const title = textOf(link);
  if (!link || !storyId || !title) return null;
  const author = item.getAttribute('data-author')?.trim().slice(0, 500) || textOf(item.querySelector('.structItem-minor .username, .structItem-parts .username')) || null;
  const times = [...item.querySelectorAll('.structItem-latestDate[data-time], .structItem-cell--latest time[data-time]')].map((t) => Number(t.getAttribute('data-time')));
  const updated = times.length && Number.isFinite(times[0]) && times[0] > 0 ? times[0] * 1000 : null;
  const prefixes = uniqueTexts(item.querySelectorAll('.structItem-title .label'));
  const tags = uniqueTexts(item.querySelectorAll('.structItem-tagBlock a, .structItem-minor .tagItem'));
  // SpaceBattles and Sufficient Velocity show the threadmarks' word count on threads that have them.
  const words = countOf(textOf(item.querySelector('.structItem-parts .threadmarkWordCount, [data-xf-init="threadmarks-tooltip"] .words')) || null);
  return [
    {
      site: forum.id,
      storyId,
      title,
      author,
      url: `${origin}/threads/${storyId}/`,
      fandoms: [],
      tags: [...prefixes, ...tags.filter((t) => !prefixes.includes(t))],
      language: null,
      crossover: null,
      words,
      chapters: null,
      chapterTotal: null,
      complete: null,
      updated,
    },
    item,
  ];
}

export function readXenForoList(doc: Document, url: string): StoryList | ListError {
  const f = forumOf(url);
  const siteId = f?.forum.id ?? 'spacebattles';
  if (isBotCheckPage(doc)) return listError(siteId, 'blocked');
  const kind = xenForoListKind(url);
  if (!f || !kind) return listError(siteId, 'not-a-list');
  const origin = forumOrigin(f.forum);
  const items = [...doc.querySelectorAll('.structItem--thread')];
  const { stories, elements } = uniqueEntries(items.map((i) => entryOf(i, f.forum, origin)));
  const refused = unreadListError(siteId, items.length, stories.length, () => doc.querySelector('.structItemContainer, .block-body') !== null);
  if (refused) return refused;
  const host = new RegExp(`^(?:${f.forum.hosts.map((h) => h.replace(/\./g, '\\.')).join('|')})$`, 'i');
  const next = doc.querySelector('a.pageNav-jump--next[href], link[rel="next"][href]');
  return { site: siteId, kind, stories, elements, nextPage: sameSiteUrl(next?.getAttribute('href'), url, host) };
}
