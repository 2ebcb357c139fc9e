/**
 * Issue 21, remappable keys in the built extension: on the options page the reader gives "Next
 * chapter" the key J and "Show or hide author's notes" the key M (N is refused while it is taken,
 * Space always); an open reader view on a fixture chapter uses the new keys at once: M toggles the
 * notes, N no longer does, J opens the next chapter.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { inReader, launch, READER_HOST, type Session } from './harness';

const AO3 = 'https://archiveofourown.org/works/51842093/chapters/131377520';
const AO3_NEXT = 'https://archiveofourown.org/works/51842093/chapters/131802245';

let s: Session;
let reader: Page;

beforeAll(async () => {
  s = await launch();
  reader = await s.context.newPage();
  await reader.goto(AO3);
  await reader.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
});
afterAll(async () => {
  await s?.close();
});

/** The keys as stored in the reader settings. */
const storedKeys = () =>
  s.worker.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const c = (globalThis as any).chrome;
    return ((await c.storage.local.get('readerSettings')).readerSettings?.keys ?? null) as Record<string, string> | null;
  });

describe('remappable keys', () => {
  it('the options page takes a pressed key, refuses taken and reserved ones', async () => {
    const opt = await s.context.newPage();
    await opt.goto(`chrome-extension://${s.extensionId}/options.html`);
    const notes = opt.locator('[data-testid=key-change-toggle-notes]');
    const next = opt.locator('[data-testid=key-change-next]');
    const message = opt.locator('[data-testid=keys-message]');
    await next.click();
    await opt.keyboard.press('n');
    await expect.poll(() => message.textContent()).toBe('N already does “Show or hide author\'s notes”. Choose another key, or change that one first.');
    await opt.keyboard.press('Space');
    await expect.poll(() => message.textContent()).toContain('Space is kept for scrolling');
    await opt.keyboard.press('j');
    await expect.poll(() => opt.locator('[data-testid=key-next]').textContent()).toBe('J');
    await notes.click();
    await opt.keyboard.press('m');
    await expect.poll(() => opt.locator('[data-testid=key-toggle-notes]').textContent()).toBe('M');
    await expect.poll(storedKeys).toEqual({ prev: 'ArrowLeft', next: 'j', 'toggle-notes': 'm', exit: 'Escape' });
    await opt.close();
  });

  it('the open reader view uses them at once: M toggles notes, N does nothing, J goes on', async () => {
    await reader.bringToFront();
    // The view's own titles say the new keys once the settings reached the tab.
    await expect.poll(() => inReader(reader, '[data-testid=notes-toggle]').getAttribute('aria-keyshortcuts')).toBe('M');
    await inReader(reader, '[data-testid=chapter-title]').click();
    const note = inReader(reader, '[data-testid=note]').first();
    expect(await note.getAttribute('data-expanded')).toBe('false');
    await reader.keyboard.press('n');
    await reader.keyboard.press('m');
    await expect.poll(() => note.getAttribute('data-expanded')).toBe('true');
    // N was pressed first and did nothing: one press of M opened the notes, the next closes them.
    await reader.keyboard.press('m');
    await expect.poll(() => note.getAttribute('data-expanded')).toBe('false');
    // J: the next chapter's address (as → did before; tests/e2e/reader.test.ts).
    await Promise.all([reader.waitForURL(AO3_NEXT), reader.keyboard.press('j')]);
  });
});
