/**
 * The notes detector runs in the background worker (lib/background/notes-detect.ts), in Chromium
 * with the built extension: the page's first frame shows the notes collapsed when the worker
 * answers in time; a worker that cannot answer in time (busy, just woken) does not keep the
 * chapter from opening, whole, with its notes in place and a quiet notice, and its late answer
 * tucks the notes away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Worker } from 'playwright-core';
import { fixturePages, inReader, launch, READER_HOST, type Session } from './harness';

const FFN = 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice';
const AN_TOP = 'A/N: Thank you so much to everyone';

let s: Session;
beforeAll(async () => {
  s = await launch({ pages: fixturePages() });
});
afterAll(async () => {
  await s?.close();
});

/** The extension's service worker as it runs now (started again if it was stopped). */
async function worker(): Promise<Worker> {
  const running = s.context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${s.extensionId}/`));
  return running ?? s.context.waitForEvent('serviceworker', { timeout: 30_000 });
}

describe('the notes detector in the worker (Chromium)', () => {
  it('the first frame shows the inline notes collapsed, decided by the worker', async () => {
    const page = await s.context.newPage();
    await page.goto(FFN);
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
    const notes = inReader(page, '[data-testid=note]');
    await notes.first().waitFor({ state: 'attached' });
    expect(await notes.first().getAttribute('data-expanded')).toBe('false');
    expect(await page.locator('[data-testid=notice]').count()).toBe(0);
    await page.close();
  });

  it('a worker that cannot answer in time: the chapter opens whole with notes in place and a notice; the late answer tucks them away', async () => {
    const sw = await worker();
    const page = await s.context.newPage();
    // The worker's thread is held busy while the page opens (as a worker slow to start would be):
    // every answer the page asks for comes only once it is free again.
    const busy = sw.evaluate(() => {
      const end = Date.now() + 10_000;
      while (Date.now() < end) {
        /* busy */
      }
    });
    await page.goto(FFN);
    const notice = page.locator('[data-testid=notice]');
    await notice.waitFor({ state: 'attached', timeout: 15_000 });
    expect(await notice.textContent()).toContain("Author's notes could not be checked");
    // The chapter is there whole, the note as story text in its place.
    const text = inReader(page, '[data-testid=reader-view]');
    expect(await text.textContent()).toContain(AN_TOP);
    expect(await inReader(page, '[data-testid=note]').count()).toBe(0);
    await busy;
    // The worker answers late: the reader has not moved, so its decisions are applied.
    await inReader(page, '[data-testid=note]').first().waitFor({ state: 'attached', timeout: 30_000 });
    expect(await inReader(page, '[data-testid=note]').first().getAttribute('data-expanded')).toBe('false');
    await notice.waitFor({ state: 'detached', timeout: 15_000 });
    await page.close();
  });
});
