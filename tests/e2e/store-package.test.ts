/**
 * The built extensions are what the stores get (`npm run zip` zips these folders): each carries
 * its licence, the third-party notices and the privacy policy, the icons at every size, and the
 * notices name every npm package whose code the build put in the bundles.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noticedPackages, reportPath, STORE_FILES, type BundledPackage } from '../../modules/store-files';
import { ROOT } from './harness';

const BUILDS = [
  { browser: 'chrome', dir: join(ROOT, '.output/chrome-mv3') },
  { browser: 'firefox', dir: join(ROOT, '.output/firefox-mv3') },
];

describe.each(BUILDS)('$browser build', ({ browser, dir }) => {
  const manifest = () => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;

  it('carries LICENSE, THIRD_PARTY_NOTICES.md and PRIVACY.md as in the repository', () => {
    expect(existsSync(join(dir, 'manifest.json')), `run \`npx wxt build -b ${browser}\` first`).toBe(true);
    for (const f of STORE_FILES) expect(readFileSync(join(dir, f), 'utf8'), f).toBe(readFileSync(join(ROOT, f), 'utf8'));
  });

  it('names the icons at 16, 32, 48, 96 and 128 px, and each file is there', () => {
    const icons = manifest().icons as Record<string, string>;
    expect(Object.keys(icons).map(Number).sort((a, b) => a - b)).toEqual([16, 32, 48, 96, 128]);
    for (const file of Object.values(icons)) expect(existsSync(join(dir, file)), file).toBe(true);
  });

  it('the notices name every npm package with code in the bundles', () => {
    const report = JSON.parse(readFileSync(reportPath(join(ROOT, '.output'), browser), 'utf8')) as BundledPackage[];
    const noticed = noticedPackages(readFileSync(join(ROOT, 'THIRD_PARTY_NOTICES.md'), 'utf8'));
    expect(report.map((p) => p.name)).toContain('preact');
    expect(report.map((p) => p.name).filter((n) => !noticed.has(n)), 'run `npm run notices`').toEqual([]);
  });

  if (browser === 'firefox') {
    it('has the permanent Gecko id', () => {
      const bss = manifest().browser_specific_settings as { gecko: { id: string } };
      expect(bss.gecko.id).toBe('calm-reader@calm-reader.app');
    });
  }
});

describe('THIRD_PARTY_NOTICES.md', () => {
  it('is what `npm run notices` writes for these builds', () => {
    // Exits non-zero (and the test fails) when the file differs from what the builds' records give.
    const out = execFileSync(join(ROOT, 'node_modules/.bin/tsx'), ['scripts/notices.ts', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(out).toContain('up to date');
  });
});
