import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createHandlers } from '../lib/background/handlers';
import { dispatch, type BackgroundRequests } from '../lib/messages';
import { runCommand } from '../lib/background/commands';
import { lazyLibrary } from '../lib/library/schema';
import { PoliteFetcher } from '../lib/updates/polite-fetch';
import { createUpdater, type AlarmsLike, type NotificationsLike } from '../lib/updates/scheduler';
import type { ActionLike } from '../lib/updates/badge';
import { parseWorkerDocument } from '../lib/updates/worker-dom';

const log = (message: string, detail?: unknown) => console.error(`[calm-reader] ${message}`, detail);

export default defineBackground(() => {
  // Opened on first use and reopened after a close: the worker may be stopped at any time, and
  // everything that matters is in IndexedDB, not in this closure.
  const library = lazyLibrary();

  const fetcher = new PoliteFetcher({
    // Bound: the global fetch throws "Illegal invocation" when called as a method of another object.
    fetch: (url, init) => fetch(url, init),
    now: Date.now,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  });
  const b = browser as unknown as {
    action?: ActionLike;
    browserAction?: ActionLike;
    notifications?: NotificationsLike;
    alarms: AlarmsLike;
  };
  const updater = createUpdater({
    db: library,
    fetcher,
    parseDocument: parseWorkerDocument,
    now: Date.now,
    alarms: b.alarms,
    // MV3: action; Firefox MV2: browserAction.
    action: b.action ?? b.browserAction,
    // Present only when the notifications permission is granted.
    notifications: b.notifications,
    iconUrl: browser.runtime.getURL('/icon/128.png' as Parameters<typeof browser.runtime.getURL>[0]),
    keepAlive: () => browser.runtime.getPlatformInfo(),
    log,
  });
  const handlers = createHandlers({ db: library, now: Date.now, updates: updater, log });

  browser.runtime.onMessage.addListener((message: unknown) => {
    const reply = dispatch<BackgroundRequests>(handlers, message);
    if (!reply) return undefined; // not ours: let other listeners answer
    return reply.catch((err: unknown) => {
      console.error('[calm-reader] request failed', (message as { type?: string }).type, err);
      throw err;
    });
  });

  browser.commands.onCommand.addListener((command: string, tab?: { id?: number }) => {
    void runCommand(command, browser.tabs, tab).catch((err: unknown) => {
      console.error('[calm-reader] command failed', command, err);
    });
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    void updater.onAlarm(alarm).catch((err: unknown) => log('update check failed', err));
  });
  const schedule = () => void updater.schedule().catch((err: unknown) => log('could not schedule update checks', err));
  browser.runtime.onInstalled.addListener(schedule);
  browser.runtime.onStartup.addListener(schedule);
  // Every worker start: the alarm is kept if it already matches the settings; the badge is redrawn.
  schedule();
  void updater.refreshBadge().catch((err: unknown) => log('badge refresh failed', err));
});
