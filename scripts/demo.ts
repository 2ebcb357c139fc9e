/**
 * `npm run demo`: builds the extension (done by the npm script), opens the bundled sample chapters in
 * Chromium with the extension loaded, and writes screenshots of the reader view (light and dark)
 * and the popup to docs/screenshots/, and the store images (1280×800 screenshots, the 440×280
 * promo tile; docs/store-listing.md) to docs/store/. With a display (DISPLAY set) the browser
 * stays open for you.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launch, openPopup, READER_HOST, ROOT, type Session } from '../tests/e2e/harness';

const SAMPLES = [
  { name: 'ao3', url: 'https://archiveofourown.org/works/51842093/chapters/131377520' },
  { name: 'ffnet', url: 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice' },
];

/** The stores' screenshot size (both take 1280×800) and Chrome's small promo tile. */
const STORE_SHOT = { width: 1280, height: 800 };
const PROMO_TILE = { width: 440, height: 280 };

const setThemeIn = (s: Session, theme: string) =>
  s.worker.evaluate(async (t) => {
    const key = 'readerSettings';
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const chromeApi = (globalThis as any).chrome;
    const cur = (await chromeApi.storage.local.get(key))[key] ?? {};
    await chromeApi.storage.local.set({ [key]: { ...cur, theme: t } });
  }, theme);

async function openReader(s: Session, url: string): Promise<Page> {
  const page = await s.context.newPage();
  await page.setViewportSize(STORE_SHOT);
  await page.goto(url);
  await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
  return page;
}

/** Made-up stories on the other sites, so the library in the store screenshot looks lived in. */
const MORE_STORIES = [
  { site: 'royalroad', storyId: '80412', chapterTitle: 'The Night Market', title: 'The Lantern Guild', author: 'M. Okafor', chapterCount: 64, lastChapterIndex: 41, readingStatus: 'reading', followed: true, unread: 3, status: 'in-progress' },
  { site: 'ao3', storyId: '48211907', chapterTitle: 'Home Water', title: 'Every Tide Returns', author: 'saltmarsh', chapterCount: 12, lastChapterIndex: 12, readingStatus: 'completed', followed: false, unread: 0, status: 'complete' },
  { site: 'fimfiction', storyId: '551203', chapterTitle: 'Cider Season', title: 'A Quiet Season in Ponyville', author: 'Brightquill', chapterCount: 9, lastChapterIndex: 4, readingStatus: 'on-hold', followed: true, unread: 0, status: 'in-progress' },
  { site: 'scribblehub', storyId: '1177340', chapterTitle: 'The Seventh Stair', title: 'Second Apprentice of the Tower', author: 'kestrel_writes', chapterCount: 118, lastChapterIndex: 77, readingStatus: 'reading', followed: true, unread: 1, status: 'in-progress' },
  { site: 'spacebattles', storyId: '1093355', chapterTitle: 'Launch Window', title: 'Orbital Mechanics (Worm AU)', author: 'Halcyon', chapterCount: 31, lastChapterIndex: 1, readingStatus: 'plan-to-read', followed: false, unread: 0, status: 'in-progress' },
] as const;

/** Adds MORE_STORIES to the library through its own backup import (merge), from an extension page. */
async function seedLibrary(page: Page) {
  const report = await page.evaluate(async (more) => {
    // No named function in here: tsx would wrap it in a helper the page does not have.
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const runtime = (globalThis as any).chrome.runtime;
    const { json } = (await runtime.sendMessage({ type: 'backup/export' })) as { json: string };
    const file = JSON.parse(json) as { stories: Record<string, unknown>[] };
    const template = file.stories[0];
    const day = 24 * 3600 * 1000;
    more.forEach((m, i) => {
      file.stories.push({
        ...template,
        ...m,
        chapterTitle: undefined,
        key: `${m.site}:${m.storyId}`,
        url: `https://example.org/${m.site}/${m.storyId}`,
        summary: null,
        tags: [],
        lastReadAt: Date.now() - (i + 1) * day,
        addedAt: Date.now() - (i + 30) * day,
        lastChapterId: String(m.lastChapterIndex),
        lastChapterTitle: m.chapterTitle,
        lastChapterUrl: null,
        toc: undefined,
      });
    });
    return runtime.sendMessage({ type: 'backup/import', json: JSON.stringify(file), mode: 'merge' });
  }, MORE_STORIES);
  if (report && typeof report === 'object' && 'error' in report && report.error) throw new Error(`demo library import: ${JSON.stringify(report)}`);
  await page.reload();
}

const dataUrl = (png: Buffer) => `data:image/png;base64,${png.toString('base64')}`;

