/**
 * The XenForo forums' URL table: each forum's hosts (its content-script match patterns and origin),
 * example addresses (checked by the tests), and how a thread address names a story (the thread)
 * and a chapter (a post).
 */
import type { ParsedUrl } from '../types';

export interface XenForoSite {
  id: string;
  name: string;
  /** Forum hosts, the canonical one first. */
  hosts: string[];
  exampleUrls: string[];
}

/** The forums read by the XenForo adapter, by adapter id. */
export const FORUMS = {
  spacebattles: {
    id: 'spacebattles',
    name: 'SpaceBattles',
    hosts: ['forums.spacebattles.com'],
    exampleUrls: [
      'https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/reader/page-2#post-99801234',
      'https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/',
      'https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/post-99612008',
      'https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/page-21#post-99801234',
    ],
  },
  sufficientvelocity: {
    id: 'sufficientvelocity',
    name: 'Sufficient Velocity',
    hosts: ['forums.sufficientvelocity.com'],
    exampleUrls: [
      'https://forums.sufficientvelocity.com/threads/ash-and-orbit.130552/',
      'https://forums.sufficientvelocity.com/threads/ash-and-orbit.130552/reader/',
      'https://forums.sufficientvelocity.com/threads/ash-and-orbit.130552/post-30411287',
    ],
  },
  questionablequesting: {
    id: 'questionablequesting',
    name: 'Questionable Questing',
    hosts: ['forum.questionablequesting.com', 'questionablequesting.com'],
    exampleUrls: [
      'https://forum.questionablequesting.com/threads/the-salt-road.21907/page-3#post-7730018',
      'https://forum.questionablequesting.com/threads/the-salt-road.21907/reader/page-2',
      'https://questionablequesting.com/threads/the-salt-road.21907/',
    ],
  },
} satisfies Record<string, XenForoSite>;

/** A forum's content-script match patterns: its threads on each of its hosts. */
export const forumMatches = (site: XenForoSite): string[] => site.hosts.map((h) => `https://${h}/threads/*`);

/** A forum's origin: its canonical host. */
export const forumOrigin = (site: XenForoSite): string => `https://${site.hosts[0]}`;

const THREAD_RE = /^\/threads\/(?:([^/]*)\.)?(\d+)(?:\/(.*))?$/;

export function parseXenForoUrl(hosts: string[], url: string): (ParsedUrl & { slug: string; origin: string }) | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (!/^https?:$/.test(u.protocol) || !hosts.includes(u.hostname.toLowerCase())) return null;
  const m = THREAD_RE.exec(u.pathname);
  if (!m) return null;
  const rest = m[3] ?? '';
  const pathPost = /(?:^|\/)post-(\d+)\/?$/.exec(rest);
  const hashPost = /^#post-(\d+)$/.exec(u.hash);
  const threadSeg = m[1] !== undefined ? `${m[1]}.${m[2]}` : m[2];
  return {
    storyId: m[2],
    chapterId: hashPost?.[1] ?? pathPost?.[1] ?? null,
    slug: threadSeg,
    origin: `https://${u.hostname.toLowerCase()}`,
  };
}
