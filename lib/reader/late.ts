/**
 * The reader view's late parts: the chapter-list drawer, the in-view settings panel and the
 * end-of-chapter block are not needed for the first frame, so they are not in the site's content
 * script. After the first frame the content script asks the worker (LATE_PARTS_REQUEST), which
 * injects READER_LATE_FILE (entrypoints/reader-late.ts) into the tab's isolated world with
 * scripting.executeScript: no web-accessible file. That script runs on the content script's own
 * Preact (SHARED_KEY, set by components/reader/late.ts) and hands its views back through it.
 */

/** The message a reader content script sends for the late parts (lib/background/late-parts.ts). */
export const LATE_PARTS_REQUEST = 'reader/late-parts';
/** The unlisted script's path in the built extension. */
export const READER_LATE_FILE = '/reader-late.js';
/** Where, on the isolated world's global object, the content script leaves Preact and the hand-over. */
export const SHARED_KEY = '__calmReaderLate';
/** What the content script shares: the JSX runtime and hooks the late views use, and the hand-over. */
export const SHARED_NAMES = {
  'preact/jsx-runtime': ['jsx', 'jsxs', 'Fragment'],
  'preact/hooks': ['useEffect', 'useRef'],
} as const;
