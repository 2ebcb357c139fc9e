/**
 * Reliability in Chromium, part 2: the library under several tabs at once, and a service worker
 * stopped in the middle of writes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { inReader, launch, READER_HOST, type Session } from './harness';
import { chaptersOf, type ChapterSet } from '../../lib/library/chapter-sets';

const FFN = 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice';
const FFN_KEY = 'ffnet:14022518';
const AO3 = 'https://archiveofourown.org/works/51842093/chapters/131377520';
const AO3_KEY = 'ao3:51842093';

interface StoryRow {
  key: string;
  lastChapterId: string | null;
  lastReadAt: number;
}
interface ChapterRow {
  key: string;
  storyKey: string;
  chapterId: string;
  position: { blockIndex: number; offsetRatio: number; updatedAt: number } | null;
}

let s: Session;
let ext: Page;
beforeAll(async () => {
  s = await launch();
  ext = await s.context.newPage();
  await ext.goto(`chrome-extension://${s.extensionId}/popup.html`);
});
afterAll(async () => {
  await s?.close();
});

/**
 * Every record of a store, read from an extension page (works whether or not the worker runs).
 * 'chapters': the chapter sets (schema v5) as chapter records.
 */
async function readAll<T>(store: string): Promise<T[]> {
  if (store === 'chapters') return (await readAll<ChapterSet>('chapterSets')).flatMap(chaptersOf) as T[];
  return ext.evaluate(
    (name) =>
      new Promise<T[]>((res, rej) => {
        const req = indexedDB.open('calm-reader');
        req.onerror = () => rej(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const all = db.transaction(name).objectStore(name).getAll();
          all.onsuccess = () => {
            db.close();
            res(all.result as T[]);
          };
          all.onerror = () => rej(all.error);
        };
      }),
    store,
  );
}

function send<T = unknown>(message: unknown): Promise<T> {
  return ext.evaluate((m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m), message) as Promise<T>;
}

async function openChapter(url: string): Promise<Page> {
  const page = await s.context.newPage();
  await page.goto(url);
  await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
  return page;
}

/**
 * Scroll the reader so that block `i` is at the top; returns the block the reader now counts as
 * the top one (the first whose bottom is below the toolbar, as lib/reader/position.ts reads it).
 */
async function scrollToBlock(page: Page, i: number): Promise<number> {
  await inReader(page, `[data-block-index="${i}"]`).evaluate((el) => el.scrollIntoView({ block: 'start' }));
  return page.evaluate((host) => {
    const root = document.querySelector(host)!.shadowRoot!;
    const toolbar = root.querySelector('[data-testid=toolbar]')!.getBoundingClientRect().bottom;
    const blocks = [...root.querySelectorAll<HTMLElement>('[data-block-index]')].filter((b) => b.getClientRects().length > 0);
    const top = blocks.find((b) => b.getBoundingClientRect().bottom > toolbar);
    return top ? Number(top.dataset.blockIndex) : -1;
  }, READER_HOST);
}

function chapterOf(rows: ChapterRow[], storyKey: string, chapterId: string) {
  return rows.find((c) => c.storyKey === storyKey && c.chapterId === chapterId);
}

