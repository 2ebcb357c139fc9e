#!/usr/bin/env node
// Rasterises the one icon source, assets/icon.svg, to every size the manifest uses
// (public/icon/<size>.png, which WXT puts in the manifest). Chromium draws it: no image library.
// Run after changing the SVG (`node scripts/make-icons.mjs`) and commit the PNGs;
// tests/unit/store-package.test.ts checks that every size is there.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CANDIDATES } from './ensure-tools.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const ICON_SIZES = [16, 32, 48, 96, 128];

const svg = readFileSync(join(ROOT, 'assets/icon.svg'), 'utf8');
const executablePath = CANDIDATES.find((p) => existsSync(p));
const browser = await chromium.launch({ executablePath, args: ['--force-color-profile=srgb'] });
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  mkdirSync(join(ROOT, 'public/icon'), { recursive: true });
  for (const size of ICON_SIZES) {
    await page.setViewportSize({ width: size, height: size });
    const sized = svg.replace(/width="\d+" height="\d+"/, `width="${size}" height="${size}"`);
    await page.setContent(`<!doctype html><style>html,body{margin:0;background:transparent}svg{display:block}</style>${sized}`);
    await page.screenshot({ path: join(ROOT, `public/icon/${size}.png`), omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  }
} finally {
  await browser.close();
}
console.log(`icons written to public/icon/ (${ICON_SIZES.join(', ')} px) from assets/icon.svg`);
