/**
 * The browser's messages.json format (public/_locales/<lang>/messages.json), read the way Chrome and
 * Firefox read it: `$NAME$` in a message stands for the placeholder `name`, whose content is `$1`…`$9`
 * (the substitutions given to getMessage); `$$` is a dollar sign. Used by the unit tests (which run
 * without a browser) and by the locale checks; the extension itself asks browser.i18n.
 */

export interface CatalogEntry {
  message: string;
  description?: string;
  placeholders?: Record<string, { content: string; example?: string }>;
}
export type Catalog = Record<string, CatalogEntry>;

/** The message for `key` with its substitutions, '' when the catalogue has no such key (as getMessage). */
export function formatMessage(catalog: Catalog, key: string, subs: readonly string[]): string {
  const entry = Object.prototype.hasOwnProperty.call(catalog, key) ? catalog[key] : undefined;
  if (!entry || typeof entry.message !== 'string') return '';
  const ph = entry.placeholders ?? {};
  const lower: Record<string, string> = {};
  for (const [name, p] of Object.entries(ph)) lower[name.toLowerCase()] = p.content;
  return entry.message.replace(/\$\$|\$([A-Za-z0-9_@]+)\$/g, (whole, name?: string) => {
    if (!name) return '$';
    const content = lower[name.toLowerCase()];
    if (content === undefined) return whole;
    return content.replace(/\$(\d)/g, (_, d: string) => subs[Number(d) - 1] ?? '');
  });
}

/** The placeholders a message declares ("count=$1"), sorted, and the ones its text uses. */
export function placeholders(entry: CatalogEntry): { declared: string[]; used: string[] } {
  const used = new Set<string>();
  for (const m of entry.message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)) used.add(m[1].toLowerCase());
  const declared = Object.entries(entry.placeholders ?? {}).map(([k, v]) => `${k.toLowerCase()}=${v.content}`);
  return { declared: declared.sort(), used: [...used].sort() };
}
