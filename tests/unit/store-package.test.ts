/**
 * What the store packages need from the repository: the permanent Gecko id, the icons at every
 * size, a licence notice for every runtime dependency.
 * (tests/e2e/store-package.test.ts checks the built extensions themselves.)
 */
// @vitest-environment node
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../wxt.config';
import { noticedPackages, packageOfModule, STORE_FILES } from '../../modules/store-files';

const ROOT = join(__dirname, '../..');
/** addons.mozilla.org knows the add-on by this id from the first upload on: it can never change. */
const PERMANENT_GECKO_ID = 'calm-reader@calm-reader.app';
const ICON_SIZES = [16, 32, 48, 96, 128];

type ManifestFn = (env: { browser: string; manifestVersion: number; mode: string; command: string }) => Record<string, unknown>;

function manifestFor(browser: string) {
  const fn = config.manifest as unknown as ManifestFn;
  return fn({ browser, manifestVersion: 3, mode: 'production', command: 'build' });
}

/** Width and height from a PNG's IHDR chunk, or null when the bytes are no PNG. */
function pngSize(buf: Buffer): { width: number; height: number } | null {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 24 || !buf.subarray(0, 8).equals(signature) || buf.toString('latin1', 12, 16) !== 'IHDR') return null;
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

describe('store package', () => {
  it('the Firefox manifest carries the permanent Gecko id', () => {
    const gecko = (manifestFor('firefox').browser_specific_settings as { gecko: { id: string } }).gecko;
    expect(gecko.id).toBe(PERMANENT_GECKO_ID);
    expect(manifestFor('chrome').browser_specific_settings).toBeUndefined();
  });

  it.each(['chrome', 'firefox'])('the %s manifest fits the stores: name, short name and description lengths', (browser) => {
    const m = manifestFor(browser) as { name: string; short_name: string; description: string; default_locale: string };
    // In the reader's language: the words are in public/_locales (every locale's lengths: tests/unit/i18n).
    expect(m.default_locale).toBe('en');
    const en = JSON.parse(readFileSync(join(ROOT, 'public/_locales/en/messages.json'), 'utf8')) as Record<string, { message: string }>;
    const word = (v: string) => en[/^__MSG_(\w+)__$/.exec(v)?.[1] ?? '']?.message ?? '';
    expect(word(m.name).length).toBeLessThanOrEqual(45); // Edge's limit; AMO's is 50, Chrome's 75
    expect(word(m.name)).toBe('Calm Reader for Fanfiction');
    expect(word(m.short_name).length).toBeLessThanOrEqual(12);
    expect(word(m.description).length).toBeLessThanOrEqual(132); // Chrome and Firefox cut or refuse longer
    expect(word(m.description).length).toBeGreaterThan(40);
  });

  it.each(ICON_SIZES)('icon %i px exists and is a PNG of that size', (size) => {
    const file = join(ROOT, `public/icon/${size}.png`);
    expect(existsSync(file), file).toBe(true);
    expect(pngSize(readFileSync(file))).toEqual({ width: size, height: size });
  });

  it('the icons are drawn from one SVG source', () => {
    const svg = readFileSync(join(ROOT, 'assets/icon.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[^>]*viewBox="0 0 128 128"/);
  });

  it('LICENSE is MIT, for Calm Reader contributors, and the files the zips carry exist', () => {
    const license = readFileSync(join(ROOT, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License/);
    expect(license).toContain('Calm Reader contributors');
    for (const f of STORE_FILES) expect(existsSync(join(ROOT, f)), f).toBe(true);
  });

  it('THIRD_PARTY_NOTICES.md has a section, with licence text, for every runtime dependency', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const notices = readFileSync(join(ROOT, 'THIRD_PARTY_NOTICES.md'), 'utf8');
    const listed = noticedPackages(notices);
    const missing = Object.keys(pkg.dependencies).filter((d) => !listed.has(d));
    expect(missing, 'run `npm run notices`').toEqual([]);
    for (const dep of Object.keys(pkg.dependencies)) {
      const version = (JSON.parse(readFileSync(join(ROOT, 'node_modules', dep, 'package.json'), 'utf8')) as { version: string }).version;
      const section = notices.split(/^## /m).find((s) => s.startsWith(`${dep}@`)) ?? '';
      expect(section.startsWith(`${dep}@${version}\n`), `${dep}: notice for the installed ${version}; run \`npm run notices\``).toBe(true);
      expect(section, dep).toContain('```text');
    }
  });

  it('docs/store-listing.md justifies every permission and host the manifest asks for', () => {
    const listing = readFileSync(join(ROOT, 'docs/store-listing.md'), 'utf8');
    for (const browser of ['chrome', 'firefox']) {
      const m = manifestFor(browser) as { permissions: string[]; optional_permissions?: string[]; host_permissions: string[] };
      const asked = [...m.permissions, ...(m.optional_permissions ?? []), ...m.host_permissions];
      expect(asked.filter((p) => !listing.includes(`\`${p}\``))).toEqual([]);
    }
  });

  it('names the package of a bundled module by its innermost node_modules folder', () => {
    expect(packageOfModule('/r/node_modules/preact/dist/preact.module.js', '/r')).toEqual({
      name: 'preact',
      dir: 'node_modules/preact',
      files: ['dist/preact.module.js'],
    });
    expect(packageOfModule('/r/node_modules/linkedom/node_modules/htmlparser2/lib/index.js', '/r')?.name).toBe('htmlparser2');
    expect(packageOfModule('\0/r/node_modules/@mozilla/readability/Readability.js?commonjs-es-import', '/r')?.name).toBe('@mozilla/readability');
    expect(packageOfModule('/r/lib/extract.ts', '/r')).toBeNull();
    expect(packageOfModule('/r/node_modules/.vite/deps/x.js', '/r')).toBeNull();
  });

  it('names the same folders when node_modules is linked in from another checkout', () => {
    expect(packageOfModule('/other/node_modules/preact/dist/preact.module.js', '/r')?.dir).toBe('node_modules/preact');
    expect(packageOfModule('/other/node_modules/linkedom/node_modules/htmlparser2/lib/index.js', '/r')?.dir).toBe(
      'node_modules/linkedom/node_modules/htmlparser2',
    );
  });
});
