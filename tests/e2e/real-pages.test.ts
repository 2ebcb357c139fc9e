/**
 * Real saved pages (../shared/real-pages, read at run time, never copied into the repository) in
 * Chromium with the built extension, each at its real address:
 * - an AO3 work for logged-in users only and FanFiction.Net's Cloudflare browser check: the page
 *   stays as the site made it, and the on-page notice and the popup say in plain words why and what
 *   to do, never "the layout may have changed";
 * - an AO3 work's chapter index (/navigate): the popup says it is a list of stories, not a chapter;
 * - a mobile FanFiction.Net chapter (m.fanfiction.net): the reader view with its chapter title and
 *   "Chapter 23 of 24".
 * Without ../shared/real-pages: fails under CI, skipped elsewhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inReader, launch, openPopup, READER_HOST, ROOT, stripHash, type Session } from './harness';

/** ../shared/real-pages next to the project; CALM_REAL_PAGES names another folder. */
const REAL_DIR = process.env.CALM_REAL_PAGES ?? join(ROOT, '../shared/real-pages');

const LOGIN_ONLY = { file: 'ao3/ao3js-work-15461226-registered-users-only.html', url: 'https://archiveofourown.org/works/15461226' };
const BOT_CHECK = { file: 'ffnet/resync-m-cloudflare-challenge.html', url: 'https://m.fanfiction.net/s/13975964/2' };
const MOBILE = { file: 'ffnet/resync-m-s-3384712-ch23.html', url: 'https://m.fanfiction.net/s/3384712/23/' };
const CHAPTER_INDEX = { file: 'ao3/ao3js-work-43703871-navigate.html', url: 'https://archiveofourown.org/works/43703871/navigate' };

/**
 * Pages by address; an address with a query (the bot check's own form posts back to its page with
 * a token) is answered with the page of the same path.
 */
class RealPages extends Map<string, string> {
  override get(url: string): string | undefined {
    return super.get(url) ?? super.get(stripHash(url).replace(/\?.*$/, ''));
  }
}

const present = existsSync(REAL_DIR);

if (!present) {
  if (process.env.CI) {
    it('finds the real pages', () => {
      throw new Error(`${REAL_DIR} is missing: the real-pages e2e test cannot run (CI requires it).`);
    });
  } else {
    it.skip(`real pages in Chromium: ${REAL_DIR} is missing, skipped outside CI`, () => undefined);
  }
} else {
  let s: Session;
  beforeAll(async () => {
    const pages = new RealPages();
    for (const p of [LOGIN_ONLY, BOT_CHECK, MOBILE, CHAPTER_INDEX]) pages.set(p.url, readFileSync(join(REAL_DIR, p.file), 'utf8'));
    s = await launch({ pages });
  });
  afterAll(async () => {
    await s?.close();
  });

  describe('real pages in Chromium', () => {
    it.each([
      ['AO3 work for logged-in users only', LOGIN_ONLY, 'login-required', 'AO3 shows this work to logged-in users only — log in on AO3, then reload.'],
      ['FanFiction.Net browser check', BOT_CHECK, 'bot-check', 'FanFiction.Net is checking your browser — finish the check, the reader view opens after.'],
    ])('%s: the page stays, and the notice and the popup say why in plain words', async (_name, real, kind, words) => {
      const page = await s.context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(real.url);
      const notice = inReader(page, '[data-testid=notice]');
      await notice.waitFor({ timeout: 15_000 });
      expect(await notice.innerText()).toContain(words);
      expect(await notice.innerText()).not.toMatch(/layout/i);
      expect(await page.locator(`${READER_HOST}[data-state="reader"]`).count()).toBe(0);
      expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).not.toBe('hidden');

      const popup = await openPopup(s, page);
      const msg = popup.locator(`[data-testid=error-message][data-kind="${kind}"]`);
      await msg.waitFor({ timeout: 10_000 });
      const said = await msg.innerText();
      expect(said).toContain(words);
      expect(said).not.toMatch(/layout|selector/i);
      expect(await popup.locator('[data-testid=copy-diagnostic]').count()).toBe(0);
      expect(errors.filter((e) => /calm|reader/i.test(e))).toEqual([]);
      await popup.close();
      await page.close();
    });

    it("an AO3 work's chapter index: the popup says it is a list of stories, not a chapter, with no notice on the page", async () => {
      const page = await s.context.newPage();
      await page.goto(CHAPTER_INDEX.url);
      const popup = await openPopup(s, page);
      const msg = popup.locator('[data-testid=error-message][data-kind="listing"]');
      await msg.waitFor({ timeout: 10_000 });
      expect(await msg.innerText()).toContain('This is a list of stories, not a chapter');
      expect(await inReader(page, '[data-testid=notice]').count()).toBe(0);
      await popup.close();
      await page.close();
    });

    it('a mobile FanFiction.Net chapter opens in the reader view with its chapter title and count', async () => {
      const page = await s.context.newPage();
      await page.goto(MOBILE.url);
      await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
      expect(await inReader(page, '[data-testid=story-title]').innerText()).toContain("The Lie I've Lived");
      expect(await inReader(page, '[data-testid=chapter-title]').innerText()).toBe('Humiliation and Other Diversionary');
      expect(await inReader(page, '[data-testid=reader-view]').innerText()).toContain('Chapter 23 of 24');

      const popup = await openPopup(s, page);
      const label = popup.locator('[data-testid=chapter-label]');
      await label.waitFor({ timeout: 10_000 });
      expect(await label.innerText()).toBe('Chapter 23 of 24: Humiliation and Other Diversionary');
      await popup.close();
      await page.close();
    });
  });
}
