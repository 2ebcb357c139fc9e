/**
 * Issue 21: with the browser's UI in German, the built extension speaks German through
 * browser.i18n: the manifest's name and commands, the popup, the reader view on a fixture chapter,
 * and the options page. The story's own words keep the page's language. The switch is `--lang=de`
 * (headless Chromium 156 on Linux: --lang alone picks the extension's catalogue; LANGUAGE=de alone
 * does not, as Playwright passes its own --lang).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { inReader, launch, openPopup, READER_HOST, type Session } from './harness';

const AO3 = 'https://archiveofourown.org/works/51842093/chapters/131377520';

let s: Session;
let page: Page;

beforeAll(async () => {
  s = await launch({ extraArgs: ['--lang=de'] });
  page = await s.context.newPage();
  await page.goto(AO3);
  await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
});
afterAll(async () => {
  await s?.close();
});

describe('the extension in German', () => {
  it('the browser picks the German catalogue (manifest name and commands too)', async () => {
    const got = await s.worker.evaluate(async () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const c = (globalThis as any).chrome;
      return {
        ui: c.i18n.getUILanguage() as string,
        locale: c.i18n.getMessage('locale') as string,
        name: c.runtime.getManifest().name as string,
        commands: ((await c.commands.getAll()) as { name: string; description: string }[]).map((x) => `${x.name}: ${x.description}`),
      };
    });
    // The messages come from _locales/de; getUILanguage() may still say what Playwright's --lang
    // said (en-US): lib/i18n takes Intl's locale from the catalogue (the "locale" message) for that.
    expect(got.locale).toBe('de');
    expect(got.name).toBe('Calm Reader für Fanfiction');
    expect(got.commands).toContain('next-chapter: Nächstes Kapitel');
    expect(got.commands).toContain('toggle-notes: Autorennotizen zeigen oder ausblenden');
  });

  it('the reader view speaks German; the story text keeps its own language', async () => {
    await expect.poll(() => inReader(page, '[data-testid=back-to-site]').textContent()).toContain('Zurück zur Website');
    expect(await inReader(page, '[data-testid=reader-view]').getAttribute('lang')).toBe('de');
    expect(await inReader(page, '[data-testid=chapter-text]').getAttribute('lang')).toBe('en');
    expect(await inReader(page, '[data-testid=chapter-line]').textContent()).toMatch(/^Kapitel \d+ von \d+/);
    expect(await inReader(page, '[data-testid=work-card] dt').first().textContent()).toBe('Rating');
    const labels = await inReader(page, '.cr-note-label').allTextContents();
    expect(labels.length).toBeGreaterThan(0);
    expect(labels.every((l) => ['Notizen zum Werk', 'Notizen zum Kapitel', 'Schlussnotizen', 'Autorennotiz'].includes(l))).toBe(true);
    expect(await inReader(page, '[data-testid=next-chapter]').first().getAttribute('title')).toBe('Nächstes Kapitel (→)');
  });

  it('the popup speaks German', async () => {
    const popup = await openPopup(s, page);
    await popup.locator('[data-testid=popup-status][data-state=reader]').waitFor();
    await popup.getByRole('heading', { name: 'Weiterlesen' }).waitFor();
    await popup.getByRole('heading', { name: 'Leseeinstellungen' }).waitFor();
    await popup.getByRole('switch', { name: 'Leseansicht' }).waitFor();
    expect(await popup.locator('[data-testid=reader-switch]').textContent()).toContain('An');
    await popup.getByRole('button', { name: 'Textgröße erhöhen' }).waitFor();
    await popup.close();
  });

  it('the options page speaks German, the keys section too', async () => {
    const opt = await s.context.newPage();
    await opt.goto(`chrome-extension://${s.extensionId}/options.html`);
    await opt.getByRole('heading', { level: 1, name: 'Calm-Reader-Einstellungen' }).waitFor();
    await opt.getByRole('heading', { name: 'Tasten' }).waitFor();
    expect(await opt.locator('[data-testid=key-change-next]').textContent()).toBe('Ändern');
    await opt.close();
  });
});
