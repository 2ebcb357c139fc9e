/**
 * `wxt/browser` for the popup's first-frame script only (wxt.config.ts): the browser's own
 * extension object (Firefox's `browser`, Chromium's `chrome`; both promise-based in MV3) instead of
 * the polyfill the other bundles get, which that small script does not need.
 */
const g = globalThis as unknown as { browser?: { runtime?: { id?: string } }; chrome?: unknown };
export const browser = (g.browser?.runtime?.id ? g.browser : g.chrome) as typeof import('wxt/browser').browser;
