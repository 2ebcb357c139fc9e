/**
 * Every supported site: one folder, lib/sites/<site>/ (adapter.ts, chapter-list.ts, urls.ts, their
 * tests, fixtures/<case>/), and one line here. lib/sites/folders.test.ts fails when a folder is
 * incomplete or missing from this list. Adapter ids are part of stored keys: never rename one.
 *
 * Each folder's adapter.ts becomes a content script of its own, built with only that folder's
 * adapters (modules/site-scripts.ts): code that runs in the content script reaches its adapters
 * through lib/sites/served.ts and lib/sites/match.ts, never through this file. The update checker
 * reads the folders' chapter lists through lib/sites/chapter-lists.ts, never through this file.
 */
import { findAdapter, matchesOf } from './match';
import { ao3 } from './ao3/adapter';
import { ffnet, fictionpress } from './ffnet/adapter';
import { fimfiction } from './fimfiction/adapter';
import { royalroad } from './royalroad/adapter';
import { scribblehub } from './scribblehub/adapter';
import { wattpad } from './wattpad/adapter';
import { questionablequesting, spacebattles, sufficientvelocity } from './xenforo/adapter';
import type { SiteAdapter } from './types';

export interface SiteFolder {
  /** The folder's name under lib/sites (also its content script's: reader-<folder>.js). */
  folder: string;
  /** The adapters its adapter.ts exports, most important first. */
  adapters: readonly SiteAdapter[];
}

export const SITE_FOLDERS: readonly SiteFolder[] = [
  // one line per site folder, most important first
  { folder: 'ao3', adapters: [ao3] },
  { folder: 'ffnet', adapters: [ffnet, fictionpress] },
  { folder: 'xenforo', adapters: [spacebattles, sufficientvelocity, questionablequesting] },
  { folder: 'royalroad', adapters: [royalroad] },
  { folder: 'fimfiction', adapters: [fimfiction] },
  { folder: 'scribblehub', adapters: [scribblehub] },
  { folder: 'wattpad', adapters: [wattpad] },
];

/**
 * The generic reader's folder (lib/sites/generic): it reads any page the reader asks it to, so it
 * has no match patterns, content script, URL table or chapter list of its own.
 */
export const GENERIC_FOLDER = 'generic';

export const ADAPTERS: readonly SiteAdapter[] = SITE_FOLDERS.flatMap((f) => f.adapters);

/** The adapter whose match patterns include the URL and whose parseUrl accepts it. */
export function adapterFor(url: string, adapters: readonly SiteAdapter[] = ADAPTERS): SiteAdapter | null {
  return findAdapter(url, adapters);
}

export function adapterById(id: string): SiteAdapter | null {
  return ADAPTERS.find((a) => a.id === id) ?? null;
}

/** All content-script match patterns, deduplicated, in registry order. */
export function contentScriptMatches(): string[] {
  return matchesOf(ADAPTERS);
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

/**
 * Build-time constant for lib/sites/names.ts (wxt.config.ts and vitest.config.ts): the popup and the
 * library page show site names from it and never bundle the adapters themselves.
 */
export function siteNamesDefine(): Record<string, string> {
  return {
    __CALM_SITES__: JSON.stringify(ADAPTERS.map((a) => [a.id, a.name])),
    // Each site's hosts (from its match patterns), for lib/sites/hosts.ts: whose URL is whose.
    __CALM_SITE_HOSTS__: JSON.stringify(ADAPTERS.map((a) => [a.id, siteHostPatterns(a)])),
  };
}

/** The hosts of an adapter's match patterns ("www.example.org", "*.example.org"), deduplicated. */
export function siteHostPatterns(a: SiteAdapter): string[] {
  const hosts = new Set<string>();
  for (const m of a.matches) {
    const match = /^(?:\*|https?):\/\/([^/]+)\//.exec(m);
    if (match) hosts.add(match[1].toLowerCase());
  }
  return [...hosts];
}
