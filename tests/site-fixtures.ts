/**
 * Where the site fixtures live: each site's folder holds its cases as
 * lib/sites/<site>/fixtures/<case>/page.<html|xml|json>, with expected.json beside a chapter page
 * (its URL and what the adapter must read from it; see docs/sites.md). A case without
 * expected.json is a chapter-list page the update checker reads. Case names are unique across
 * sites ("ao3-oneshot", "ffnet-story"), so tests name a case without naming its folder.
 *
 * Node only (fs): the unit tests, the e2e harness and the bench read fixtures through here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SITES_DIR = join(ROOT, 'lib/sites');
/** Fixtures that belong to no one site (a Cloudflare challenge page). */
export const SHARED_UPDATES_DIR = join(ROOT, 'tests/fixtures/updates');

export interface FixtureCase {
  /** The case's name, unique across sites ("ao3-oneshot"). */
  name: string;
  /** The site folder it belongs to ("ao3"). */
  folder: string;
  /** The page (page.html, page.xml or page.json). */
  page: string;
  /** expected.json, or null for a chapter-list page. */
  expected: string | null;
}

function dirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

/** Every fixture case of every site folder, by name. */
export function fixtureCases(): FixtureCase[] {
  const cases: FixtureCase[] = [];
  for (const folder of dirs(SITES_DIR)) {
    const base = join(SITES_DIR, folder, 'fixtures');
    for (const name of dirs(base)) {
      const page = readdirSync(join(base, name)).find((f) => /^page\.(html|xml|json)$/.test(f));
      if (!page) continue;
      const expected = join(base, name, 'expected.json');
      cases.push({ name, folder, page: join(base, name, page), expected: existsSync(expected) ? expected : null });
    }
  }
  return cases.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The chapter-page cases (those with expected.json), sorted by name. */
export function pageCases(): (FixtureCase & { expected: string })[] {
  return fixtureCases().filter((c): c is FixtureCase & { expected: string } => c.expected !== null);
}

/** One case by name; throws when there is none. */
export function fixtureCase(name: string): FixtureCase {
  const found = fixtureCases().find((c) => c.name === name);
  if (!found) throw new Error(`No fixture case "${name}" in ${SITES_DIR}/*/fixtures`);
  return found;
}

/** A chapter page's HTML by case name ("ao3-oneshot"). */
export const pageHtml = (name: string): string => readFileSync(fixtureCase(name).page, 'utf8');

/** A chapter page's expected.json by case name. */
export function pageExpected<T = { url: string; expect: Record<string, unknown> }>(name: string): T {
  const c = fixtureCase(name);
  if (!c.expected) throw new Error(`Fixture case "${name}" has no expected.json`);
  return JSON.parse(readFileSync(c.expected, 'utf8')) as T;
}

/**
 * A case's page by file name ("ao3-navigate.html", "royalroad-syndication.xml", "blog-story.html"):
 * the site's case, else the shared updates fixtures.
 */
export function casePage(file: string): string {
  const name = file.replace(/\.(html|xml|json)$/, '');
  const c = fixtureCases().find((x) => x.name === name);
  if (c) return readFileSync(c.page, 'utf8');
  if (existsSync(join(SHARED_UPDATES_DIR, file))) return readFileSync(join(SHARED_UPDATES_DIR, file), 'utf8');
  throw new Error(`No fixture case "${name}" in ${SITES_DIR}/*/fixtures or ${SHARED_UPDATES_DIR}`);
}
