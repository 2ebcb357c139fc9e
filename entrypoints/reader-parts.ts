/**
 * reader-parts.js: the reader view's parts that the first paint does not need (chapter list,
 * in-view settings, end-of-chapter extras: components/reader/parts.ts), loaded by a site content
 * script with import() on first use (components/reader/lazy-parts.tsx). It runs in the content
 * script's isolated world and uses that script's Preact (components/reader/shared-preact.ts,
 * modules/reader-parts.ts); it hands the parts over on the same global.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import * as parts from '../components/reader/parts';
import { READER_PARTS_GLOBAL } from '../components/reader/shared-preact';

export default defineUnlistedScript(() => {
  (globalThis as Record<string, unknown>)[READER_PARTS_GLOBAL] = parts;
});
