/**
 * When to check which followed stories, and the update service the background worker runs:
 * the 'check-updates' alarm, check-now, the badge and the optional notification.
 *
 * A run checks due stories oldest check first, one at a time per site host and the hosts side by
 * side, and stores each result as it goes, so a worker stopped mid-run loses nothing: the next
 * alarm carries on with what is still due.
 */
import type { UpdateSettings } from '../protocol/messages';
import type { LibraryDB } from '../library/schema';
import { getStory, listDue } from '../library/store';
import type { StoryRecord } from '../library/types';
import { refreshBadge, type ActionLike } from './badge';
import { checkStory, type ParseDocument, type StoryCheck } from './check';
import type { PoliteFetcher } from './polite-fetch';
import { getUpdateSettings } from './settings';
import { updateSourceFor } from '../sites/chapter-lists';
import { t, tn } from '../i18n';

export const ALARM_NAME = 'check-updates';
/** "Check now" leaves alone stories checked this recently (ms). */
export const CHECK_NOW_MIN_AGE_MS = 5 * 60_000;
/** An alarm fires a little late or early: a story checked within this share of the interval is due. */
const DUE_SLACK = 0.9;

export interface AlarmsLike {
  create(name: string, info: { periodInMinutes: number; delayInMinutes?: number }): Promise<void> | void;
  clear(name: string): Promise<boolean>;
  get(name: string): Promise<{ name: string; periodInMinutes?: number } | undefined | null>;
}

export interface NotificationsLike {
  create(id: string, options: { type: 'basic'; title: string; message: string; iconUrl: string }): Promise<unknown> | unknown;
}

/** Can this story be checked in the background at all? */
export function checkable(story: StoryRecord): boolean {
  const source = updateSourceFor(story.site);
  return !!source && source.url(story) !== null;
}

/**
 * Followed stories due for a check, oldest check first (never checked first of all). Stories
 * waiting for a visit (the site refused a background check) are left until the reader visits.
 */
