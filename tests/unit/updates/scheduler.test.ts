import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { withIndexKeys } from '../../../lib/library/derived';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openLibrary, type LibraryDB } from '../../../lib/library/schema';
import { getStory, markChecked, recordVisit, setFollowed } from '../../../lib/library/store';
import { checkStory } from '../../../lib/updates/check';
import { PoliteFetcher, type FetchLike, type PoliteResult } from '../../../lib/updates/polite-fetch';
import {
  ALARM_NAME,
  createUpdater,
  dueStories,
  scheduleChecks,
  type NotificationsLike,
} from '../../../lib/updates/scheduler';
import { patchUpdateSettings } from '../../../lib/updates/settings';
import { badgeText, BADGE_COLOR, type ActionLike } from '../../../lib/updates/badge';
import { parseWorkerDocument } from '../../../lib/updates/worker-dom';
import { freshName, visit } from '../library/helpers';
import { fixture, happyParse, response, story } from './helpers';

const HOUR = 3_600_000;

describe('dueStories', () => {
  const now = 100 * HOUR;
  it('picks followed, checkable stories not checked recently, oldest check first', () => {
    const list = [
      story({ storyId: '1', lastCheckedAt: now - 5 * HOUR }),
      story({ storyId: '2', lastCheckedAt: now - 1 * HOUR }), // checked recently
      story({ storyId: '3', lastCheckedAt: null }), // never checked: first
      story({ storyId: '4', lastCheckedAt: now - 9 * HOUR }),
      story({ storyId: '5', followed: false }),
      story({ storyId: '6', checkState: 'visit', lastCheckedAt: now - 50 * HOUR }), // waits for a visit
      story({ site: 'unknown-site', storyId: '7' }),
      story({ storyId: 'not-a-number' }),
    ];
    expect(dueStories(list, now, 3 * HOUR).map((s) => s.storyId)).toEqual(['3', '4', '1']);
  });
});

describe('scheduleChecks', () => {
  it('creates, keeps, changes and clears the alarm', async () => {
    const alarms = fakeBrowser.alarms;
    expect(await scheduleChecks(alarms, { intervalMinutes: 180, notify: false })).toBe('scheduled');
    expect(await alarms.get(ALARM_NAME)).toMatchObject({ periodInMinutes: 180 });
    expect(await scheduleChecks(alarms, { intervalMinutes: 180, notify: true })).toBe('unchanged');
    expect(await scheduleChecks(alarms, { intervalMinutes: 60, notify: false })).toBe('scheduled');
    expect(await alarms.get(ALARM_NAME)).toMatchObject({ periodInMinutes: 60 });
    expect(await scheduleChecks(alarms, { intervalMinutes: 0, notify: false })).toBe('cleared');
    expect(await alarms.get(ALARM_NAME)).toBeUndefined();
  });
});

describe('badgeText', () => {
  it('shows nothing for 0 and caps large counts', () => {
    expect(badgeText(0)).toBe('');
    expect(badgeText(7)).toBe('7');
    expect(badgeText(1234)).toBe('999+');
  });
});

let db: LibraryDB;
let clockNow: number;
beforeEach(async () => {
  db = await openLibrary(freshName('updates'));
  clockNow = 1000 * HOUR;
});
afterEach(() => db.close());

const AO3 = 'https://archiveofourown.org/works/123456';
/** Follow an AO3 story whose chapter 2 the reader has read. */
async function followAo3(storyId = '123456', lastCheckedAt?: number) {
  await recordVisit(
    db,
    visit({ storyId, chapterId: '1000002', chapterIndex: 2, chapterCount: 2, storyUrl: `https://archiveofourown.org/works/${storyId}`, url: `https://archiveofourown.org/works/${storyId}/chapters/1000002` }),
    clockNow - 10 * HOUR,
  );
  await setFollowed(db, `ao3:${storyId}`, true);
  if (lastCheckedAt !== undefined) await db.put('stories', withIndexKeys({ ...(await db.get('stories', `ao3:${storyId}`))!, lastCheckedAt }));
}

/** A fetcher answering from a table of URL -> result. */
function table(answers: Record<string, PoliteResult>) {
  const asked: string[] = [];
  return {
    asked,
    get: async (url: string) => {
      asked.push(url);
      return answers[url] ?? { kind: 'http-error' as const, status: 404 };
    },
  };
}
const ok = (text: string, url: string): PoliteResult => ({ kind: 'ok', status: 200, url, text, contentType: 'text/html' });

