/**
 * Phone widths (Firefox for Android sized): a touch device 360 px wide. The reader view and the
 * popup must fit without sideways scrolling, and every control must be a touch target of at
 * least 44 x 44 CSS px.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { fixturePages, launch, openPopup, READER_HOST, type Session } from './harness';

const AO3 = 'https://archiveofourown.org/works/51842093/chapters/131377520';
const PHONE = { width: 360, height: 740 };
const MIN_TARGET = 44;

/** The AO3 chapter again, from a page that has no viewport meta of its own. */
const AO3_NO_VIEWPORT = 'https://archiveofourown.org/works/51842093/chapters/131802245';
const PHONE_390 = { width: 390, height: 844 };

let s: Session;
beforeAll(async () => {
  const pages = fixturePages();
  pages.set(AO3_NO_VIEWPORT, pages.get(AO3)!.replace(/<meta name="viewport"[^>]*>/i, ''));
  s = await launch({ pages, contextOptions: { viewport: PHONE, hasTouch: true, isMobile: true } });
});
afterAll(async () => {
  await s?.close();
});

interface Target {
  what: string;
  width: number;
  height: number;
}

/**
 * Size of every visible control matched by `selector` inside `rootSelector` (a shadow host or
 * the document), as the browser lays it out.
 */
function targets(page: Page, selector: string, host: string | null): Promise<Target[]> {
  return page.evaluate(
    ([sel, hostSel]) => {
      const root: ParentNode = hostSel ? document.querySelector(hostSel)!.shadowRoot! : document;
      return [...root.querySelectorAll<HTMLElement>(sel)]
        .filter((el) => {
          const style = getComputedStyle(el);
          const r = el.getBoundingClientRect();
          return style.display !== 'none' && style.visibility !== 'hidden' && r.width > 0 && r.height > 0;
        })
        .map((el) => {
          // A checkbox's target is its label too: measure the larger of the two.
          const label = el instanceof HTMLInputElement && el.type === 'checkbox' ? el.labels?.[0] : null;
          const box = el.getBoundingClientRect();
          const r = label && label.getBoundingClientRect().height > box.height ? label.getBoundingClientRect() : box;
          const name = el.getAttribute('aria-label') ?? el.dataset.testid ?? el.textContent?.trim().slice(0, 30) ?? '';
          return { what: `${el.tagName.toLowerCase()}.${el.className} "${name}"`, width: r.width, height: r.height };
        });
    },
    [selector, host] as const,
  );
}

const tooSmall = (list: Target[]) =>
  list.filter((t) => t.width < MIN_TARGET || t.height < MIN_TARGET).map((t) => `${t.what} ${t.width}x${t.height}`);

