/**
 * `npm run demo`: builds the extension (done by the npm script), opens the bundled sample chapters in
 * Chromium with the extension loaded, and writes screenshots of the reader view (light and dark)
 * and the popup to docs/screenshots/. With a display (DISPLAY set) the browser stays open for you.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openPopup, READER_HOST, ROOT } from '../tests/e2e/harness';

const SAMPLES = [
  { name: 'ao3', url: 'https://archiveofourown.org/works/51842093/chapters/131377520' },
  { name: 'ffnet', url: 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice' },
];

async function main() {
  const headed = !!process.env.DISPLAY && !process.env.CI;
  const out = join(ROOT, 'docs/screenshots');
  mkdirSync(out, { recursive: true });
  const s = await launch({ headless: !headed });
  const setTheme = (theme: string) =>
    s.worker.evaluate(async (t) => {
      const key = 'readerSettings';
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const chromeApi = (globalThis as any).chrome;
      const cur = (await chromeApi.storage.local.get(key))[key] ?? {};
      await chromeApi.storage.local.set({ [key]: { ...cur, theme: t } });
    }, theme);

  for (const sample of SAMPLES) {
    const page = await s.context.newPage();
    await page.goto(sample.url);
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
    const title = await page.locator(`${READER_HOST} [data-testid=chapter-title]`).first().textContent();
    const notes = await page.locator(`${READER_HOST} [data-testid=note]`).count();
    console.log(`${sample.name}: reader view shows "${title?.trim()}", ${notes} author-note group(s) collapsed`);
    await setTheme('light');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, `${sample.name}-reader-light.png`) });
    await setTheme('dark');
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, `${sample.name}-reader-dark.png`) });
    await setTheme('system');
    if (sample.name === 'ao3') {
      await page.bringToFront();
      const popup = await openPopup(s, page);
      await popup.locator('[data-testid=popup-status]').waitFor();
      await popup.setViewportSize({ width: 360, height: 640 });
      await popup.screenshot({ path: join(out, 'popup.png'), fullPage: true });
      await popup.close();
    }
    if (!headed) await page.close();
  }
  const library = await s.context.newPage();
  await library.setViewportSize({ width: 1000, height: 700 });
  await library.goto(`chrome-extension://${s.extensionId}/library.html`);
  await library.locator('[data-testid=library-row]').first().waitFor({ timeout: 10_000 });
  console.log(`library: ${await library.locator('[data-testid=library-row]').count()} stories listed`);
  await library.screenshot({ path: join(out, 'library.png') });
  if (!headed) await library.close();
  console.log(`Screenshots written to ${out}`);
  if (headed) {
    console.log('The browser stays open with the sample chapters; close it to end the demo.');
    await new Promise<void>((resolve) => s.context.on('close', () => resolve()));
  } else {
    await s.close();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
