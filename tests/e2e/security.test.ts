/**
 * Issue 20 in Chromium: the worker answers a content script only what reading needs, storage.sync
 * is closed to content scripts, update checks never follow redirects, and a page script cannot
 * change the reader's settings through the reader view.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inReader, launch, READER_HOST, tabIdOf, type Session } from './harness';

const FFN = 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice';
const FFN_SOURCE = 'https://www.fanfiction.net/s/14022518/1/';
const KEY = 'ffnet:14022518';

let s: Session;
beforeAll(async () => {
  s = await launch();
});
afterAll(async () => {
  await s?.close();
});

type Outcome = { ok: true; value: unknown } | { ok: false; error: string };

/** Run `code` in the extension's content-script world of a tab (as the reader's content script would). */
function inContentScript(tabId: number, code: 'message' | 'sync-get', message?: unknown): Promise<Outcome> {
  return s.worker.evaluate(
    async ([id, what, msg]) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const c = (globalThis as any).chrome;
      const [r] = await c.scripting.executeScript({
        target: { tabId: id },
        args: [what, msg],
        func: async (w: string, m: unknown) => {
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          const cc = (globalThis as any).chrome;
          try {
            const value = w === 'message' ? await cc.runtime.sendMessage(m) : await cc.storage.sync.get(null);
            return { ok: true, value };
          } catch (e) {
            return { ok: false, error: String((e as Error)?.message ?? e) };
          }
        },
      });
      return r.result;
    },
    [tabId, code, message ?? null] as const,
  ) as Promise<Outcome>;
}

async function openChapter() {
  const page = await s.context.newPage();
  await page.goto(FFN);
  await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor();
  return page;
}

async function libraryPage() {
  const lib = await s.context.newPage();
  await lib.goto(`chrome-extension://${s.extensionId}/library.html`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const ask = (msg: Record<string, unknown>) => lib.evaluate((m) => (globalThis as any).chrome.runtime.sendMessage(m), msg);
  return { lib, ask };
}

describe('who may ask the worker what', () => {
  it('a content script gets what reading needs, and nothing of the library', async () => {
    const page = await openChapter();
    const tabId = await tabIdOf(s, page);
    // What the reader's content script asks for: answered.
    expect(await inContentScript(tabId, 'message', { type: 'position/get', storyKey: KEY, chapterId: '3' })).toMatchObject({ ok: true });
    expect(await inContentScript(tabId, 'message', { type: 'notes/memory', storyKey: KEY })).toMatchObject({ ok: true });
    // The library as a whole, backups, deletions, sync and settings: refused.
    for (const msg of [
      { type: 'backup/export' },
      { type: 'library/list' },
      { type: 'story/delete', storyKey: KEY },
      { type: 'backup/import', json: '{}', mode: 'replace' },
      { type: 'sync/set-enabled', enabled: false },
      { type: 'updates/settings', patch: { intervalMinutes: 1 } },
      // Another site's story, from this site's page.
      { type: 'notes/correct', storyKey: 'ao3:1', text: 'x', label: 'note' },
    ]) {
      const out = await inContentScript(tabId, 'message', msg);
      expect(out, msg.type).toMatchObject({ ok: false, error: expect.stringMatching(/refused/) });
    }
    // storage.sync is for the extension's own pages and worker only.
    expect(await inContentScript(tabId, 'sync-get')).toMatchObject({ ok: false });
    // The story is still there; the library page (an extension page) may ask for anything.
    const { lib, ask } = await libraryPage();
    const list = (await ask({ type: 'library/list' })) as { stories: Array<{ key: string }> };
    expect(list.stories.map((x) => x.key)).toContain(KEY);
    expect(await ask({ type: 'backup/export' })).toMatchObject({ stories: expect.any(Number) });
    await lib.close();
    await page.close();
  });
});

describe('update checks and redirects', () => {
  let server: Server;
  let hits: string[];
  let port = 0;
  beforeAll(async () => {
    hits = [];
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('<html><title>local service</title></html>');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('a site redirecting the check to http://127.0.0.1 is not followed', async () => {
    const page = await openChapter();
    const { lib, ask } = await libraryPage();
    await ask({ type: 'story/follow', storyKey: KEY, followed: true });
    const asked: string[] = [];
    await s.context.route(FFN_SOURCE, (route) => {
      asked.push(route.request().url());
      return route.fulfill({ status: 302, headers: { location: `http://127.0.0.1:${port}/probe` } });
    });
    const result = (await ask({ type: 'updates/check-now', storyKey: KEY })) as { message?: string };
    expect(asked).toEqual([FFN_SOURCE]);
    expect(result.message).toMatch(/needs a visit/);
    expect(hits).toEqual([]);
    const { story } = (await ask({ type: 'story/get', storyKey: KEY })) as { story: { checkState: string } };
    expect(story.checkState).toBe('visit');
    await s.context.unroute(FFN_SOURCE);
    await lib.close();
    await page.close();
  });
});

describe('the page cannot drive the reader view', () => {
  const stored = () =>
    s.worker.evaluate(async () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const got = await (globalThis as any).chrome.storage.local.get('readerSettings');
      return got.readerSettings as { fontSize: number; theme: string } | undefined;
    });

  it('a page script’s clicks change no setting; the reader’s own click does', async () => {
    const page = await openChapter();
    const before = (await stored()) ?? { fontSize: 19, theme: 'system' };
    // The theme is in the view's settings panel: opened by the reader (opening it saves nothing).
    await inReader(page, '[data-testid=view-settings-toggle]').click();
    await inReader(page, '[data-testid=theme-select]').waitFor();
    // The page's own script, in the page's world: the shadow root is reachable, its events are not trusted.
    await page.evaluate(() => {
      const root = document.querySelector('#calm-reader-root')!.shadowRoot!;
      const larger = root.querySelector<HTMLElement>('[data-testid=font-larger]')!;
      larger.click();
      larger.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      const theme = root.querySelector<HTMLSelectElement>('[data-testid=theme-select]')!;
      theme.value = theme.value === 'dark' ? 'sepia' : 'dark';
      theme.dispatchEvent(new Event('change', { bubbles: true }));
    });
    // The reader's own click (trusted input), after the script's: one step, not three.
    await inReader(page, '[data-testid=font-larger]').click();
    await expect.poll(async () => (await stored())?.fontSize).toBe(before.fontSize + 1);
    expect((await stored())?.theme).toBe(before.theme);
    await page.close();
  });
});
