/**
 * Every fixture page of every site, opened in Chromium at its real URL with the built extension:
 * a readable chapter gets the reader view with its notes collapsed; a page that is not a chapter or
 * whose layout changed is left exactly as the site rendered it (with a quiet notice for the latter),
 * and the popup says why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inReader, launch, openPopup, READER_HOST, type Session } from './harness';
import { pageCases, pageExpected } from '../site-fixtures';

interface Fixture {
  name: string;
  url: string;
  expect: { error?: boolean; site: string; chapterTitle?: string | null; storyStartsWith?: string; notes?: string[]; card?: Record<string, string> };
}

const fixtures: Fixture[] = pageCases().map((c) => ({ name: c.name, ...pageExpected<Omit<Fixture, 'name'>>(c.name) }));

let s: Session;
beforeAll(async () => {
  s = await launch();
});
afterAll(async () => {
  await s?.close();
});

const readable = fixtures.filter((f) => !f.expect.error);
const broken = fixtures.filter((f) => f.expect.error);

describe('every site in Chromium', () => {
  it('covers every site the registry knows', () => {
    const sites = new Set(fixtures.map((f) => f.expect.site));
    for (const id of ['ao3', 'ffnet', 'fictionpress', 'spacebattles', 'sufficientvelocity', 'questionablequesting', 'royalroad', 'fimfiction', 'scribblehub', 'wattpad']) {
      expect(sites.has(id), id).toBe(true);
    }
  });

  it.each(readable.map((f) => [f.name, f] as const))('%s: reader view with the chapter text, notes collapsed', async (_n, f) => {
    const page = await s.context.newPage();
    await page.goto(f.url);
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
    const text = await inReader(page, '[data-testid=chapter-text]').innerText();
    if (f.expect.storyStartsWith) expect(text.replace(/\s+/g, ' ')).toContain(f.expect.storyStartsWith.replace(/\s+/g, ' '));
    const card = Object.entries(f.expect.card ?? {});
    const tagRows = inReader(page, '[data-testid=card-tag-list]');
    if (card.some(([id]) => ['tags', 'fandoms', 'relationships', 'characters'].includes(id)) && !(await tagRows.evaluate((d) => (d as HTMLDetailsElement).open))) {
      await tagRows.locator('summary').click();
    }
    for (const [id, value] of card) {
      await expect(inReader(page, `[data-testid=card-${id}]`).innerText()).resolves.toBe(value);
    }
    const notes = inReader(page, '[data-testid=note]');
    if (f.expect.notes?.length) {
      expect(await notes.count()).toBeGreaterThan(0);
      for (const n of await notes.all()) {
        expect(await n.getAttribute('data-expanded')).toBe('false');
        // A collapsed note shows its label and a one-line preview, not its paragraphs.
        expect(await n.locator('[data-block-index]').first().isVisible()).toBe(false);
      }
      // Every note fragment is inside a note group, and none in the story text outside them.
      const storyText = await inReader(page, '[data-testid=chapter-text]').evaluate((el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('[data-testid=note]').forEach((n) => n.remove());
        return copy.textContent ?? '';
      });
      for (const frag of f.expect.notes) expect(storyText).not.toContain(frag);
    }
    await page.close();
  });

  it.each(broken.map((f) => [f.name, f] as const))('%s: left as the site made it, and the popup says why', async (_n, f) => {
    const page = await s.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(f.url);
    // The page's own text (textContent: the same whether or not the page is hidden while it is read).
    const before = await page.evaluate(() => document.body.textContent!.length);
    // The content script has read the page and holds its answer for the popup ('session'); on a
    // busy machine the page may already be shown again by the safety timeout before that.
    await page.waitForFunction(() => performance.getEntriesByName('calm-reader:session').length > 0);
    await page.waitForFunction(() => performance.getEntriesByName('calm-reader:revealed').length > 0);
    expect(await page.locator(`${READER_HOST}[data-state="reader"]`).count()).toBe(0);
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).overflow)).not.toBe('hidden');
    expect(await page.evaluate(() => document.body.textContent!.length)).toBe(before);
    expect(errors).toEqual([]);
    const popup = await openPopup(s, page);
    const msg = popup.locator('[data-testid=error-message]');
    await msg.waitFor();
    const said = await msg.innerText();
    if (f.name.includes('adult')) {
      await expect(popup.locator('[data-testid=continue-to-work]').count()).resolves.toBe(1);
    } else {
      expect(said.toLowerCase()).toMatch(/layout|can.t read|couldn.t read|not a chapter/);
      await expect(inReader(page, '[data-testid=notice]').count()).resolves.toBe(1);
    }
    await popup.close();
    await page.close();
  });

  it('says clearly when the tab is not a supported chapter page', async () => {
    const page = await s.context.newPage();
    await page.goto('https://example.org/some/article');
    const popup = await openPopup(s, page);
    await popup.locator('[data-testid=unsupported-message]').waitFor({ timeout: 6000 });
    expect(await popup.locator('[data-testid=unsupported-message]').innerText()).toMatch(/Archive of Our Own/);
    await popup.close();
    await page.close();
  });
});
