// @vitest-environment node
/**
 * The worker's side of WebDAV sync (lib/sync/webdav/service.ts) against the real server: what is
 * kept where, a missing host permission, a wrong passphrase, forgetting; and both transports on
 * at once (browser sync between two devices, WebDAV between two others, one device on both).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openLibrary } from '../../../../lib/library/schema';
import { recordVisit, setReadingStatus } from '../../../../lib/library/store';
import { syncOnce } from '../../../../lib/sync/engine';
import { createMemorySyncBackend } from '../../../../lib/sync/memory-area';
import { createWebDavService, WEBDAV_CONFIG_KEY, WEBDAV_KEYRING_KEY } from '../../../../lib/sync/webdav/service';
import { startWebDavServer, type WebDavServer } from '../../../../scripts/webdav-server';
import { ao3, freshName, memoryLocal, syncedView, T0, visit } from '../helpers';
import { davDevice, PASSPHRASE } from './helpers';

let server: WebDavServer;
beforeAll(async () => {
  server = await startWebDavServer();
});
afterAll(async () => {
  await server?.stop();
});

const S = 1000;

function service(allowed: boolean) {
  const local = Object.assign(memoryLocal(), {
    async remove(keys: string | string[]) {
      for (const k of typeof keys === 'string' ? [keys] : keys) local.data.delete(k);
    },
  });
  const granted: string[][] = [];
  const dbp = openLibrary(freshName('dav-service'));
  let now = T0;
  const svc = createWebDavService({
    db: () => dbp,
    local,
    now: () => now,
    permissions: {
      async contains(p) {
        granted.push(p.origins);
        return allowed;
      },
    },
    debounceMs: 0,
  });
  return { svc, local, dbp, granted, tick: (ms: number) => (now += ms) };
}

describe('WebDAV service in the worker', () => {
  it('keeps settings and the key in local storage only, never the passphrase; reports runs and errors', async () => {
    const { svc, local, dbp, granted, tick } = service(true);
    await recordVisit(await dbp, visit(ao3('1', 1)), T0 - 10 * S);
    const req = { url: server.url, user: server.user, password: server.pass, folder: 'svc/one', passphrase: PASSPHRASE };
    await expect(svc.save({ ...req, passphrase: 'short' })).rejects.toThrow(/at least 8/);
    await expect(svc.save({ ...req, url: 'javascript:alert(1)' })).rejects.toThrow(/https/);
    const started = await svc.save(req);
    expect(started.running).toBe(true);
    await svc.idle();
    const s = await svc.status();
    expect(s).toMatchObject({ configured: true, hasKey: true, hasPassword: true, lastError: null, stories: 1, lastSyncAt: T0 });
    expect(JSON.stringify(s)).not.toContain(server.pass);
    expect(granted).toEqual([['http://127.0.0.1/*']]);
    const stored = JSON.stringify([...local.data]);
    expect(stored).not.toContain(PASSPHRASE);
    expect(local.data.get(WEBDAV_CONFIG_KEY)).toMatchObject({ url: server.url, password: server.pass });
    expect(local.data.has(WEBDAV_KEYRING_KEY)).toBe(true);

    // Later runs need no passphrase: the key is kept.
    tick(60 * S);
    await recordVisit(await dbp, visit(ao3('2', 1)), T0 + 50 * S);
    svc.poke();
    await vi.waitFor(async () => expect((await svc.status()).stories).toBe(2), { timeout: 20_000, interval: 20 });

    // Forgetting removes settings, key and status.
    const gone = await svc.forget();
    expect(gone).toMatchObject({ configured: false, hasKey: false, lastSyncAt: null });
    expect(local.data.size).toBe(0);
  });

  it('says so when the host permission is missing or the passphrase is wrong, and writes nothing', async () => {
    const denied = service(false);
    await denied.svc.save({ url: server.url, user: server.user, password: server.pass, folder: 'svc/two', passphrase: PASSPHRASE });
    await denied.svc.idle();
    expect((await denied.svc.status()).lastError).toMatch(/may not reach 127\.0\.0\.1.*Sync now/);

    const owner = service(true);
    await owner.svc.save({ url: server.url, user: server.user, password: server.pass, folder: 'svc/two', passphrase: PASSPHRASE });
    await owner.svc.idle();
    const other = service(true);
    await other.svc.save({ url: server.url, user: server.user, password: server.pass, folder: 'svc/two', passphrase: 'another passphrase' });
    await other.svc.idle();
    const st = await other.svc.status();
    expect(st.lastError).toMatch(/Wrong passphrase/);
    expect(st.hasKey).toBe(false);
  });

  it('both transports at once: browser sync and WebDAV carry one device’s change to every other device', async () => {
    const backend = createMemorySyncBackend();
    // Hub: browser sync and WebDAV. Browser-only: browser sync. Dav-only: WebDAV.
    const hub = await davDevice(server, 'hub', 'svc/both');
    const hubArea = backend.device('hub');
    const hubLocal = memoryLocal();
    const browserOnly = await openLibrary(freshName('browser-only'));
    const browserArea = backend.device('browser-only');
    const browserLocal = memoryLocal();
    const davOnly = await davDevice(server, 'dav-only', 'svc/both');
    const hubSync = async (t: number) => {
      await syncOnce(hub.db, hubArea, t, { local: hubLocal });
      await hub.sync(t);
      await syncOnce(hub.db, hubArea, t, { local: hubLocal });
    };

    await recordVisit(browserOnly, visit(ao3('10', 2)), T0);
    await syncOnce(browserOnly, browserArea, T0 + S, { local: browserLocal });
    await davOnly.read(T0 + 2 * S, '20', 1);
    await davOnly.sync(T0 + 3 * S);
    await hubSync(T0 + 4 * S);
    await davOnly.sync(T0 + 5 * S);
    await syncOnce(browserOnly, browserArea, T0 + 6 * S, { local: browserLocal });

    // A change on the WebDAV-only device reaches the browser-sync-only one through the hub.
    await setReadingStatus(davOnly.db, 'ao3:10', 'completed');
    await davOnly.sync(T0 + 10 * S);
    await hubSync(T0 + 11 * S);
    await syncOnce(browserOnly, browserArea, T0 + 12 * S, { local: browserLocal });
    await davOnly.sync(T0 + 13 * S);

    const view = await syncedView(hub.db);
    expect(view.map((s) => s.key)).toEqual(['ao3:10', 'ao3:20']);
    expect(view.find((s) => s.key === 'ao3:10')?.readingStatus).toBe('completed');
    expect(await syncedView(browserOnly)).toEqual(view);
    expect(await syncedView(davOnly.db)).toEqual(view);
  });
});
