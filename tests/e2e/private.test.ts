/**
 * Issue 20, point 1 in Chromium: with the extension allowed in private windows, a chapter read in
 * an incognito window shows in the reader view, and nothing of it reaches the library.
 *
 * Playwright's routes do not reach an incognito window (another browser context), so the fixture
 * page is served there by a local HTTPS server that Chromium resolves the site's host to.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePages, launch, READER_HOST, readStore, type Session } from './harness';

const FFN = 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice';
const KEY = 'ffnet:14022518';

let s: Session | undefined;
let server: Server | undefined;
const dir = mkdtempSync(join(tmpdir(), 'calm-reader-private-'));

/** Run `fn(args)` in the extension's worker (the current one: allowing incognito reloads it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const inWorker = <T,>(fn: (a: any) => Promise<T>, arg?: unknown): Promise<T> => s!.worker.evaluate(fn, arg) as Promise<T>;

beforeAll(async () => {
  // A self-signed certificate for the local "site" (the browser is told to accept it).
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=www.fanfiction.net',
    '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
  ], { stdio: 'ignore' });
  const pages = fixturePages();
  server = createServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, (req, res) => {
    const html = pages.get(`https://www.fanfiction.net${req.url}`);
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? '<!doctype html><title>Not found</title>');
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  // Allowed in private windows, as the reader would on chrome://extensions: the profile's setting
  // for the extension (written by a first start), then the browser started again with it.
  const profile = join(dir, 'profile');
  const first = await launch({ pages, userDataDir: profile });
  const id = first.extensionId;
  await first.close();
  const prefsFile = join(profile, 'Default', 'Preferences');
  const prefs = JSON.parse(readFileSync(prefsFile, 'utf8'));
  prefs.extensions.settings[id].incognito = true;
  writeFileSync(prefsFile, JSON.stringify(prefs));
  s = await launch({
    pages,
    userDataDir: profile,
    extraArgs: [`--host-resolver-rules=MAP www.fanfiction.net 127.0.0.1:${port}`, '--ignore-certificate-errors'],
  });
});

afterAll(async () => {
  await s?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  rmSync(dir, { recursive: true, force: true });
});

describe('a private window', () => {
  it('shows the reader view and records nothing; a normal window records the same chapter', async () => {
    const manifest = await inWorker(async () => (globalThis as any).chrome.runtime.getManifest()); // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(manifest.incognito).toBe('spanning');
    expect(await inWorker(async () => (globalThis as any).chrome.extension.isAllowedIncognitoAccess())).toBe(true); // eslint-disable-line @typescript-eslint/no-explicit-any

    const tabId = await inWorker(async (url: string) => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const w = await (globalThis as any).chrome.windows.create({ incognito: true, url });
      return w.tabs[0].id as number;
    }, FFN);
    // The reader view is on in the private tab, and the library answered its visit.
    const status = () =>
      inWorker(async (id: number) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const c = (globalThis as any).chrome;
        try {
          const st = await c.tabs.sendMessage(id, { type: 'tab/status' });
          const [mark] = await c.scripting.executeScript({
            target: { tabId: id },
            func: () => performance.getEntriesByName('calm-reader:visited').length,
          });
          return { state: st?.state ?? null, incognito: (await c.tabs.get(id)).incognito, visited: mark.result };
        } catch {
          return null;
        }
      }, tabId);
    await expect.poll(status, { timeout: 30_000 }).toEqual({ state: 'reader', incognito: true, visited: 1 });
    // Nothing recorded: no story, no chapter, no position.
    expect((await readStore<{ key: string }>(s!, 'stories')).map((x) => x.key)).not.toContain(KEY);
    expect((await readStore<{ storyKey: string }>(s!, 'chapters')).filter((c) => c.storyKey === KEY)).toEqual([]);

    // The same chapter in a normal window is recorded: the private tab was not just unread.
    const page = await s!.context.newPage();
    await page.goto(FFN);
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor();
    await expect.poll(async () => (await readStore<{ key: string }>(s!, 'stories')).map((x) => x.key)).toContain(KEY);
    await page.close();
  });
});
