/**
 * Where the WebDAV settings and key live: a small IndexedDB database of the extension's own origin.
 * Not storage.local (the extension's content scripts, which read hostile pages, can read that),
 * not the library's database (its meta store goes into backup files), never browser sync.
 */
import { openDB, type IDBPDatabase } from 'idb';
import type { LocalArea } from '../types';

export const SECRETS_DB = 'calm-reader-webdav';
export const SECRETS_STORE = 'kv';

export interface SecretArea extends LocalArea {
  remove(keys: string | string[]): Promise<void>;
}

export function createSecretArea(name = SECRETS_DB): SecretArea {
  let db: Promise<IDBPDatabase> | null = null;
  const open = () => {
    if (!db) {
      db = openDB(name, 1, {
        upgrade(d) {
          d.createObjectStore(SECRETS_STORE);
        },
      });
      db.then((d) => d.addEventListener('close', () => (db = null))).catch(() => (db = null));
    }
    return db;
  };
  return {
    async get(keys) {
      const d = await open();
      const out: Record<string, unknown> = {};
      for (const k of typeof keys === 'string' ? [keys] : keys) {
        const v: unknown = await d.get(SECRETS_STORE, k);
        if (v !== undefined) out[k] = v;
      }
      return out;
    },
    async set(items) {
      const tx = (await open()).transaction(SECRETS_STORE, 'readwrite');
      await Promise.all([...Object.entries(items).map(([k, v]) => tx.store.put(v, k)), tx.done]);
    },
    async remove(keys) {
      const tx = (await open()).transaction(SECRETS_STORE, 'readwrite');
      await Promise.all([...(typeof keys === 'string' ? [keys] : keys).map((k) => tx.store.delete(k)), tx.done]);
    },
  };
}