/** Stops the extension's service worker through the DevTools protocol, as Chromium does when idle. */
async function stopWorker(): Promise<void> {
  const cdp = await s.context.newCDPSession(ext);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { type: string; url: string; targetId: string }[] };
  const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${s.extensionId}/`));
  if (!sw) throw new Error('no service worker target');
  await cdp.send('Target.closeTarget', { targetId: sw.targetId });
  await cdp.detach();
}

/** The worker after a stop: a message wakes it (Playwright keeps one handle for the restarted worker). */
async function wakeWorker(): Promise<Worker> {
  await send({ type: 'library/list' });
  return s.context.serviceWorkers()[0];
}

/** No chapter without its story, no story pointing at a missing last chapter. */
async function checkConsistent(): Promise<{ stories: StoryRow[]; chapters: ChapterRow[] }> {
  const stories = await readAll<StoryRow>('stories');
  const chapters = await readAll<ChapterRow>('chapters');
  const storyKeys = new Set(stories.map((x) => x.key));
  expect(chapters.filter((c) => !storyKeys.has(c.storyKey)).map((c) => c.key)).toEqual([]);
  const chapterKeys = new Set(chapters.map((c) => `${c.storyKey}|${c.chapterId}`));
  expect(stories.filter((x) => x.lastChapterId && !chapterKeys.has(`${x.key}|${x.lastChapterId}`)).map((x) => x.key)).toEqual([]);
  return { stories, chapters };
}

describe('several tabs of one story', () => {
  it('end with the latest position written, and keep every story and chapter record', async () => {
    // Two tabs of the same chapter, and a chapter of another story, all open at once.
    const [a, b, c] = [await openChapter(FFN), await openChapter(FFN), await openChapter(AO3)];
    await expect.poll(async () => (await readAll<ChapterRow>('chapters')).length).toBeGreaterThanOrEqual(2);

    const ffnAt = async () => chapterOf(await readAll('chapters'), FFN_KEY, '3')?.position?.blockIndex;
    const atA1 = await scrollToBlock(a, 9);
    await expect.poll(ffnAt).toBe(atA1);
    // The other tab reads on from an earlier place: it is the latest visit, so its place is kept.
    const atB1 = await scrollToBlock(b, 4);
    expect(atB1).toBeLessThan(atA1);
    await expect.poll(ffnAt).toBe(atB1);
    // All tabs move at once: the other story keeps its own place, and the shared chapter ends at
    // one of the two tabs' places.
    const [atA2, atB2, atC] = await Promise.all([scrollToBlock(a, 12), scrollToBlock(b, 7), scrollToBlock(c, 6)]);
    await expect
      .poll(async () => chapterOf(await readAll('chapters'), AO3_KEY, '131377520')?.position?.blockIndex)
      .toBe(atC);
    await expect.poll(async () => [atA2, atB2].includes((await ffnAt()) ?? -1)).toBe(true);
    // One more move in a tab is the latest visit: it wins.
    const atA3 = await scrollToBlock(a, 14);
    await expect.poll(ffnAt).toBe(atA3);

    const { stories, chapters } = await checkConsistent();
    expect(stories.map((x) => x.key).filter((k) => k === FFN_KEY || k === AO3_KEY).sort()).toEqual([AO3_KEY, FFN_KEY]);
    expect(chapters.filter((x) => x.storyKey === AO3_KEY).map((x) => x.chapterId)).toEqual(['131377520']);
    expect(chapters.filter((x) => x.storyKey === FFN_KEY).map((x) => x.chapterId)).toEqual(['3']);
    await Promise.all([a, b, c].map((p) => p.close()));
  });
});

describe('a service worker stopped in the middle of writes', () => {
  it('leaves a consistent library, keeps every acknowledged write, and works again on restart', async () => {
    const worker = s.context.serviceWorkers()[0];
    await worker.evaluate(() => ((globalThis as { __crMark?: number }).__crMark = 1));
    const N = 800;
    const visit = (i: number) => ({
      type: 'chapter/visited',
      chapter: {
        site: 'ao3',
        storyId: `kill-${i % 50}`,
        title: `Story ${i % 50}`,
        author: 'a',
        summary: null,
        storyUrl: `https://archiveofourown.org/works/${i % 50}`,
        chapterCount: null,
        chapterId: `c${i}`,
        chapterIndex: Math.floor(i / 50) + 1,
        chapterTitle: null,
        url: `https://archiveofourown.org/works/${i % 50}/chapters/c${i}`,
      },
    });
    // Fire the writes without waiting, and stop the worker while they are being handled.
    const burst = ext.evaluate(
      (messages) =>
        Promise.allSettled(
          messages.map((m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m)),
        ).then((r) =>
          // Answered = the worker's reply arrived (a closed channel may settle without one).
          r.map((x) => (x.status === 'fulfilled' && x.value && typeof x.value === 'object' && 'story' in x.value ? 'answered' : 'not')),
        ),
      Array.from({ length: N }, (_, i) => visit(i)),
    );
    // Stop it as soon as the first of them is in the database.
    await expect
      .poll(async () => (await readAll<ChapterRow>('chapters')).some((c) => c.storyKey.startsWith('ao3:kill-')), { timeout: 10_000, interval: 5 })
      .toBe(true);
    await stopWorker();
    const statuses = await burst;
    const acknowledged = statuses.flatMap((st, i) => (st === 'answered' ? [i] : []));

    // The worker comes back on the next message, as a fresh one.
    const fresh = await wakeWorker();
    expect(await fresh.evaluate(() => (globalThis as { __crMark?: number }).__crMark)).toBeUndefined();

    const { chapters } = await checkConsistent();
    const have = new Set(chapters.map((c) => c.chapterId));
    // A write the worker answered is in the database.
    expect(acknowledged.filter((i) => !have.has(`c${i}`))).toEqual([]);
    // The stop really cut the burst short (otherwise this test proves nothing).
    expect(acknowledged.length).toBeLessThan(N);

    // The writes that were cut off can be sent again, and all of them land.
    await ext.evaluate(
      (messages) =>
        Promise.all(messages.map((m) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage(m))),
      Array.from({ length: N }, (_, i) => i).filter((i) => !have.has(`c${i}`)).map(visit),
    );
    const after = await checkConsistent();
    expect(after.chapters.filter((c) => c.storyKey.startsWith('ao3:kill-'))).toHaveLength(N);
    expect(after.stories.filter((x) => x.key.startsWith('ao3:kill-'))).toHaveLength(50);
  });

  it('resumes reading-position saves and the update schedule after a stop', async () => {
    const page = await openChapter(FFN);
    const at1 = await scrollToBlock(page, 6);
    await expect.poll(async () => chapterOf(await readAll('chapters'), FFN_KEY, '3')?.position?.blockIndex).toBe(at1);

    await stopWorker();
    // The open tab keeps reading; its next save wakes a new worker, which writes it.
    const at2 = await scrollToBlock(page, 10);
    expect(at2).not.toBe(at1);
    await expect.poll(async () => chapterOf(await readAll('chapters'), FFN_KEY, '3')?.position?.blockIndex).toBe(at2);
    const fresh = await wakeWorker();
    // The update checks' alarm is still scheduled for the new worker.
    const alarms = await fresh.evaluate(() =>
      (globalThis as unknown as { chrome: { alarms: { getAll(): Promise<{ name: string }[]> } } }).chrome.alarms.getAll(),
    );
    expect(alarms.length).toBeGreaterThan(0);
    await page.close();
  });
});