describe('checkStory', () => {
  it('stores the chapters found and counts the new ones', async () => {
    await followAo3();
    const fetcher = table({ [`${AO3}/navigate`]: ok(fixture('ao3-navigate.html'), `${AO3}/navigate`) });
    const s = (await getStory(db, 'ao3:123456')).story!;
    const result = await checkStory({ db, fetcher, parseDocument: parseWorkerDocument, now: () => clockNow }, s);
    expect(result).toMatchObject({ state: 'ok', newChapters: 2 });
    const saved = (await getStory(db, 'ao3:123456')).story!;
    expect(saved).toMatchObject({ chapterCount: 4, unread: 2, lastCheckedAt: clockNow, newChaptersAt: clockNow, checkState: 'ok' });
    // reading state untouched
    expect(saved).toMatchObject({ lastChapterId: '1000002', lastReadAt: clockNow - 10 * HOUR });
  });

  it('marks a story behind a Cloudflare challenge "check on your next visit"', async () => {
    await recordVisit(db, visit({ site: 'ffnet', storyId: '7654321', chapterId: '1' }), 1);
    const fetcher = table({ 'https://www.fanfiction.net/s/7654321/1/': { kind: 'challenge', status: 403 } });
    const s = (await getStory(db, 'ffnet:7654321')).story!;
    const result = await checkStory({ db, fetcher, parseDocument: happyParse, now: () => clockNow }, s);
    expect(result.state).toBe('visit');
    expect((await getStory(db, 'ffnet:7654321')).story).toMatchObject({ checkState: 'visit', lastCheckedAt: clockNow });
  });

  it('records an error for a page it cannot read, keeping the known list', async () => {
    await followAo3();
    const fetcher = table({ [`${AO3}/navigate`]: ok(fixture('ao3-locked.html'), `${AO3}/navigate`) });
    const s = (await getStory(db, 'ao3:123456')).story!;
    const result = await checkStory({ db, fetcher, parseDocument: happyParse, now: () => clockNow }, s);
    expect(result).toMatchObject({ state: 'error', message: expect.stringMatching(/AO3/) });
    expect((await getStory(db, 'ao3:123456')).story).toMatchObject({ checkState: 'error', chapterCount: 2 });
  });

  it('follows a paginated threadmark list on the same forum', async () => {
    await recordVisit(db, visit({ site: 'spacebattles', storyId: '1148221', chapterId: '99612008' }), 1);
    const p1 = 'https://forums.spacebattles.com/threads/1148221/threadmarks?threadmark_category=1&per_page=200';
    const p2 = 'https://forums.spacebattles.com/threads/signal-and-noise-worm-au.1148221/threadmarks?threadmark_category=1&page=2';
    const fetcher = table({ [p1]: ok(fixture('spacebattles-threadmarks-1.html'), p1), [p2]: ok(fixture('spacebattles-threadmarks-2.html'), p2) });
    const s = (await getStory(db, 'spacebattles:1148221')).story!;
    await checkStory({ db, fetcher, parseDocument: parseWorkerDocument, now: () => clockNow }, s);
    expect(fetcher.asked).toEqual([p1, p2]);
    const saved = (await getStory(db, 'spacebattles:1148221')).story!;
    expect(saved.toc?.map((e) => e.id)).toEqual(['99612008', '99700001', '99801234']);
    expect(saved.unread).toBe(2);
  });
});

