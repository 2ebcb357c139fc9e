/**
 * Sync through the real chrome.storage.sync: a follow in the popup is written there by the
 * background worker, and another device's newer change written there reaches IndexedDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launch, openPopup, READER_HOST, readStore, type Session } from './harness';
import { decodeEntry, encodeStory, itemKeyOf, VERSION_KEY } from '../../lib/sync/codec';
import type { SyncStory } from '../../lib/sync/types';
import type { ChapterRecord, StoryRecord } from '../../lib/library/types';

const FFN = 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice';
const KEY = 'ffnet:14022518';
const ITEM = itemKeyOf(KEY);

let s: Session;
beforeAll(async () => {
  s = await launch();
});
afterAll(async () => {
  await s?.close();
});

/** Everything in chrome.storage.sync, read in the service worker through the real API. */
function syncArea(): Promise<Record<string, unknown>> {
  return s.worker.evaluate(async () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const c = (globalThis as any).chrome;
    return c.storage.sync.get(null);
  });
}

/** Polls until `get` returns something `ok` accepts (the scheduler debounces for a few seconds). */
async function until<T>(get: () => Promise<T>, ok: (v: T) => boolean, what: string): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < 60; i++) {
    last = await get();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
}

describe('sync through chrome.storage.sync', () => {
  it('writes a followed story to sync storage and takes in a newer change from another device', async () => {
    const page: Page = await s.context.newPage();
    await page.goto(FFN);
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
    const popup = await openPopup(s, page);
    const follow = popup.locator('[data-testid=follow-button]');
    await follow.waitFor();
    await follow.click();
    const local = await until(
      async () => (await readStore<StoryRecord>(s, 'stories')).find((x) => x.key === KEY),
      (x) => x?.followed === true,
      'the follow in IndexedDB',
    );
    await popup.close();
    await page.close();

    // The background writes it to the real storage.sync.
    const area = await until(
      syncArea,
      (a) => {
        const e = decodeEntry(ITEM, a[ITEM]);
        return e?.kind === 'story' && e.story.followed;
      },
      `${ITEM} in chrome.storage.sync`,
    );
    expect(area[VERSION_KEY]).toEqual({ v: 1 });
    const synced = decodeEntry(ITEM, area[ITEM]);
    if (synced?.kind !== 'story') throw new Error('not a story item');
    expect(synced.story).toMatchObject({
      key: KEY,
      followed: true,
      chapterId: local!.lastChapterId,
      chapterIndex: local!.lastChapterIndex,
    });
    expect(synced.story.url).toContain('fanfiction.net/s/14022518');
    const bytes = await s.worker.evaluate(async () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const c = (globalThis as any).chrome;
      return c.storage.sync.getBytesInUse(null) as Promise<number>;
    });
    expect(bytes).toBeGreaterThan(0);

    // Another device finished the story and stopped further down the same chapter.
    const later = Date.now() + 5_000;
    const remote: SyncStory = {
      ...synced.story,
      readingStatus: 'completed',
      statusAt: later,
      readAt: later,
      position: { b: 7, r: 0.25, t: later },
    };
    await s.worker.evaluate(
      async ([key, value]) => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const c = (globalThis as any).chrome;
        await c.storage.sync.set({ [key as string]: value });
      },
      [ITEM, encodeStory(remote)] as const,
    );

    const story = await until(
      async () => (await readStore<StoryRecord>(s, 'stories')).find((x) => x.key === KEY),
      (x) => x?.readingStatus === 'completed',
      'the remote reading status in IndexedDB',
    );
    expect(story?.followed).toBe(true);
    const chapter = (await readStore<ChapterRecord>(s, 'chapters')).find(
      (c) => c.storyKey === KEY && c.chapterId === synced.story.chapterId,
    );
    expect(chapter?.position).toMatchObject({ blockIndex: 7, offsetRatio: 0.25 });
  });

  it('shows what is synced on the Library page, and turns sync off there', async () => {
    const page = await s.context.newPage();
    await page.goto(`chrome-extension://${s.extensionId}/library.html`);
    const status = page.locator('[data-testid=sync-status]');
    await expect.poll(() => status.textContent()).toContain('Synced 1 of 1 story');
    await expect(page.locator('[data-testid=sync-last]').textContent()).resolves.toContain('Last synced today');
    const toggle = page.locator('[data-testid=sync-toggle]');
    expect(await toggle.getAttribute('aria-checked')).toBe('true');
    await toggle.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => toggle.getAttribute('aria-checked')).toBe('false');
    await expect.poll(() => status.textContent()).toContain('Sync is off');
    // The page may say so before its write to storage.local has landed: wait for the stored state.
    await expect
      .poll(() =>
        s.worker.evaluate(async () => {
          // eslint-disable-next-line @typescript-eslint/no-explicit-any
          const c = (globalThis as any).chrome;
          return c.storage.local.get('syncEnabled');
        }),
      )
      .toEqual({ syncEnabled: false });
    await page.close();
  });

  it('after a change, a pass reads and pushes only the story that changed (issue 25)', async () => {
    const page = await s.context.newPage();
    await page.goto(`chrome-extension://${s.extensionId}/library.html`);
    const send = (m: unknown) =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      page.evaluate((msg) => (globalThis as any).chrome.runtime.sendMessage(msg), m);
    const lastRun = () =>
      s.worker.evaluate(async () => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const c = (globalThis as any).chrome;
        return (await c.storage.local.get('syncLastRun')).syncLastRun as { at: number; pass: boolean; full?: boolean; read?: number } | undefined;
      });
    // Sync on again: that pass reads the whole library.
    const on = Date.now() - 1000;
    await send({ type: 'sync/set-enabled', enabled: true });
    await until(lastRun, (r) => !!r && r.at >= on && r.pass && r.full === true, 'the full pass after turning sync on');
    // One story's reading status: the next pass reads that story only, and pushes it.
    const changed = Date.now();
    await send({ type: 'story/set-status', storyKey: KEY, readingStatus: 'on-hold' });
    const run = await until(lastRun, (r) => !!r && r.at >= changed && r.pass, 'the pass after the change');
    expect(run).toMatchObject({ full: false, read: 1 });
    const area = await syncArea();
    const e = decodeEntry(ITEM, area[ITEM]);
    expect(e?.kind === 'story' && e.story.readingStatus).toBe('on-hold');
    await page.close();
  });
});
