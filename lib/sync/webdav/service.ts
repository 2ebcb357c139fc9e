/**
 * WebDAV sync in the background worker: the reader's settings (kept in this browser only, never in
 * browser sync: the worker passes secrets.ts's IndexedDB area), one run at a time with its progress, the outcome for the options page, and runs after
 * local changes (debounced) and on the sync alarm.
 *
 * Host permission: the worker can reach the server only once the reader allowed that origin. The
 * options page asks for it in the click on "Save and sync" / "Sync now" (permissions.request needs
 * the gesture); the worker only checks it, and says so when it is missing.
 */
import type { LibraryDB } from '../../library/schema';
import type { LocalArea } from '../types';
import { originPattern, WebDavClient, WebDavError, baseUrlOf, type Fetch, type WebDavConfig } from './client';
import { DamagedDataError, WrongPassphraseError } from './crypto';
import { PassphraseNeededError, syncWebDav, type Keyring, type SyncProgress } from './transport';
import { t } from '../../i18n';

export const WEBDAV_CONFIG_KEY = 'webdavConfig';
export const WEBDAV_KEYRING_KEY = 'webdavKey';
export const WEBDAV_STATE_KEY = 'webdavState';

/** What the options page shows. */
export interface WebDavStatus {
  configured: boolean;
  url: string;
  user: string;
  folder: string;
  /** An app password is saved (it is never sent back to the page). */
  hasPassword: boolean;
  /** A key is saved (the passphrase itself is never kept). */
  hasKey: boolean;
  running: boolean;
  progress: SyncProgress | null;
  lastSyncAt: number | null;
  lastError: string | null;
  /** Stories on the server after the last run. */
  stories: number | null;
}

interface StoredState {
  lastSyncAt: number | null;
  lastError: string | null;
  stories: number | null;
}

export interface SaveRequest {
  url: string;
  user: string;
  /** Empty: keep the saved one. */
  password: string;
  folder: string;
  /** Empty: keep the saved key. */
  passphrase: string;
}

export interface PermissionsLike {
  contains(p: { origins: string[] }): Promise<boolean>;
}

export interface WebDavServiceDeps {
  db: () => Promise<LibraryDB>;
  local: LocalArea & { remove?(keys: string | string[]): Promise<void> };
  now: () => number;
  permissions?: PermissionsLike;
  fetch?: Fetch;
  timeoutMs?: number;
  /** Wait after a local change before syncing (default DEBOUNCE_MS). */
  debounceMs?: number;
  log?: (message: string, detail?: unknown) => void;
}

export interface WebDavService {
  status(): Promise<WebDavStatus>;
  /** Save the settings and start a run (the passphrase, when given, derives the key). */
  save(req: SaveRequest): Promise<WebDavStatus>;
  /** Start a run now. */
  syncNow(): Promise<WebDavStatus>;
  /** Forget the settings, the key and the status (the server keeps its files). */
  forget(): Promise<WebDavStatus>;
  /** Something changed locally: sync in a while. */
  poke(): void;
  /** The current run, if any (tests, the alarm). */
  idle(): Promise<void>;
}

export const MAX_FIELD = 2048;
/**
 * Wait after a local change before syncing: shorter than the 30 s after which Chrome stops an idle
 * worker (its timers die with it; the 15-minute alarm is the fallback).
 */
export const DEBOUNCE_MS = 20_000;
const MAX_WAIT_MS = 60_000;

function errorText(err: unknown): string {
  if (err instanceof WebDavError || err instanceof WrongPassphraseError || err instanceof DamagedDataError || err instanceof PassphraseNeededError)
    return err.message;
  return `Sync with your server failed: ${err instanceof Error ? err.message : String(err)}`;
}

const text = (v: unknown, what: string) => {
  if (typeof v !== 'string' || v.length > MAX_FIELD) throw new Error(`webdav/save: invalid ${what}`);
  return v.trim();
};

