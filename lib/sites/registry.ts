/**
 * Every supported site: one adapter file and one line here.
 * Adapter ids are part of stored keys: never rename one.
 */
import { MatchPattern } from '@webext-core/match-patterns';
import { ao3 } from './ao3';
import { ffnet, fictionpress } from './ffnet';
import { fimfiction } from './fimfiction';
import { royalroad } from './royalroad';
import { scribblehub } from './scribblehub';
import { wattpad } from './wattpad';
import { questionablequesting, spacebattles, sufficientvelocity } from './xenforo';
import type { SiteAdapter } from './types';

export const ADAPTERS: readonly SiteAdapter[] = [
  // one line per site, most important first
  ao3,
  ffnet,
  fictionpress,
  spacebattles,
  sufficientvelocity,
  questionablequesting,
  royalroad,
  fimfiction,
  scribblehub,
  wattpad,
];

const compiled = new Map<SiteAdapter, MatchPattern[]>();
function patternsOf(a: SiteAdapter): MatchPattern[] {
  let p = compiled.get(a);
  if (!p) {
    p = a.matches.map((m) => new MatchPattern(m));
    compiled.set(a, p);
  }
  return p;
}

/** The adapter whose match patterns include the URL and whose parseUrl accepts it. */
export function adapterFor(url: string, adapters: readonly SiteAdapter[] = ADAPTERS): SiteAdapter | null {
  try {
    new URL(url);
  } catch {
    return null;
  }
  for (const a of adapters) {
    if (patternsOf(a).some((p) => p.includes(url)) && a.parseUrl(url)) return a;
  }
  return null;
}

export function adapterById(id: string): SiteAdapter | null {
  return ADAPTERS.find((a) => a.id === id) ?? null;
}

/** All content-script match patterns, deduplicated, in registry order. */
export function contentScriptMatches(): string[] {
  return [...new Set(ADAPTERS.flatMap((a) => a.matches))];
}

/** Host permissions: the supported sites' origins only. */
export function hostPermissions(): string[] {
  const hosts = new Set<string>();
  for (const m of contentScriptMatches()) {
    const match = /^(\*|https?):\/\/([^/]+)\//.exec(m);
    if (match) hosts.add(`${match[1]}://${match[2]}/*`);
  }
  return [...hosts];
}
