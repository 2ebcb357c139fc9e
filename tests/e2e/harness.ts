/**
 * Loads the built extension (.output/chrome-mv3) into Debian's Chromium with playwright-core and
 * serves fixture pages at the real sites' URLs, so the real content scripts match.
 */
import { chromium, type BrowserContext, type BrowserContextOptions, type Page, type Worker } from 'playwright-core';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pageCases, pageExpected } from '../site-fixtures';
import { chaptersOf, type ChapterSet } from '../../lib/library/chapter-sets';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(
    (p): p is string => !!p,
  );
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('Chromium not found: run `node scripts/ensure-tools.mjs chromium` or set CHROMIUM_PATH');
  return found;
}

/** Every chapter-page fixture case by its URL (fragment dropped). Extra pages can be added by tests. */
export function fixturePages(): Map<string, string> {
  const pages = new Map<string, string>();
  for (const c of pageCases()) pages.set(stripHash(pageExpected(c.name).url), readFileSync(c.page, 'utf8'));
  return pages;
}

export const stripHash = (u: string) => u.replace(/#.*$/, '');

/** Hosts of every supported site: requests to them are answered from `pages`, never the network. */
export const SITE_HOSTS = [
  'archiveofourown.org',
  'www.archiveofourown.org',
  'www.fanfiction.net',
  'm.fanfiction.net',
  'fanfiction.net',
  'www.fictionpress.com',
  'm.fictionpress.com',
  'fictionpress.com',
  'forums.spacebattles.com',
  'forums.sufficientvelocity.com',
  'forum.questionablequesting.com',
  'www.royalroad.com',
  'www.fimfiction.net',
  'www.scribblehub.com',
  'www.wattpad.com',
  'example.org',
];

export interface Session {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  pages: Map<string, string>;
  /** URLs requested from the fake sites, in order. */
  requests: string[];
  close(): Promise<void>;
}

export async function launch(
  opts: {
    pages?: Map<string, string>;
    userDataDir?: string;
    headless?: boolean;
    /** Another build of the extension (e.g. a copy with a patched manifest); default the normal build. */
    extensionDir?: string;
    /** Passed to the browser context, e.g. { hasTouch: true, isMobile: true } for a phone. */
    contextOptions?: Pick<BrowserContextOptions, 'hasTouch' | 'isMobile' | 'viewport' | 'deviceScaleFactor' | 'userAgent'>;
    /** More Chromium switches (e.g. host resolver rules for pages Playwright's routes cannot reach). */
    extraArgs?: string[];
  } = {},
): Promise<Session> {
  const extensionDir = opts.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built extension at ${extensionDir}: run \`npx wxt build\` first`);
  }
  const ownDir = !opts.userDataDir;
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'calm-reader-e2e-'));
  // A reused profile keeps the unpacked extension's service-worker script from its last launch,
  // and Chromium runs that cached copy while the manifest version is unchanged: a rebuilt
  // background would not be the one under test. Dropping the cache makes it register the build.
  if (!ownDir) rmSync(join(userDataDir, 'Default', 'Service Worker'), { recursive: true, force: true });
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(),
    headless: opts.headless ?? true,
    viewport: { width: 1200, height: 900 },
    ...opts.contextOptions,
    args: [
      ...(opts.headless === false ? [] : ['--headless=new']),
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      ...(opts.extraArgs ?? []),
    ],
  });
  const pages = opts.pages ?? fixturePages();
  const requests: string[] = [];
  const hosts = new Set(SITE_HOSTS);
  for (const url of pages.keys()) hosts.add(new URL(url).hostname);
  for (const host of hosts) {
    await context.route(`https://${host}/**`, async (route) => {
      const url = stripHash(route.request().url());
      requests.push(url);
      const html = pages.get(url);
      if (html !== undefined) {
        await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
      } else {
        await route.fulfill({ status: 404, contentType: 'text/html', body: '<!doctype html><title>Not found</title><h1>Not found</h1>' });
      }
    });
  }
  // Anything else on the open web is refused: the tests never touch the network.
  await context.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => {
    const host = new URL(route.request().url()).hostname;
    if (hosts.has(host)) return route.fallback();
    return route.abort();
  });
  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 30_000 }));
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    worker,
    extensionId,
    pages,
    requests,
    async close() {
      await context.close();
      if (ownDir) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The reader view's shadow root host. */
export const READER_HOST = '#calm-reader-root';

/** A locator inside the reader's open shadow root (Playwright CSS pierces open shadow roots). */
export function inReader(page: Page, selector: string) {
  return page.locator(`${READER_HOST} ${selector}`);
}

/** The browser's tab id of a Playwright page (brought to the front so that it is the active tab). */
export async function tabIdOf(s: Session, page: Page): Promise<number> {
  await page.bringToFront();
  // Without the "tabs" permission a tab's URL is visible only on the supported sites, so find the
  // page by a marker it answers to, set for the moment on its window name.
  const mark = `calm-reader-e2e-${Math.random().toString(36).slice(2)}`;
  await page.evaluate((m) => (window.name = m), mark);
  const id = await s.worker.evaluate(async (m) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const c = (globalThis as any).chrome;
    const tabs: Array<{ id: number }> = await c.tabs.query({});
    for (const t of tabs) {
      try {
        const [r] = await c.scripting.executeScript({ target: { tabId: t.id }, func: () => window.name });
        if (r?.result === m) return t.id;
      } catch {
        // not scriptable (no host permission): not one of ours, or an unsupported page
      }
    }
    const [active] = await c.tabs.query({ active: true, lastFocusedWindow: true });
    return active?.id ?? -1;
  }, mark);
  if (id < 0) throw new Error(`no tab for ${page.url()}`);
  return id;
}

/** Opens the popup as a page acting on the given chapter page's tab (popup.html?tab=ID). */
export async function openPopup(s: Session, forPage: Page): Promise<Page> {
  const tabId = await tabIdOf(s, forPage);
  const popup = await s.context.newPage();
  await popup.setViewportSize({ width: 360, height: 700 });
  await popup.goto(`chrome-extension://${s.extensionId}/popup.html?tab=${tabId}`);
  return popup;
}

/**
 * Reads all records of one object store from the extension's IndexedDB, in the worker. 'chapters'
 * reads the library's chapters as chapter records: since schema v5 a story's chapters are one
 * record of the store 'chapterSets' (lib/library/chapter-sets.ts).
 */
export async function readStore<T = unknown>(s: Session, store: string, dbName = 'calm-reader'): Promise<T[]> {
  if (store === 'chapters' && dbName === 'calm-reader') return (await readStore<ChapterSet>(s, 'chapterSets', dbName)).flatMap(chaptersOf) as T[];
  return s.worker.evaluate(
    ([name, storeName]) =>
      new Promise<unknown[]>((res, rej) => {
        const req = indexedDB.open(name);
        req.onerror = () => rej(req.error);
        req.onsuccess = () => {
          const db = req.result;
          if (!db.objectStoreNames.contains(storeName)) {
            db.close();
            res([]);
            return;
          }
          const all = db.transaction(storeName).objectStore(storeName).getAll();
          all.onsuccess = () => {
            res(all.result);
            db.close();
          };
          all.onerror = () => rej(all.error);
        };
      }),
    [dbName, store] as const,
  ) as Promise<T[]>;
}
