/**
 * Reader settings through sync: the local settings (storage.local) with a change time kept in a
 * shadow like the stories' fields; the side that changed them last wins.
 */
import type { LibraryDB } from '../library/schema';
import { DEFAULT_SETTINGS, normalizeSettings, SETTINGS_KEY } from '../settings/settings';
import { latestAllowed } from '../library/clock';
import { decodeSettings, SETTINGS_ITEM, toSecond, type SyncedSettings } from './codec';
import type { LocalArea } from './types';

export const SETTINGS_SHADOW_KEY = 'sync:settings';

export interface SettingsShadow {
  /** JSON of the normalized settings as last seen. */
  json: string;
  at: number;
}

async function readLocalSettings(local: LocalArea): Promise<string> {
  const got = await local.get(SETTINGS_KEY);
  return JSON.stringify(normalizeSettings(got[SETTINGS_KEY]));
}

const DEFAULT_SETTINGS_JSON = JSON.stringify(DEFAULT_SETTINGS);

/** Local settings with their change time (stamped like story fields). */
export async function observeSettings(db: LibraryDB, local: LocalArea, now: number, dry: boolean): Promise<SettingsShadow> {
  const json = await readLocalSettings(local);
  const old = (await db.get('meta', SETTINGS_SHADOW_KEY)) as SettingsShadow | undefined;
  let next: SettingsShadow;
  if (!old) {
    // Never synced here: defaults lose to anything, and so do settings from before sync (a new
    // device takes the reader's synced settings).
    next = { json, at: json === DEFAULT_SETTINGS_JSON ? 0 : 1000 };
  } else if (old.json !== json) {
    next = { json, at: Math.max(toSecond(now), Math.min(old.at, toSecond(latestAllowed(now))) + 1000) };
  } else next = old;
  if (!dry && next !== old) await db.put('meta', next, SETTINGS_SHADOW_KEY);
  return next;
}

export function mergeSettings(a: SyncedSettings, b: SyncedSettings): SyncedSettings {
  if (a.at !== b.at) return a.at > b.at ? a : b;
  return JSON.stringify(a.value) >= JSON.stringify(b.value) ? a : b;
}

/** Take the other devices' reader settings when they changed them last. Returns whether it did. */
export async function pullSettings(db: LibraryDB, all: Record<string, unknown>, local: LocalArea, now: number): Promise<boolean> {
  const remoteSettings = decodeSettings(all[SETTINGS_ITEM], now);
  const mine = await observeSettings(db, local, now, false);
  if (!remoteSettings || mergeSettings({ at: mine.at, value: JSON.parse(mine.json) }, remoteSettings) !== remoteSettings)
    return false;
  // The other device changed its settings last: take them.
  const json = JSON.stringify(normalizeSettings(remoteSettings.value));
  if (json !== mine.json) await local.set({ [SETTINGS_KEY]: JSON.parse(json) });
  if (json !== mine.json || remoteSettings.at !== mine.at)
    await db.put('meta', { json, at: remoteSettings.at } satisfies SettingsShadow, SETTINGS_SHADOW_KEY);
  return json !== mine.json;
}
