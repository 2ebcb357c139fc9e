import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createHandlers } from '../lib/background/handlers';
import { createMessageListener, createPrivateHandlers, restrictToExtension, type SenderLike } from '../lib/background/senders';
import { createOpenGeneric, runCommandWithGeneric } from '../lib/background/generic';
import { createLatePartsListener, type FrameScriptingLike } from '../lib/background/late-parts';
import { lazyLibrary } from '../lib/library/schema';
import { PoliteFetcher } from '../lib/updates/polite-fetch';
import { createUpdater, type AlarmsLike, type NotificationsLike } from '../lib/updates/scheduler';
import type { ActionLike } from '../lib/updates/badge';
import { parseWorkerDocument } from '../lib/updates/worker-dom';
import { createHostAccess, type PermissionsLike } from '../lib/updates/host-access';
import { createSyncHandlers, type SyncTransport } from '../lib/background/sync-handlers';
import { onLibraryChange, type ChangedKeys } from '../lib/library/changes';
import { createSyncScheduler, type LocalChangeSource } from '../lib/sync/scheduler';
import type { LocalArea, SyncArea } from '../lib/sync/types';
import { createWebDavService } from '../lib/sync/webdav/service';
import { createSecretArea } from '../lib/sync/webdav/secrets';

/** Periodic sync run (changes also sync shortly after they happen). */
const SYNC_ALARM = 'calm-reader-sync';
/** Periodic sync with the reader's WebDAV server (when set up; changes also sync within seconds of the last one). */
const WEBDAV_ALARM = 'calm-reader-webdav';

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
    // The reader may withhold or revoke a site's access (Firefox): checks ask first.
    hasAccess: createHostAccess(browser.permissions as unknown as PermissionsLike | undefined, log).has,
    alarms: b.alarms,
    // MV3: action; Firefox MV2: browserAction.
    action: b.action ?? b.browserAction,
    // Present only when the notifications permission is granted.
    notifications: b.notifications,
    iconUrl: browser.runtime.getURL('/icon/128.png' as Parameters<typeof browser.runtime.getURL>[0]),
    keepAlive: () => browser.runtime.getPlatformInfo(),
    log,
  });
  // Sync across devices: storage.sync is the transport, IndexedDB stays the source of truth.
  // Some browsers have no storage.sync: the library then stays on this device.
  const storage = browser.storage as unknown as { sync?: SyncArea; local: LocalArea; onChanged: LocalChangeSource };
  let syncTransport: SyncTransport | undefined;
  /** The sync scheduler's poke with the stories a library write touched (they are marked dirty). */
  let syncPoke: ((keys: ChangedKeys) => void) | undefined;
  if (storage.sync) {
    // Chrome lets content scripts read and write storage.sync unless told otherwise; only the
    // extension's own pages and this worker touch it (Firefox has no such switch for sync).
    restrictToExtension(storage.sync, log);
    const scheduler = createSyncScheduler({
      db: library,
      area: storage.sync,
      local: storage.local,
      storageChanges: storage.onChanged,
      now: Date.now,
      onError: (err) => console.warn('[calm-reader] sync failed', err),
    });
    // After the switch is turned on: the scheduler's own storage listener asks for the full pass.
    syncTransport = { area: storage.sync, local: storage.local, poke: () => scheduler.poke([]) };
    syncPoke = (keys) => scheduler.poke(keys);
    try {
      scheduler.start();
    } catch (err) {
      log('sync could not start', err);
    }
    // Kept when it exists: creating it again on every worker start would push it back each time.
    void browser.alarms
      .get(SYNC_ALARM)
      .then(async (alarm) => {
        if (!alarm) await browser.alarms.create(SYNC_ALARM, { periodInMinutes: 15 });
      })
      .catch((err: unknown) => log('could not schedule sync', err));
    browser.alarms.onAlarm.addListener((alarm) => {
      if (alarm.name === SYNC_ALARM) void scheduler.check();
    });
  }
  // Sync through the reader's own WebDAV server, encrypted (set up in the options page).
  const webdav = createWebDavService({
    db: library,
    // Settings, app password and key: the extension's own IndexedDB, out of content scripts' reach.
    local: createSecretArea(),
    now: Date.now,
    permissions: browser.permissions as unknown as { contains(p: { origins: string[] }): Promise<boolean> },
    fetch: (url, init) => fetch(url, init),
    log,
  });
  // Both transports sync soon after a write that changes what they carry (lib/library/changes.ts).
  onLibraryChange((_change, keys) => {
    syncPoke?.(keys);
    webdav.poke();
  });
  void browser.alarms
    .get(WEBDAV_ALARM)
    .then(async (alarm) => {
      if (!alarm) await browser.alarms.create(WEBDAV_ALARM, { periodInMinutes: 15 });
    })
    .catch((err: unknown) => log('could not schedule WebDAV sync', err));
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === WEBDAV_ALARM) void webdav.syncNow();
  });
  // The generic reader is injected on the reader's request only (popup button or shortcut: activeTab).
  const openGeneric = createOpenGeneric(browser.scripting as unknown as Parameters<typeof createOpenGeneric>[0], log);
  const handlers = {
    ...createHandlers({ db: library, now: Date.now, updates: updater, openGeneric, log }),
    ...createSyncHandlers({ db: library, now: Date.now, sync: syncTransport, webdav }),
  };

  // Every request is checked against its sender (lib/background/senders.ts): web pages' content
  // scripts only report what they read, never from a private window; the rest only from our pages.
  const onMessage = createMessageListener({
    self: { id: browser.runtime.id, baseUrl: browser.runtime.getURL('/' as Parameters<typeof browser.runtime.getURL>[0]) },
    handlers,
    privateHandlers: createPrivateHandlers({ db: library }),
    log: (message, detail) => console.warn(`[calm-reader] ${message}`, detail),
  });
  // The reader view's late parts (chapter list, settings panel, end of chapter), injected into the asking tab.
  const onLateParts = createLatePartsListener(browser.scripting as unknown as FrameScriptingLike, {
    id: browser.runtime.id,
    baseUrl: browser.runtime.getURL('/' as Parameters<typeof browser.runtime.getURL>[0]),
  });
  browser.runtime.onMessage.addListener((message: unknown, sender: unknown) => onLateParts(message, sender as SenderLike));
  browser.runtime.onMessage.addListener((message: unknown, sender: unknown) => {
    const reply = onMessage(message, sender as SenderLike);
    if (!reply) return undefined; // not ours: let other listeners answer
    return reply.catch((err: unknown) => {
      console.error('[calm-reader] request failed', (message as { type?: string }).type, err);
      throw err;
    });
  });

  browser.commands.onCommand.addListener((command: string, tab?: { id?: number }) => {
    void runCommandWithGeneric(command, browser.tabs, tab, openGeneric).catch((err: unknown) => {
      console.error('[calm-reader] command failed', command, err);
    });
  });

  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === SYNC_ALARM || alarm.name === WEBDAV_ALARM) return; // the sync listeners' own
    void updater.onAlarm(alarm).catch((err: unknown) => log('update check failed', err));
  });
  const schedule = () => void updater.schedule().catch((err: unknown) => log('could not schedule update checks', err));
  browser.runtime.onInstalled.addListener(schedule);
  // First run: a short welcome page (what it does, which sites, the choices that matter).
  browser.runtime.onInstalled.addListener((details) => {
    if (details.reason !== 'install') return;
    const url = browser.runtime.getURL('/welcome.html' as Parameters<typeof browser.runtime.getURL>[0]);
    void Promise.resolve(browser.tabs.create({ url })).catch((err: unknown) => log('could not open the welcome page', err));
  });
  browser.runtime.onStartup.addListener(schedule);
  // Every worker start: the alarm is kept if it already matches the settings; the badge is redrawn.
  schedule();
  void updater.refreshBadge().catch((err: unknown) => log('badge refresh failed', err));
});
