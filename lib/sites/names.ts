/**
 * Every supported site's id and display name, in registry order, as the build wrote them from
 * lib/sites/registry.ts (siteNamesDefine): the popup and the library page name sites without
 * bundling every adapter (their selectors and parsers) into pages that never read a chapter.
 */
declare const __CALM_SITES__: ReadonlyArray<readonly [id: string, name: string]>;

export const SITES: ReadonlyArray<readonly [id: string, name: string]> = __CALM_SITES__;

/** Site id to display name ("ao3" -> "Archive of Our Own"). */
export const SITE_NAMES: Readonly<Record<string, string>> = Object.fromEntries(SITES);

/** The distinct display names, in registry order (FanFiction.net and FictionPress are two sites). */
export const SITE_DISPLAY_NAMES: readonly string[] = [...new Set(SITES.map(([, name]) => name))];