describe('a stopped service worker (Chromium stops it when idle)', () => {
  it('does not hold up the popup or the library page: they read the library themselves', async () => {
    await stopWorker();
    const page = await s.context.newPage();
    // Every message an extension page sends, by type.
    await page.addInitScript({
      content: `(() => {
        const sent = (window.__sent = []);
        const rt = globalThis.chrome && chrome.runtime;
        if (!rt || !rt.sendMessage) return;
        const send = rt.sendMessage.bind(rt);
        rt.sendMessage = (...args) => (sent.push(args[0] && args[0].type), send(...args));
      })();`,
    });
    await page.goto(`chrome-extension://${s.extensionId}/popup.html`);
    await page.locator(`[data-testid=continue-list] [data-story-key="${FFN_KEY}"]`).waitFor();
    await page.goto(`chrome-extension://${s.extensionId}/library.html`);
    await page.locator('[data-testid=library-row]').first().waitFor();
    await expect.poll(() => page.locator('[data-testid=library-count]').innerText()).not.toContain('loading the rest');
    // The whole library, searchable: the story read in the tests above is found.
    await page.fill('[data-testid=library-search]', 'Cartographer');
    await page.locator(`[data-testid=library-row][data-story-key="${FFN_KEY}"]`).waitFor();
    const sent = await page.evaluate(() => (window as unknown as { __sent: string[] }).__sent);
    expect(sent.filter((t) => t.startsWith('library/'))).toEqual([]);
    await page.close();
  });
});
