/**
 * The parts of the reader view a reader does not need for the first paint: the chapter list drawer
 * and the in-view settings panel (opened on demand) and the end-of-chapter extras (below the text).
 * The site content scripts load them on first use from a file of their own (reader-parts.js, see
 * components/reader/lazy-parts.tsx and entrypoints/reader-parts.ts); the generic reader and the unit
 * tests use them directly.
 */
export { ChapterList } from './ChapterList';
export { ViewSettings } from './ViewSettings';
export { EndOfChapter } from './EndOfChapter';