/** A page of our own markup (no extension, no site), sized and shot as a PNG. */
async function render(s: Session, size: { width: number; height: number }, html: string, path: string) {
  const page = await s.context.newPage();
  await page.setViewportSize(size);
  await page.setContent(html, { waitUntil: 'load' });
  await page.screenshot({ path });
  await page.close();
}

/** The store images of docs/store-listing.md, in docs/store/. */
async function storeImages(s: Session) {
  const out = join(ROOT, 'docs/store');
  mkdirSync(out, { recursive: true });
  const [ao3, ffnet] = SAMPLES.map((x) => x.url);

  await setThemeIn(s, 'light');
  const light = await openReader(s, ao3);
  await light.waitForTimeout(300);
  const lightShot = await light.screenshot({ path: join(out, 'screenshot-1-reader-light.png') });

  await setThemeIn(s, 'dark');
  const dark = await openReader(s, ffnet);
  await dark.waitForTimeout(300);
  await dark.screenshot({ path: join(out, 'screenshot-2-reader-dark.png') });
  await dark.close();

  // An author's note opened, sepia: the chapter notes at the top of the AO3 chapter.
  await setThemeIn(s, 'sepia');
  const toggle = light.locator(`${READER_HOST} [data-testid=note-toggle]`).first();
  await toggle.click();
  await toggle.evaluate((el) => el.scrollIntoView({ block: 'start' }));
  await light.mouse.wheel(0, -160);
  await light.waitForTimeout(400);
  await light.screenshot({ path: join(out, 'screenshot-3-notes.png') });


  // The popup as it opens under the toolbar button, over the chapter it acts on.
  await setThemeIn(s, 'light');
  await light.bringToFront();
  const popup = await openPopup(s, light);
  await popup.locator('[data-testid=popup-status]').waitFor();
  await popup.setViewportSize({ width: 360, height: 612 });
  await popup.waitForTimeout(300);
  const popupShot = await popup.screenshot();
  await popup.close();
  await light.close();
  await render(
    s,
    STORE_SHOT,
    `<!doctype html><style>
      html,body{margin:0;width:1280px;height:800px;overflow:hidden}
      .page{position:absolute;inset:0;background:url(${dataUrl(lightShot)});filter:brightness(.93)}
      .popup{position:absolute;top:52px;right:40px;width:360px;height:612px;border-radius:10px;
        box-shadow:0 12px 40px rgba(20,30,50,.35),0 0 0 1px rgba(20,30,50,.12);overflow:hidden;
        background:url(${dataUrl(popupShot)})}
    </style><div class="page"></div><div class="popup"></div>`,
    join(out, 'screenshot-5-popup.png'),
  );

  // After the popup: its "continue reading" list stays short.
  await setThemeIn(s, 'sepia');
  const library = await s.context.newPage();
  await library.setViewportSize(STORE_SHOT);
  await library.goto(`chrome-extension://${s.extensionId}/library.html`);
  await library.locator('[data-testid=library-row]').first().waitFor({ timeout: 10_000 });
  await seedLibrary(library);
  await library.locator('[data-testid=library-row]').nth(MORE_STORIES.length).waitFor({ timeout: 10_000 });
  await library.waitForTimeout(300);
  await library.screenshot({ path: join(out, 'screenshot-4-library.png') });
  await library.close();

  const icon = readFileSync(join(ROOT, 'assets/icon.svg'), 'utf8').replace(/width="\d+" height="\d+"/, 'width="112" height="112"');
  await render(
    s,
    PROMO_TILE,
    `<!doctype html><style>
      html,body{margin:0;width:440px;height:280px;overflow:hidden}
      body{display:flex;align-items:center;gap:26px;padding:0 34px;box-sizing:border-box;
        background:linear-gradient(160deg,#f7f2e6 0%,#efe6d2 100%);color:#1f3450;
        font-family:Georgia,'DejaVu Serif',serif}
      svg{flex:none;filter:drop-shadow(0 6px 14px rgba(30,50,80,.25))}
      h1{margin:0 0 10px;font-size:38px;line-height:1.05;font-weight:700}
      p{margin:0;font-size:17px;line-height:1.35;color:#3a4f6a}
    </style>${icon}<div><h1>Calm Reader</h1><p>A quiet reader view for fanfiction, and your place remembered.</p></div>`,
    join(out, 'promo-small-440x280.png'),
  );
  console.log(`Store images written to ${out}`);
}

async function main() {
  const headed = !!process.env.DISPLAY && !process.env.CI;
  const out = join(ROOT, 'docs/screenshots');
  mkdirSync(out, { recursive: true });
  const s = await launch({ headless: !headed });
  const setTheme = (theme: string) => setThemeIn(s, theme);

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
  await storeImages(s);
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
