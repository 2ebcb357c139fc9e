/**
 * The extension pages' first library read, started by the page's entry (entrypoints/popup/main.tsx,
 * entrypoints/library/main.tsx) before it loads its UI (app.tsx): the entry chunk is only this
 * code, so IndexedDB opens and reads while the UI code loads, compiles and draws. The UI takes the
 * same read from here (one module instance per page).
 */
import { createLocalReads, startedEarly, type LocalReads } from './local';
import { lazyLibrary } from './schema';
import { RECENT_LIMIT } from '../popup/snapshot';

/** Stories the popup's "Continue reading" shows (kept with the popup's snapshot, which its first-frame script reads without this module). */
export { RECENT_LIMIT };
/** Stories the library page shows at once on opening, before the whole library has arrived. */
export const FIRST_SCREEN = 50;

let popup: LocalReads | null = null;
let library: LocalReads | null = null;

/** The popup's reads, its "Continue reading" read already started. */
export function popupReads(): LocalReads {
  return (popup ??= startedEarly(createLocalReads(lazyLibrary()), RECENT_LIMIT, 'forPopup'));
}

/** The library page's reads, its first screen already started. */
export function libraryReads(): LocalReads {
  return (library ??= startedEarly(createLocalReads(lazyLibrary()), FIRST_SCREEN, 'recent'));
}