export function createWebDavService(deps: WebDavServiceDeps): WebDavService {
  const log = deps.log ?? (() => undefined);
  let running: Promise<void> | null = null;
  let progress: SyncProgress | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let firstPokeAt = 0;
  const cache = new Map<string, string>();

  const read = async () => {
    const got = await deps.local.get([WEBDAV_CONFIG_KEY, WEBDAV_KEYRING_KEY, WEBDAV_STATE_KEY]);
    return {
      config: (got[WEBDAV_CONFIG_KEY] as WebDavConfig | undefined) ?? null,
      keyring: (got[WEBDAV_KEYRING_KEY] as Keyring | undefined) ?? null,
      state: (got[WEBDAV_STATE_KEY] as StoredState | undefined) ?? { lastSyncAt: null, lastError: null, stories: null },
    };
  };

  const status = async (): Promise<WebDavStatus> => {
    const { config, keyring, state } = await read();
    return {
      configured: !!config,
      url: config?.url ?? '',
      user: config?.user ?? '',
      folder: config?.folder ?? '',
      hasPassword: !!config?.password,
      hasKey: !!keyring,
      running: running !== null,
      progress,
      ...state,
    };
  };

  const setState = async (patch: Partial<StoredState>) => {
    const { state } = await read();
    await deps.local.set({ [WEBDAV_STATE_KEY]: { ...state, ...patch } });
  };

  async function run(passphrase?: string): Promise<void> {
    const { config, keyring } = await read();
    if (!config) return;
    progress = { phase: 'reading', done: 0, total: 0 };
    try {
      const pattern = originPattern(config.url);
      if (deps.permissions && !(await deps.permissions.contains({ origins: [pattern] })))
        throw new Error(t('davErrNoPermission', new URL(config.url).host));
      const client = new WebDavClient(config, { fetch: deps.fetch, timeoutMs: deps.timeoutMs });
      const result = await syncWebDav(await deps.db(), client, deps.now(), {
        keyring,
        passphrase: passphrase || undefined,
        cache,
        onProgress: (p) => (progress = p),
      });
      if (JSON.stringify(result.keyring) !== JSON.stringify(keyring)) await deps.local.set({ [WEBDAV_KEYRING_KEY]: result.keyring });
      await setState({ lastSyncAt: deps.now(), lastError: null, stories: result.stories });
    } catch (err) {
      log('WebDAV sync failed', err);
      await setState({ lastError: errorText(err) });
    } finally {
      progress = null;
    }
  }

  /** Start a run (after the one going, if any: a change made during a run goes out in the next). */
  const start = (passphrase?: string): Promise<void> => {
    const next: Promise<void> = (running ?? Promise.resolve()).then(() => run(passphrase)).finally(() => {
      if (running === next) running = null;
    });
    running = next;
    return next;
  };

  return {
    status,
    async save(req) {
      const next: WebDavConfig = {
        url: text(req.url, 'url'),
        user: text(req.user, 'user'),
        password: typeof req.password === 'string' ? req.password : '',
        folder: text(req.folder, 'folder') || 'calm-reader',
      };
      const passphrase = typeof req.passphrase === 'string' ? req.passphrase : '';
      if (passphrase.length > MAX_FIELD || next.password.length > MAX_FIELD) throw new Error('webdav/save: invalid field');
      baseUrlOf(next); // throws a WebDavError the page shows
      const { config, keyring } = await read();
      if (!next.password && config) next.password = config.password;
      const sameFolder = config && config.url === next.url && config.folder === next.folder && config.user === next.user;
      if (!passphrase && !(sameFolder && keyring)) throw new Error(t('davErrChoosePassphrase'));
      if (passphrase && passphrase.length < 8) throw new Error(t('davErrShortPassphrase'));
      await deps.local.set({ [WEBDAV_CONFIG_KEY]: next, [WEBDAV_STATE_KEY]: { lastSyncAt: null, lastError: null, stories: null } });
      // Another folder: the old key means nothing there.
      if (!sameFolder && deps.local.remove) await deps.local.remove(WEBDAV_KEYRING_KEY);
      cache.clear();
      void start(passphrase || undefined);
      return status();
    },
    async syncNow() {
      void start();
      return status();
    },
    async forget() {
      if (running) await running;
      if (deps.local.remove) await deps.local.remove([WEBDAV_CONFIG_KEY, WEBDAV_KEYRING_KEY, WEBDAV_STATE_KEY]);
      cache.clear();
      return status();
    },
    poke() {
      // While the reader keeps reading (a position save every few seconds), the run waits for a
      // pause, but never more than MAX_WAIT_MS after the first change.
      const at = Date.now();
      if (timer !== null) {
        if (at - firstPokeAt > MAX_WAIT_MS) return;
        clearTimeout(timer);
      } else firstPokeAt = at;
      timer = setTimeout(() => {
        timer = null;
        void read().then(({ config }) => (config ? start() : undefined));
      }, deps.debounceMs ?? DEBOUNCE_MS);
    },
    idle: async () => {
      while (running) await running;
    },
  };
}
