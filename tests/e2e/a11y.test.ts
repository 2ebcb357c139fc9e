/**
 * Issue 21, accessibility: axe-core (a devDependency, never bundled) runs in the popup, the library
 * page, the options page and the reader view (inside its open shadow root) on a fixture chapter,
 * in the light and dark themes: no serious or critical violation.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, openPopup, READER_HOST, readStore, type Session } from './harness';

const FFN = 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Found {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Inject axe (through the debugger protocol: extension pages' CSP forbids inline scripts) and run it. */
async function axe(page: Page, include?: string): Promise<Found[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE);
  const results = await page.evaluate(async (sel) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const a = (window as any).axe;
    const r = await a.run(sel ? { include: [sel] } : document, { resultTypes: ['violations'] });
    return r.violations.map((v: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      targets: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  }, include ?? null);
  return results as Found[];
}

/**
 * Serious and critical violations, and two moderate ones this project fixed and keeps fixed: a
 * control whose name does not contain its visible text, and landmarks (the author's notes) that
 * share a name.
 */
const ALSO = new Set(['label-content-name-mismatch', 'landmark-unique']);
const serious = (found: Found[]) => found.filter((v) => v.impact === 'serious' || v.impact === 'critical' || ALSO.has(v.id));

/**
 * Tab through the page: every element that takes the focus shows a focus ring (an outline of at
 * least 2 px, on the element or on the segment / file button drawn for a hidden input). Returns
 * the ones that do not.
 */
async function unringed(page: Page, max = 150): Promise<string[]> {
  const missing: string[] = [];
  let seen = 0;
  let first: string | null = null;
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const r = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || el === document.body) return null;
      const target = (el.closest('.cr-segment, .lib-file') as HTMLElement | null) ?? el;
      const cs = getComputedStyle(target);
      const name = `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''}${el.id ? `#${el.id}` : ''} "${(el.getAttribute('aria-label') ?? el.textContent ?? '').trim().slice(0, 40)}"`;
      if (!el.dataset.ringSeen) el.dataset.ringSeen = String(Math.random());
      return { key: el.dataset.ringSeen, name, ok: cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 };
    });
    if (!r) continue;
    if (r.key === first) break;
    first ??= r.key;
    seen++;
    if (!r.ok) missing.push(r.name);
  }
  // The page has controls, and the walk reached them.
  if (seen < 5) missing.push(`only ${seen} focusable elements reached`);
  return missing;
}

let s: Session;
let chapter: Page;

async function setTheme(theme: 'light' | 'dark') {
  await s.worker.evaluate(async (t) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const c = (globalThis as any).chrome;
    const cur = (await c.storage.local.get('readerSettings')).readerSettings ?? {};
    await c.storage.local.set({ readerSettings: { ...cur, theme: t } });
  }, theme);
}

const themed = (page: Page, theme: string) =>
  page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);

beforeAll(async () => {
  s = await launch();
  chapter = await s.context.newPage();
  await chapter.goto(FFN);
  await chapter.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
  // The visit is in the library before the pages that list it open.
  await vi.waitFor(
    async () => {
      if (!(await readStore<{ key: string }>(s, 'stories')).some((r) => r.key === 'ffnet:14022518')) throw new Error('not recorded yet');
    },
    { timeout: 15_000, interval: 100 },
  );
});
afterAll(async () => {
  await s?.close();
});

const report: Record<string, Found[]> = {};
afterAll(() => {
  // What axe found (all impacts), for the record.
  console.log(JSON.stringify(report, null, 1));
});

describe.each(['light', 'dark'] as const)('axe, %s theme', (theme) => {
  beforeAll(async () => {
    await setTheme(theme);
  });

  it('popup', async () => {
    const popup = await openPopup(s, chapter);
    await themed(popup, theme);
    await popup.locator('[data-testid=popup-status][data-state=reader]').waitFor();
    await popup.locator('[data-testid=continue-list]').waitFor();
    const found = await axe(popup);
    report[`popup ${theme}`] = found;
    expect(serious(found)).toEqual([]);
    expect(await unringed(popup)).toEqual([]);
    await popup.close();
  });

  it('library page', async () => {
    const lib = await s.context.newPage();
    await lib.goto(`chrome-extension://${s.extensionId}/library.html`);
    await themed(lib, theme);
    await lib.locator('[data-testid=library-row]').first().waitFor();
    await lib.locator('[data-testid=sync-toggle]:not([disabled])').waitFor();
    const found = await axe(lib);
    report[`library ${theme}`] = found;
    expect(serious(found)).toEqual([]);
    expect(await unringed(lib)).toEqual([]);
    await lib.close();
  });

  it('options page', async () => {
    const opt = await s.context.newPage();
    await opt.goto(`chrome-extension://${s.extensionId}/options.html`);
    await themed(opt, theme);
    await opt.locator('[data-testid=corrections-count]').waitFor();
    await opt.locator('[data-testid=site-ffnet]').waitFor();
    await opt.locator('[data-testid=sync-toggle]:not([disabled])').waitFor();
    const found = await axe(opt);
    report[`options ${theme}`] = found;
    expect(serious(found)).toEqual([]);
    expect(await unringed(opt)).toEqual([]);
    await opt.close();
  });

  it('reader view (shadow root)', async () => {
    const page = await s.context.newPage();
    await page.goto(FFN);
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
    // The view's background is the theme's: dark or light.
    await page.waitForFunction(
      ([host, t]) => {
        const el = document.querySelector(host) as HTMLElement | null;
        const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(el?.style.getPropertyValue('--cr-bg').trim() ?? '');
        if (!m) return false;
        const sum = parseInt(m[1], 16) + parseInt(m[2], 16) + parseInt(m[3], 16);
        return t === 'dark' ? sum < 300 : sum > 450;
      },
      [READER_HOST, theme] as const,
    );
    const found = await axe(page, READER_HOST);
    report[`reader ${theme}`] = found;
    expect(serious(found)).toEqual([]);
    // With every author's note shown (their contents and the correction buttons).
    await page.locator(`${READER_HOST} [data-testid=notes-toggle]`).click();
    await page.locator(`${READER_HOST} [data-testid=note][data-expanded=true]`).first().waitFor();
    const open = await axe(page, READER_HOST);
    report[`reader ${theme}, notes shown`] = open;
    expect(serious(open)).toEqual([]);
    await page.close();
  });
});