export function dueStories(stories: readonly StoryRecord[], now: number, minAgeMs: number): StoryRecord[] {
  return stories
    .filter((s) => s.followed && s.checkState !== 'visit' && checkable(s))
    .filter((s) => s.lastCheckedAt == null || now - s.lastCheckedAt >= minAgeMs)
    .sort((a, b) => (a.lastCheckedAt ?? 0) - (b.lastCheckedAt ?? 0) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Indexes of `stories` grouped by the host their update source asks, in order within each host. */
export function lanesByHost(stories: readonly StoryRecord[]): Map<string, number[]> {
  const lanes = new Map<string, number[]>();
  stories.forEach((story, i) => {
    let host = '';
    try {
      const url = updateSourceFor(story.site)?.url(story);
      if (url) host = new URL(url).host.toLowerCase();
    } catch {
      // No usable address: its own lane, where the check reports the error.
    }
    const lane = lanes.get(host);
    if (lane) lane.push(i);
    else lanes.set(host, [i]);
  });
  return lanes;
}

/** Create, change or clear the alarm to match the settings. */
export async function scheduleChecks(alarms: AlarmsLike, settings: UpdateSettings): Promise<'scheduled' | 'cleared' | 'unchanged'> {
  const current = await alarms.get(ALARM_NAME);
  if (settings.intervalMinutes <= 0) {
    if (current) await alarms.clear(ALARM_NAME);
    return 'cleared';
  }
  if (current && current.periodInMinutes === settings.intervalMinutes) return 'unchanged';
  // First run soon after install/start-up (a minute), then every interval.
  await alarms.create(ALARM_NAME, { periodInMinutes: settings.intervalMinutes, delayInMinutes: 1 });
  return 'scheduled';
}

export interface UpdaterDeps {
  db: () => Promise<LibraryDB>;
  fetcher: Pick<PoliteFetcher, 'get'>;
  parseDocument: ParseDocument;
  now: () => number;
  /** Whether a site may be reached now (lib/updates/host-access.ts); absent: always. */
  hasAccess?(url: string): Promise<boolean>;
  alarms?: AlarmsLike;
  action?: ActionLike;
  notifications?: NotificationsLike;
  /** Icon for notifications (an extension URL). */
  iconUrl?: string;
  /** Called between stories: an extension API call keeps an MV3 worker alive through a long run. */
  keepAlive?: () => Promise<unknown> | unknown;
  log?: (message: string, detail?: unknown) => void;
}

export interface RunSummary {
  checked: number;
  newChapters: number;
  results: StoryCheck[];
  message?: string;
}

export interface Updater {
  /** The alarm fired: check what is due. */
  onAlarm(alarm: { name: string }): Promise<RunSummary | null>;
  /** Check all due followed stories now, or one story regardless of when it was checked. */
  checkNow(storyKey?: string): Promise<RunSummary>;
  /** Make the alarm match the stored settings. */
  schedule(settings?: UpdateSettings): Promise<void>;
  refreshBadge(): Promise<number>;
}

export function createUpdater(deps: UpdaterDeps): Updater {
  let running: Promise<RunSummary> | null = null;
  const log = deps.log ?? (() => undefined);

  async function notify(results: StoryCheck[]): Promise<void> {
    if (!deps.notifications) return;
    for (const r of results) {
      if (r.newChapters <= 0 || !r.story) continue;
      const n = r.newChapters;
      try {
        await deps.notifications.create(`calm-reader-update:${r.storyKey}`, {
          type: 'basic',
          title: r.story.title || t('aFollowedStory'),
          message: tn('chaptersNew', n),
          iconUrl: deps.iconUrl ?? '',
        });
      } catch (err) {
        log('notification failed', err);
      }
    }
  }

  async function run(pick: (db: LibraryDB, settings: UpdateSettings) => Promise<StoryRecord[]>): Promise<RunSummary> {
    const db = await deps.db();
    const settings = await getUpdateSettings(db);
    const stories = await pick(db, settings);
    // One lane per host, the lanes side by side: a host waits only for its own spacing (the
    // fetcher keeps one request at a time per host), never for another site's stories.
    const results: StoryCheck[] = new Array(stories.length);
    await Promise.all(
      [...lanesByHost(stories).values()].map(async (lane) => {
        for (const i of lane) {
          const story = stories[i];
          try {
            results[i] = await checkStory({ db, fetcher: deps.fetcher, parseDocument: deps.parseDocument, now: deps.now, hasAccess: deps.hasAccess }, story);
          } catch (err) {
            log(`check failed for ${story.key}`, err);
            results[i] = { storyKey: story.key, state: 'error', newChapters: 0, story, message: String(err) };
          }
          await deps.keepAlive?.();
        }
      }),
    );
    const newChapters = results.reduce((n, r) => n + r.newChapters, 0);
    if (deps.action) await refreshBadge(db, deps.action).catch((err: unknown) => log('badge failed', err));
    if (settings.notify && newChapters > 0) await notify(results);
    const visits = results.filter((r) => r.state === 'visit').length;
    const errors = results.filter((r) => r.state === 'error').length;
    const parts: string[] = [];
    if (visits) parts.push(`${visits} ${visits === 1 ? 'story needs' : 'stories need'} a visit to check`);
    if (errors) {
      // One story: say why (the library page shows this next to its "Check" button).
      const why = errors === 1 ? results.find((r) => r.state === 'error')?.message : undefined;
      parts.push(why ? `${errors} could not be checked: ${why}` : `${errors} could not be checked`);
    }
    return {
      checked: results.filter((r) => r.state !== 'skipped').length,
      newChapters,
      results,
      ...(parts.length ? { message: parts.join('; ') } : {}),
    };
  }

  /** One run at a time; a request made during a run waits for it. */
  function exclusive(work: () => Promise<RunSummary>): Promise<RunSummary> {
    const prior = running ?? Promise.resolve(null);
    const next = prior.catch(() => null).then(work);
    running = next;
    void next.finally(() => {
      if (running === next) running = null;
    }).catch(() => undefined);
    return next;
  }

  return {
    async onAlarm(alarm) {
      if (alarm.name !== ALARM_NAME) return null;
      return exclusive(() =>
        run(async (db, settings) => {
          if (settings.intervalMinutes <= 0) return [];
          const minAge = settings.intervalMinutes * 60_000 * DUE_SLACK;
          return dueStories(await listDue(db, deps.now() - minAge), deps.now(), minAge);
        }),
      );
    },
    checkNow(storyKey) {
      return exclusive(() =>
        run(async (db) => {
          if (storyKey === undefined)
            return dueStories(await listDue(db, deps.now() - CHECK_NOW_MIN_AGE_MS), deps.now(), CHECK_NOW_MIN_AGE_MS);
          const { story } = await getStory(db, storyKey);
          // Asked for by name: checked even when not followed or waiting for a visit.
          return story && checkable(story) ? [story] : [];
        }),
      );
    },
    async schedule(settings) {
      if (!deps.alarms) return;
      const s = settings ?? (await getUpdateSettings(await deps.db()));
      await scheduleChecks(deps.alarms, s);
    },
    async refreshBadge() {
      if (!deps.action) return 0;
      return refreshBadge(await deps.db(), deps.action);
    },
  };
}
