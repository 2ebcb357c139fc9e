/** Reader settings persisted in extension storage; every open reader view follows changes live. */
import { normalizeSettings, SETTINGS_KEY, type ReaderSettings } from './settings';

/** The part of browser.storage this module needs (browser.storage in the extension, a fake in tests). */
export interface StorageLike {
  local: {
    get(keys: string | string[]): Promise<Record<string, unknown>>;
    set(items: Record<string, unknown>): Promise<void>;
  };
  onChanged: {
    addListener(cb: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void;
    removeListener(cb: (changes: Record<string, { newValue?: unknown }>, area: string) => void): void;
  };
}

export async function loadSettings(storage: StorageLike): Promise<ReaderSettings> {
  const got = await storage.local.get(SETTINGS_KEY);
  return normalizeSettings(got[SETTINGS_KEY]);
}

/** Merge a patch into the stored settings and return the result (validated). */
export async function saveSettings(storage: StorageLike, patch: Partial<ReaderSettings>): Promise<ReaderSettings> {
  const next = normalizeSettings({ ...(await loadSettings(storage)), ...patch });
  await storage.local.set({ [SETTINGS_KEY]: next });
  return next;
}

/** Call `cb` with the new settings whenever they change; returns an unsubscribe function. */
export function watchSettings(storage: StorageLike, cb: (s: ReaderSettings) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && SETTINGS_KEY in changes) cb(normalizeSettings(changes[SETTINGS_KEY].newValue));
  };
  storage.onChanged.addListener(listener);
  return () => storage.onChanged.removeListener(listener);
}
