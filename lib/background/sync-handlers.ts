/**
 * The background's answers to the sync requests: the settings page's status line and the
 * "Sync across devices" switch. Spread into createHandlers (lib/background/handlers.ts) without a
 * transport (sync then reports itself unavailable); the background worker overrides them with
 * the real storage.sync area and its scheduler.
 */
import type { BackgroundRequests, Handlers } from '../protocol/messages';
import type { LibraryDB } from '../library/schema';
import { setSyncEnabled, syncStatus } from '../sync/engine';
import { SYNC_QUOTA, type LocalArea, type SyncArea, type SyncStatus } from '../sync/types';
import type { WebDavService, WebDavStatus } from '../sync/webdav/service';

export interface SyncTransport {
  /** browser.storage.sync */
  area: SyncArea;
  /** browser.storage.local (the on/off switch, reader settings) */
  local: LocalArea;
  /** Sync soon (after the switch is turned on). */
  poke?(): void;
}

export interface SyncHandlerDeps {
  db: Promise<LibraryDB> | (() => Promise<LibraryDB>);
  now: () => number;
  /** Absent where there is no storage.sync (or in contexts that do not sync). */
  sync?: SyncTransport;
  /** Sync through the reader's WebDAV server (absent in contexts that do not sync). */
  webdav?: WebDavService;
}

export type SyncHandlers = Pick<
  Handlers<BackgroundRequests>,
  'sync/status' | 'sync/set-enabled' | 'webdav/status' | 'webdav/save' | 'webdav/sync-now' | 'webdav/forget'
>;

export const WEBDAV_UNAVAILABLE = 'Sync with your own server runs in the extension itself, not here.';

function webdavUnavailable(): WebDavStatus {
  return {
    configured: false,
    url: '',
    user: '',
    folder: '',
    hasPassword: false,
    hasKey: false,
    running: false,
    progress: null,
    lastSyncAt: null,
    lastError: WEBDAV_UNAVAILABLE,
    stories: null,
  };
}

export const SYNC_UNAVAILABLE = "This browser has no sync storage, so your library stays on this device.";

/** The status shown where sync cannot run at all. */
export function unavailableStatus(): SyncStatus {
  return {
    enabled: false,
    storiesSynced: 0,
    storiesTotal: 0,
    bytesUsed: 0,
    quotaBytes: SYNC_QUOTA.QUOTA_BYTES,
    overflow: false,
    newerFormat: false,
    lastSyncAt: null,
    lastError: SYNC_UNAVAILABLE,
  };
}

export function createSyncHandlers(deps: SyncHandlerDeps): SyncHandlers {
  const db = () => (typeof deps.db === 'function' ? deps.db() : deps.db);
  const status = async (sync: SyncTransport, fresh = false) => syncStatus(await db(), sync.area, sync.local, deps.now(), { fresh });
  return {
    'sync/status': async () => (deps.sync ? status(deps.sync) : unavailableStatus()),
    'sync/set-enabled': async ({ enabled }) => {
      if (typeof enabled !== 'boolean') throw new Error('sync/set-enabled: invalid enabled');
      const sync = deps.sync;
      if (!sync) return unavailableStatus();
      await setSyncEnabled(sync.local, enabled);
      if (enabled) sync.poke?.();
      return status(sync, true);
    },
    'webdav/status': async () => (deps.webdav ? deps.webdav.status() : webdavUnavailable()),
    'webdav/save': async ({ url, user, password, folder, passphrase }) =>
      deps.webdav ? deps.webdav.save({ url, user, password, folder, passphrase }) : webdavUnavailable(),
    'webdav/sync-now': async () => (deps.webdav ? deps.webdav.syncNow() : webdavUnavailable()),
    'webdav/forget': async () => (deps.webdav ? deps.webdav.forget() : webdavUnavailable()),
  };
}
