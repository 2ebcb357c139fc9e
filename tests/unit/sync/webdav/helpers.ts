import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openLibrary, type LibraryDB } from '../../../../lib/library/schema';
import { recordVisit } from '../../../../lib/library/store';
import { WebDavClient } from '../../../../lib/sync/webdav/client';
import { syncWebDav, type Keyring, type WebDavSyncOptions } from '../../../../lib/sync/webdav/transport';
import type { WebDavServer } from '../../../../scripts/webdav-server';
import { ao3, freshName, visit } from '../helpers';

export const PASSPHRASE = 'correct horse battery staple';

export interface DavDevice {
  db: LibraryDB;
  keyring: Keyring | null;
  client: WebDavClient;
  sync(now: number, opts?: WebDavSyncOptions & { url?: string; timeoutMs?: number }): ReturnType<typeof syncWebDav>;
  read(now: number, id: string, chapter: number, title?: string): Promise<void>;
}

export async function davDevice(server: WebDavServer, name: string, folder = 'calm/sync'): Promise<DavDevice> {
  const db = await openLibrary(freshName(`dav-${name}`));
  const cfg = { url: server.url, user: server.user, password: server.pass, folder };
  const dev: DavDevice = {
    db,
    keyring: null,
    client: new WebDavClient(cfg),
    async sync(now, opts = {}) {
      const client = opts.url || opts.timeoutMs ? new WebDavClient({ ...cfg, url: opts.url ?? cfg.url }, { timeoutMs: opts.timeoutMs }) : dev.client;
      const r = await syncWebDav(db, client, now, { keyring: dev.keyring, passphrase: dev.keyring ? undefined : PASSPHRASE, ...opts });
      dev.keyring = r.keyring;
      return r;
    },
    async read(now, id, chapter, title) {
      await recordVisit(db, visit(ao3(id, chapter, title)), now);
    },
  };
  return dev;
}

/** Every file under `dir` with its bytes (to show the server unchanged, or to look for plaintext). */
export function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string, rel: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${rel}${e.name}/`);
      else out.set(rel + e.name, readFileSync(join(d, e.name)));
    }
  };
  walk(dir, '');
  return out;
}
