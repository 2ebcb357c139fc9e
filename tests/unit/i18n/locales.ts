/** The extension's catalogues (public/_locales) for unit tests, which run without a browser. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { useCatalog } from '../../../lib/i18n';
import type { Catalog } from '../../../lib/i18n/catalog';

export const LOCALES_DIR = resolve(__dirname, '../../../public/_locales');

/** Every shipped locale folder: en, de, pt_BR… */
export const LOCALES: readonly string[] = readdirSync(LOCALES_DIR).sort();

export function catalog(lang: string): Catalog {
  return JSON.parse(readFileSync(join(LOCALES_DIR, lang, 'messages.json'), 'utf8')) as Catalog;
}

/** Show the extension's words in `lang` (a folder name), as the browser would; setup.ts sets en before each test. */
export function useLocale(lang: string): void {
  useCatalog(catalog(lang));
}
