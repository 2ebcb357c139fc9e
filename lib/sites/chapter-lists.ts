/**
 * Every site's chapter list by adapter id, for the update checker in the service worker: one line
 * per site folder (the same folders as lib/sites/registry.ts, checked by lib/sites/folders.test.ts).
 * Kept apart from the registry so the worker bundles the chapter-list parsers only, never the page
 * adapters.
 */
import { CHAPTER_LISTS as ao3 } from './ao3/chapter-list';
import { CHAPTER_LISTS as ffnet } from './ffnet/chapter-list';
import { CHAPTER_LISTS as fimfiction } from './fimfiction/chapter-list';
import { CHAPTER_LISTS as royalroad } from './royalroad/chapter-list';
import { CHAPTER_LISTS as scribblehub } from './scribblehub/chapter-list';
import { CHAPTER_LISTS as wattpad } from './wattpad/chapter-list';
import { CHAPTER_LISTS as xenforo } from './xenforo/chapter-list';
import type { UpdateSource } from './chapter-list';

/** The site folders' chapter lists, in registry order. */
export const FOLDER_CHAPTER_LISTS: Readonly<Record<string, Readonly<Record<string, UpdateSource>>>> = {
  ao3,
  ffnet,
  xenforo,
  royalroad,
  fimfiction,
  scribblehub,
  wattpad,
};

/** Update source per adapter id. */
export const UPDATE_SOURCES: Readonly<Record<string, UpdateSource>> = Object.assign({}, ...Object.values(FOLDER_CHAPTER_LISTS));

export function updateSourceFor(site: string): UpdateSource | null {
  return Object.prototype.hasOwnProperty.call(UPDATE_SOURCES, site) ? UPDATE_SOURCES[site] : null;
}