describe('the updater', () => {
  function setup(opts: { fetch: FetchLike }) {
    const badge: string[] = [];
    const action: ActionLike = {
      setBadgeText: ({ text }) => void badge.push(text),
      setBadgeBackgroundColor: ({ color }) => expect(color).toBe(BADGE_COLOR),
    };
    const notes: Array<{ id: string; message: string }> = [];
    const notifications: NotificationsLike = { create: (id, o) => void notes.push({ id, message: o.message }) };
    const fetcher = new PoliteFetcher({
      fetch: opts.fetch,
      now: () => clockNow,
      sleep: async (ms) => {
        clockNow += ms;
      },
    });
    const keepAlive = vi.fn();
    const updater = createUpdater({
      db: async () => db,
      fetcher,
      parseDocument: parseWorkerDocument,
      now: () => clockNow,
      alarms: fakeBrowser.alarms,
      action,
      notifications,
      iconUrl: 'icon.png',
      keepAlive,
    });
    return { updater, badge, notes, keepAlive };
  }

  const navigate = (storyId: string) => fixture('ao3-navigate.html').replaceAll('123456', storyId);

  it('on the alarm checks due followed stories one by one, oldest first, then draws the badge', async () => {
    await followAo3('111', clockNow - 5 * HOUR);
    await followAo3('222'); // never checked
    await followAo3('333', clockNow - 1 * HOUR); // not due yet
    await followAo3('444', clockNow - 6 * HOUR);
    await markChecked(db, 'ao3:444', 'visit', clockNow - 6 * HOUR); // waits for a visit
    const asked: string[] = [];
    const { updater, badge, notes, keepAlive } = setup({
      fetch: async (url) => {
        asked.push(url);
        return response(navigate(/works\/(\d+)/.exec(url)![1]), 200, {}, url);
      },
    });
    const run = await updater.onAlarm({ name: ALARM_NAME });
    expect(asked).toEqual([`https://archiveofourown.org/works/222/navigate`, `https://archiveofourown.org/works/111/navigate`]);
    expect(run).toMatchObject({ checked: 2, newChapters: 4 });
    expect(badge.at(-1)).toBe('4');
    expect(keepAlive).toHaveBeenCalledTimes(2);
    expect(notes).toEqual([]); // notifications are off by default
    // the same alarm again right away finds nothing due
    asked.length = 0;
    expect(await updater.onAlarm({ name: ALARM_NAME })).toMatchObject({ checked: 0 });
    expect(asked).toEqual([]);
    expect(await updater.onAlarm({ name: 'something-else' })).toBeNull();
  });

  it('notifies per story when the reader turned notifications on', async () => {
    await followAo3('111');
    await patchUpdateSettings(db, { notify: true });
    const { updater, notes } = setup({ fetch: async (url) => response(navigate('111'), 200, {}, url) });
    await updater.checkNow();
    expect(notes).toEqual([{ id: 'calm-reader-update:ao3:111', message: '2 new chapters' }]);
  });

  it('check-now on one story checks it even if it waits for a visit; with no key only due ones', async () => {
    await followAo3('111', clockNow - 1000);
    await markChecked(db, 'ao3:111', 'visit', clockNow - 1000);
    const asked: string[] = [];
    const { updater } = setup({
      fetch: async (url) => {
        asked.push(url);
        return response(navigate('111'), 200, {}, url);
      },
    });
    expect(await updater.checkNow()).toMatchObject({ checked: 0 });
    expect(asked).toEqual([]);
    expect(await updater.checkNow('ao3:111')).toMatchObject({ checked: 1, newChapters: 2 });
    expect((await getStory(db, 'ao3:111')).story?.checkState).toBe('ok');
    expect(await updater.checkNow('ao3:missing')).toMatchObject({ checked: 0 });
  });

  it('runs one check at a time', async () => {
    await followAo3('111');
    await followAo3('222');
    let inFlight = 0;
    let max = 0;
    const { updater } = setup({
      fetch: async (url) => {
        max = Math.max(max, ++inFlight);
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
        return response(navigate(/works\/(\d+)/.exec(url)![1]), 200, {}, url);
      },
    });
    const [a, b] = await Promise.all([updater.onAlarm({ name: ALARM_NAME }), updater.checkNow()]);
    expect(max).toBe(1);
    expect(a?.checked).toBe(2);
    expect(b.checked).toBe(0); // the alarm's run already checked both
  });

  it('checks different sites side by side, one request at a time per site, results in due order', async () => {
    await followAo3('111', clockNow - 9 * HOUR);
    await followAo3('222', clockNow - 8 * HOUR);
    await recordVisit(db, visit({ site: 'ffnet', storyId: '7654321', chapterId: '1', chapterIndex: 1, chapterCount: 1 }), clockNow - 10 * HOUR);
    await setFollowed(db, 'ffnet:7654321', true);
    const inFlight = new Map<string, number>();
    const maxPerHost = new Map<string, number>();
    let maxTotal = 0;
    const { updater } = setup({
      fetch: async (url) => {
        const host = new URL(url).host;
        inFlight.set(host, (inFlight.get(host) ?? 0) + 1);
        maxPerHost.set(host, Math.max(maxPerHost.get(host) ?? 0, inFlight.get(host)!));
        maxTotal = Math.max(maxTotal, [...inFlight.values()].reduce((a, b) => a + b, 0));
        await new Promise((r) => setTimeout(r, 5));
        inFlight.set(host, inFlight.get(host)! - 1);
        const body = host.includes('fanfiction') ? fixture('ffnet-story.html') : navigate(/works\/(\d+)/.exec(url)![1]);
        return response(body, 200, {}, url);
      },
    });
    const run = await updater.checkNow();
    expect(run.results.map((r) => r.storyKey)).toEqual(['ffnet:7654321', 'ao3:111', 'ao3:222']);
    expect(maxTotal).toBe(2);
    expect([...maxPerHost.values()]).toEqual([1, 1]);
  });

  it('says which stories need a visit', async () => {
    await followAo3('111');
    const { updater } = setup({ fetch: async () => response(fixture('cloudflare-challenge.html'), 403, { 'cf-mitigated': 'challenge' }) });
    expect(await updater.checkNow()).toMatchObject({ checked: 1, newChapters: 0, message: '1 story needs a visit to check' });
  });

  it('does not check on the alarm when the interval is 0 (never)', async () => {
    await followAo3('111');
    await patchUpdateSettings(db, { intervalMinutes: 0 });
    const fetch = vi.fn<FetchLike>();
    const { updater } = setup({ fetch });
    expect(await updater.onAlarm({ name: ALARM_NAME })).toMatchObject({ checked: 0 });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('schedules from the stored settings', async () => {
    await patchUpdateSettings(db, { intervalMinutes: 45 });
    const { updater } = setup({ fetch: vi.fn<FetchLike>() });
    await updater.schedule();
    expect(await fakeBrowser.alarms.get(ALARM_NAME)).toMatchObject({ periodInMinutes: 45 });
  });
});
