/**
 * Sync through the reader's own WebDAV server, in Chromium with the built extension, against a
 * real server (rclone on loopback, scripts/webdav-server.ts): set up through the options page,
 * read a chapter, see it arrive on the server encrypted, and a second profile pull it.
 *
 * Host permission: the options page asks for the server's origin with permissions.request in the
 * click. Automation cannot answer the browser's permission prompt, so the test build lists the
 * loopback origin among the granted hosts: the request then resolves at once, through the same
 * code (the shipped manifest has it only as optional_host_permissions, https://* and http://*).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebDavServer, type WebDavServer } from '../../scripts/webdav-server';
import { filesOf } from '../unit/sync/webdav/helpers';
import type { StoryRecord } from '../../lib/library/types';
import { EXTENSION_DIR, launch, READER_HOST, readStore, type Session } from './harness';

const FFN = 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice';
const KEY = 'ffnet:14022518';
const FOLDER = 'calm-e2e/library';
const PASSPHRASE = 'e2e passphrase, long enough';

let server: WebDavServer;
let extensionDir: string;
const sessions: Session[] = [];

function buildWithLoopback(): string {
  const dir = mkdtempSync(join(tmpdir(), 'calm-reader-ext-'));
  cpSync(EXTENSION_DIR, dir, { recursive: true });
  const path = join(dir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8')) as { host_permissions?: string[] };
  manifest.host_permissions = [...(manifest.host_permissions ?? []), 'http://127.0.0.1/*'];
  writeFileSync(path, JSON.stringify(manifest));
  return dir;
}

beforeAll(async () => {
  const shipped = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    host_permissions?: string[];
    optional_host_permissions?: string[];
  };
  expect(shipped.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
  expect(shipped.host_permissions ?? []).not.toContain('http://127.0.0.1/*');
  server = await startWebDavServer();
  extensionDir = buildWithLoopback();
});
afterAll(async () => {
  for (const s of sessions) await s.close().catch(() => undefined);
  await server?.stop();
  if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
});

async function optionsPage(s: Session): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(`chrome-extension://${s.extensionId}/options.html#webdav`);
  await page.locator('[data-testid=webdav-form]').waitFor();
  return page;
}

async function setUp(page: Page, passphrase: string): Promise<void> {
  await page.getByLabel('Server address (WebDAV)').fill(server.url);
  await page.getByLabel('User name').fill(server.user);
  await page.getByLabel('App password').fill(server.pass);
  await page.getByLabel('Folder').fill(FOLDER);
  await page.getByLabel('Encryption passphrase').fill(passphrase);
  await page.locator('[data-testid=webdav-save]').click();
}

/** Polls until `get` returns something `ok` accepts. */
async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 120; i++) {
    last = await get();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
}

describe('sync with the reader’s own WebDAV server', () => {
  it('set up in the options page, a chapter read arrives on the server encrypted, and a second profile pulls it', async () => {
    const a = await launch({ extensionDir });
    sessions.push(a);
    const optionsA = await optionsPage(a);
    await setUp(optionsA, PASSPHRASE);
    await optionsA.locator('[data-testid=webdav-status]', { hasText: '0 stories on the server' }).waitFor({ timeout: 30_000 });
    // The secrets stay in the extension's own IndexedDB (out of content scripts' reach, out of
    // backups, never in browser sync); the passphrase is not kept at all.
    const secrets = JSON.stringify(await readStore(a, 'kv', 'calm-reader-webdav'));
    expect(secrets).toContain(server.pass);
    expect(secrets).not.toContain(PASSPHRASE);
    const stored = await a.worker.evaluate(async () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const c = (globalThis as any).chrome;
      return JSON.stringify([await c.storage.local.get(null), await c.storage.sync.get(null)]);
    });
    expect(stored).not.toContain(server.pass);
    expect(stored).not.toContain('webdav');

    // Read a chapter.
    const tab = await a.context.newPage();
    await tab.goto(FFN);
    await tab.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
    const story = await until(
      async () => (await readStore<StoryRecord>(a, 'stories')).find((x) => x.key === KEY),
      (x) => !!x?.lastChapterId,
      'the visit in IndexedDB',
    );
    await tab.close();

    await optionsA.locator('[data-testid=webdav-sync-now]').click();
    await optionsA.locator('[data-testid=webdav-status]', { hasText: '1 story on the server' }).waitFor({ timeout: 30_000 });
    await expect(optionsA.locator('[data-testid=webdav-error]').count()).resolves.toBe(0);

    // On the server: a manifest and a shard, neither with anything readable about the story.
    const files = [...filesOf(server.dir)].filter(([name]) => name.startsWith(`${FOLDER}/`));
    const names = files.map(([n]) => n.slice(FOLDER.length + 1)).sort();
    expect(names[0]).toBe('manifest.json');
    expect(names.slice(1).every((n) => /^s\d+-[a-z0-9]{12}\.bin$/.test(n))).toBe(true);
    expect(names.length).toBeGreaterThanOrEqual(2);
    const titleWord = story!.title.split(/\s+/).find((w) => w.length > 5)!;
    for (const [, bytes] of files) {
      const text = bytes.toString('latin1');
      for (const secret of [story!.title, titleWord, '14022518', 'fanfiction', KEY]) expect(text).not.toContain(secret);
    }

    // A second profile: a wrong passphrase is told and changes nothing; the right one pulls the story.
    const before = filesOf(server.dir);
    const b = await launch({ extensionDir });
    sessions.push(b);
    const optionsB = await optionsPage(b);
    await setUp(optionsB, 'not the right passphrase');
    await optionsB.locator('[data-testid=webdav-error]', { hasText: 'Wrong passphrase' }).waitFor({ timeout: 30_000 });
    expect(filesOf(server.dir)).toEqual(before);
    expect((await readStore<StoryRecord>(b, 'stories')).length).toBe(0);

    await optionsB.getByLabel('App password').fill(server.pass);
    await optionsB.getByLabel('Encryption passphrase').fill(PASSPHRASE);
    await optionsB.locator('[data-testid=webdav-save]').click();
    await optionsB.locator('[data-testid=webdav-status]', { hasText: '1 story on the server' }).waitFor({ timeout: 30_000 });
    const pulled = await until(
      async () => (await readStore<StoryRecord>(b, 'stories')).find((x) => x.key === KEY),
      (x) => !!x,
      'the story in the second profile',
    );
    expect(pulled).toMatchObject({
      key: KEY,
      title: story!.title,
      lastChapterId: story!.lastChapterId,
      lastChapterIndex: story!.lastChapterIndex,
    });

    // The server goes down: "Sync now" says so, and the library stays as it was.
    await server.stop();
    const libraryBefore = await readStore<StoryRecord>(a, 'stories');
    await optionsA.locator('[data-testid=webdav-sync-now]').click();
    await optionsA.locator('[data-testid=webdav-error]', { hasText: 'Could not reach the sync server' }).waitFor({ timeout: 60_000 });
    expect(await readStore<StoryRecord>(a, 'stories')).toEqual(libraryBefore);
  }, 180_000);
});
