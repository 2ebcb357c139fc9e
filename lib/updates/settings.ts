/** Update-check settings, kept in the library's meta store (so a backup carries them). */
import type { UpdateSettings } from '../protocol/messages';
import type { LibraryDB } from '../library/schema';
import { getMeta, setMeta } from '../library/store';

export const UPDATE_SETTINGS_KEY = 'updateSettings';
export const DEFAULT_UPDATE_SETTINGS: Readonly<UpdateSettings> = { intervalMinutes: 180, notify: false };
/** Shortest interval between automatic checks: the sites are asked politely. */
export const MIN_INTERVAL_MINUTES = 30;
export const MAX_INTERVAL_MINUTES = 7 * 24 * 60;

/** Settings from anything (stored value, a message): unknown or bad fields fall back to defaults. */
export function normalizeSettings(raw: unknown, base: UpdateSettings = DEFAULT_UPDATE_SETTINGS): UpdateSettings {
  const r = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  let interval = base.intervalMinutes;
  if (typeof r.intervalMinutes === 'number' && Number.isFinite(r.intervalMinutes)) {
    const m = Math.round(r.intervalMinutes);
    interval = m <= 0 ? 0 : Math.min(MAX_INTERVAL_MINUTES, Math.max(MIN_INTERVAL_MINUTES, m));
  }
  const notify = typeof r.notify === 'boolean' ? r.notify : base.notify;
  return { intervalMinutes: interval, notify };
}

export async function getUpdateSettings(db: LibraryDB): Promise<UpdateSettings> {
  return normalizeSettings(await getMeta(db, UPDATE_SETTINGS_KEY));
}

/** Apply a patch; returns the settings now in force. */
export async function patchUpdateSettings(db: LibraryDB, patch: unknown): Promise<UpdateSettings> {
  const current = await getUpdateSettings(db);
  const next = normalizeSettings(patch, current);
  await setMeta(db, UPDATE_SETTINGS_KEY, next);
  return next;
}