describe('at phone width on a touch screen', () => {
  it('the reader view fits the width and its controls are big enough to tap', async () => {
    const page = await s.context.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(AO3);
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);

    const overflow = await page.evaluate((host) => {
      const view = document.querySelector(host)!.shadowRoot!.querySelector<HTMLElement>('.cr-view')!;
      return { scrollWidth: view.scrollWidth, clientWidth: view.clientWidth, viewport: innerWidth };
    }, READER_HOST);
    expect(overflow.clientWidth).toBeLessThanOrEqual(overflow.viewport);
    expect(overflow.scrollWidth).toBeLessThanOrEqual(overflow.clientWidth);

    const toolbar = await targets(page, '[data-testid=toolbar] :is(button, a, select)', READER_HOST);
    expect(toolbar.length).toBeGreaterThanOrEqual(4);
    expect(tooSmall(toolbar)).toEqual([]);

    const notes = await targets(page, '.cr-note .cr-disclosure', READER_HOST);
    expect(notes.length).toBeGreaterThanOrEqual(2);
    expect(tooSmall(notes)).toEqual([]);

    // The note corrections, the summary toggle and the chapter links at the end.
    const others = await targets(page, '.cr-note-head .cr-mark, .cr-summary .cr-disclosure, .cr-nav :is(a, button)', READER_HOST);
    expect(others.length).toBeGreaterThanOrEqual(2);
    expect(tooSmall(others)).toEqual([]);

    // Opening a note by tapping its toggle works at this size.
    const toggle = page.locator(`${READER_HOST} .cr-note .cr-disclosure`).first();
    await toggle.tap();
    await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
    const afterOpen = await page.evaluate((host) => {
      const view = document.querySelector(host)!.shadowRoot!.querySelector<HTMLElement>('.cr-view')!;
      return view.scrollWidth - view.clientWidth;
    }, READER_HOST);
    expect(afterOpen).toBeLessThanOrEqual(0);
    await page.close();
  });

  it('at 390 x 844 the toolbar is one row, hides while scrolling down, comes back scrolling up or on a tap; a viewport meta is set', async () => {
    const page = await s.context.newPage();
    await page.setViewportSize(PHONE_390);
    await page.goto(AO3_NO_VIEWPORT);
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
    // The page had none: the view adds one while it is on, and takes it away after.
    await expect(page.locator('meta[name=viewport]').getAttribute('content')).resolves.toBe('width=device-width, initial-scale=1');
    const bar = page.locator(`${READER_HOST} [data-testid=toolbar]`);
    const box = (await bar.boundingBox())!;
    expect(box.height).toBeLessThan(2 * MIN_TARGET);
    const scrollBy = (dy: number) =>
      page.evaluate(
        ([host, d]) => {
          const view = document.querySelector(host as string)!.shadowRoot!.querySelector<HTMLElement>('.cr-view')!;
          view.scrollTop += d as number;
          return view.scrollTop;
        },
        [READER_HOST, dy] as const,
      );
    // Room to scroll first: on a busy machine the chapter may still be filling in (chunked
    // rendering), and a scroll clamped at the end moves nothing.
    await expect
      .poll(() =>
        page.evaluate((host) => {
          const view = document.querySelector(host)!.shadowRoot!.querySelector<HTMLElement>('.cr-view')!;
          return view.scrollHeight - view.clientHeight;
        }, READER_HOST),
      )
      .toBeGreaterThan(2000);
    for (let i = 0; i < 3; i++) await scrollBy(300);
    await expect.poll(() => bar.getAttribute('data-hidden')).toBe('true');
    await expect.poll(async () => (await bar.boundingBox())!.y + (await bar.boundingBox())!.height).toBeLessThanOrEqual(1);
    await scrollBy(-120);
    await expect.poll(() => bar.getAttribute('data-hidden')).toBeNull();
    await expect.poll(async () => (await bar.boundingBox())!.y).toBeGreaterThanOrEqual(0);
    await scrollBy(400);
    await expect.poll(() => bar.getAttribute('data-hidden')).toBe('true');
    await page.locator(`${READER_HOST} [data-testid=chapter-text] p`).nth(3).tap();
    await expect.poll(() => bar.getAttribute('data-hidden')).toBeNull();
    await page.locator(`${READER_HOST} [data-testid=back-to-site]`).tap();
    await page.locator(`${READER_HOST}[data-state="off"]`).waitFor();
    expect(await page.locator('meta[name=viewport]').count()).toBe(0);
    await page.close();
  });

  it('the popup shows its controls without sideways scrolling, all big enough to tap', async () => {
    const page = await s.context.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(AO3);
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
    const popup = await openPopup(s, page);
    await popup.setViewportSize({ width: PHONE.width, height: PHONE.height });
    await popup.locator('[data-testid=follow-button]').waitFor();

    const overflow = await popup.evaluate(() => ({
      doc: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      body: document.body.scrollWidth - document.body.clientWidth,
    }));
    expect(overflow.doc).toBeLessThanOrEqual(0);
    expect(overflow.body).toBeLessThanOrEqual(0);

    const controls = await targets(popup, 'button, select, input, a[href], [role=switch], [role=radio], [role=tab]', null);
    expect(controls.length).toBeGreaterThanOrEqual(3);
    expect(tooSmall(controls)).toEqual([]);
    // Every control is within the 360 px width.
    const outside = await popup.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('button, select, input, a[href]')]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && (r.left < 0 || r.right > document.documentElement.clientWidth + 0.5);
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    expect(outside).toEqual([]);
    await popup.close();
    await page.close();
  });

  it('the Library page fits the width, its rows hold their controls, all big enough to tap', async () => {
    const page = await s.context.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`chrome-extension://${s.extensionId}/library.html`);
    await page.locator('[data-testid=library-row]').first().waitFor({ timeout: 15_000 });
    await page.locator('[data-testid=sync-status]').getByText(/Synced/).waitFor();

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // Rows have a fixed height (virtual list): the bigger controls must still fit inside.
    const clipped = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLElement>('[data-testid=library-row]')]
        .filter((row) => {
          const bottom = row.getBoundingClientRect().bottom;
          return [...row.querySelectorAll<HTMLElement>('*')].some((el) => el.getBoundingClientRect().bottom > bottom + 0.5);
        })
        .map((row) => row.dataset.storyKey),
    );
    expect(clipped).toEqual([]);

    const controls = await targets(page, 'main :is(button, select, input:not([type=file]), [role=switch]), header a[href]', null);
    expect(controls.length).toBeGreaterThanOrEqual(6);
    expect(tooSmall(controls)).toEqual([]);
    await page.close();
  });
});
