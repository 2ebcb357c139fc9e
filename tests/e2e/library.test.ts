/**
 * Issue 5 in Chromium: follow a story, restart the browser on the same profile and the library
 * still has it; a site update served by the fixture "site" makes the toolbar badge count rise.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixturePages, launch, openPopup, READER_HOST, readStore, type Session } from './harness';
import { pageHtml } from '../site-fixtures';

const CHAPTER = 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice';
const UPDATE_SOURCE = 'https://www.fanfiction.net/s/14022518/1/';
const KEY = 'ffnet:14022518';

const profile = mkdtempSync(join(tmpdir(), 'calm-reader-library-'));
let s: Session | undefined;
afterAll(async () => {
  await s?.close();
  rmSync(profile, { recursive: true, force: true });
});

/** The story's page as the site would show it after the author posted chapter 8. */
function withEighthChapter(): string {
  const html = pageHtml('ffnet-chapter-middle');
  return html
    .replace(/<option value="7">7\. Home by the Long Way<\/select>/g, '<option value="7">7. Home by the Long Way<option value="8">8. The Eighth Door</select>')
    .replace(/Chapters: 7/g, 'Chapters: 8');
}

const badge = (sess: Session) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  sess.worker.evaluate(() => (globalThis as any).chrome.action.getBadgeText({}) as Promise<string>);

describe('the library across restarts, and new chapters', () => {
  it('keeps a followed story after the browser restarts', async () => {
    s = await launch({ userDataDir: profile });
    const page = await s.context.newPage();
    await page.goto(CHAPTER);
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor();
    const popup = await openPopup(s, page);
    const follow = popup.locator('[data-testid=follow-button]');
    await follow.waitFor();
    await follow.click();
    await expect.poll(async () => (await readStore<{ key: string; followed: boolean }>(s!, 'stories')).find((r) => r.key === KEY)?.followed).toBe(true);
    await s.context.close();

    s = await launch({ userDataDir: profile });
    const stories = await readStore<{ key: string; followed: boolean; title: string }>(s, 'stories');
    expect(stories.find((r) => r.key === KEY)).toMatchObject({ followed: true, title: "The Cartographer's Apprentice" });
    // The library page lists it, one click from continuing.
    const lib = await s.context.newPage();
    await lib.goto(`chrome-extension://${s.extensionId}/library.html`);
    const row = lib.locator(`[data-testid=library-row][data-story-key="${KEY}"]`);
    await row.waitFor();
    expect(await row.innerText()).toContain("The Cartographer's Apprentice");
    await lib.close();
  });

  it('the badge counts only new chapters: none on following, one when the site shows a new chapter', async () => {
    await s?.close();
    // A fresh profile: a service worker that starts with the browser on a reused profile can
    // start before the test's routes exist, and would then try the real (closed) network.
    const pages = fixturePages();
    s = await launch({ pages });
    const page = await s.context.newPage();
    await page.goto(CHAPTER);
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor();
    const ext = await s.context.newPage();
    await ext.goto(`chrome-extension://${s.extensionId}/library.html`);
    const ask = (msg: Record<string, unknown>) =>
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      ext.evaluate((m) => (globalThis as any).chrome.runtime.sendMessage(m), msg);
    await ask({ type: 'story/follow', storyKey: KEY, followed: true });
    // Chapter 3 of 7 read: chapters 4-7 are unread, but none is new: nothing on the icon.
    await expect
      .poll(async () => (await readStore<{ key: string; followed: boolean }>(s!, 'stories')).find((r) => r.key === KEY)?.followed)
      .toBe(true);
    await expect.poll(() => badge(s!)).toBe('');
    expect((await readStore<{ key: string; unread: number }>(s, 'stories')).find((r) => r.key === KEY)).toMatchObject({ unread: 4 });

    // The author posts chapter 8; the background check finds it through the site's chapter list.
    pages.set(UPDATE_SOURCE, withEighthChapter());
    const result = await ask({ type: 'updates/check-now', storyKey: KEY });
    expect(result).toMatchObject({ checked: 1, newChapters: 1 });
    expect(s.requests).toContain(UPDATE_SOURCE);
    await expect.poll(() => badge(s!)).toBe('1');
    const story = (await readStore<{ key: string; unread: number; chapterCount: number }>(s, 'stories')).find((r) => r.key === KEY);
    expect(story).toMatchObject({ unread: 5, newCount: 1, chapterCount: 8 });
    // Checking never marks anything read: the last chapter read is still chapter 3.
    const chapters = await readStore<{ storyKey: string; chapterId: string }>(s, 'chapters');
    expect(chapters.filter((c) => c.storyKey === KEY).map((c) => c.chapterId)).toEqual(['3']);
  });
});
