// @vitest-environment node
/**
 * WebDAV sync against a real server: rclone serving a temporary folder on loopback (see
 * scripts/webdav-server.ts). Devices are libraries in fake-indexeddb, syncing through real HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteStory, setFollowed, setReadingStatus } from '../../../../lib/library/store';
import { WebDavError } from '../../../../lib/sync/webdav/client';
import { DamagedDataError, WrongPassphraseError } from '../../../../lib/sync/webdav/crypto';
import type { SyncProgress } from '../../../../lib/sync/webdav/transport';
import { MANIFEST, parseBody, parseOuter, parseShard, shardName, shardText } from '../../../../lib/sync/webdav/format';
import { decryptText, encryptText, fromBase64, importKey, toBase64 } from '../../../../lib/sync/webdav/crypto';
import { startProxy, startWebDavServer, type WebDavServer } from '../../../../scripts/webdav-server';
import { syncedView, T0 } from '../helpers';
import { davDevice, filesOf, PASSPHRASE } from './helpers';

const S = 1000;
let server: WebDavServer;

beforeAll(async () => {
  server = await startWebDavServer();
});
afterAll(async () => {
  await server?.stop();
});

let folderN = 0;
const folder = () => `calm/t${++folderN}`;

describe('WebDAV sync against a real server', () => {
  it('two devices converge after interleaved edits, and the server holds only ciphertext', async () => {
    const f = folder();
    const a = await davDevice(server, 'a', f);
    const b = await davDevice(server, 'b', f);
    await a.read(T0, '1', 1, 'Quietly Plaintext Title');
    await a.read(T0 + 10 * S, '2', 3);
    await setFollowed(a.db, 'ao3:2', true);
    const first = await a.sync(T0 + 20 * S);
    expect(first.stories).toBe(2);
    expect(first.shardsWritten).toBeGreaterThan(0);

    await b.read(T0 + 30 * S, '3', 1);
    const pulled = await b.sync(T0 + 40 * S);
    expect(pulled.applied.sort()).toEqual(['ao3:1', 'ao3:2']);

    // Interleaved: A moves on in story 2 and removes story 1; B sets a status on story 2 and reads story 1 further... before A's removal.
    await b.read(T0 + 50 * S, '1', 2);
    await setReadingStatus(b.db, 'ao3:2', 'on-hold');
    await a.read(T0 + 60 * S, '2', 4);
    await deleteStory(a.db, 'ao3:3'); // never there on A: nothing
    await b.sync(T0 + 70 * S);
    await a.sync(T0 + 80 * S);
    await b.sync(T0 + 90 * S);
    await a.sync(T0 + 100 * S);

    const viewA = await syncedView(a.db);
    expect(viewA).toEqual(await syncedView(b.db));
    const s2 = viewA.find((s) => s.key === 'ao3:2');
    expect(s2).toMatchObject({ followed: true, readingStatus: 'on-hold', lastChapterIndex: 3 });
    expect(viewA.find((s) => s.key === 'ao3:1')?.lastChapterIndex).toBe(1);
    expect(viewA.map((s) => s.key).sort()).toEqual(['ao3:1', 'ao3:2', 'ao3:3']);

    // A removal reaches the other device.
    await deleteStory(b.db, 'ao3:3');
    await b.sync(T0 + 110 * S);
    const r = await a.sync(T0 + 120 * S);
    expect(r.removed).toEqual(['ao3:3']);
    expect(await syncedView(a.db)).toEqual(await syncedView(b.db));

    // Nothing readable on the server: no title, no story address.
    const files = filesOf(server.dir);
    const ours = [...files].filter(([name]) => name.startsWith(f + '/'));
    expect(ours.length).toBeGreaterThanOrEqual(2);
    for (const [, bytes] of ours) {
      const text = bytes.toString('latin1');
      expect(text).not.toContain('Plaintext');
      expect(text).not.toContain('archiveofourown');
      expect(text).not.toContain('ao3:');
    }
  });

  it('sends nothing when nothing changed, and one shard plus the manifest after one chapter', async () => {
    const f = folder();
    const a = await davDevice(server, 'quiet', f);
    for (let i = 0; i < 300; i++) await a.read(T0 + i * S, String(100 + i), 1);
    const steps: SyncProgress[] = [];
    await a.sync(T0 + 400 * S, { onProgress: (p) => steps.push(p) });
    // The progress bar's steps: the library merged batch by batch, then each file written, then done.
    const merging = steps.filter((p) => p.phase === 'merging' && p.total > 1);
    expect(merging.at(-1)).toEqual({ phase: 'merging', done: 300, total: 300 });
    expect(merging.length).toBeGreaterThan(3);
    const writing = steps.filter((p) => p.phase === 'writing');
    expect(writing.at(-1)!.done).toBe(writing.at(-1)!.total);
    expect(writing.at(-1)!.total).toBeGreaterThan(1);
    expect(steps.at(-1)!.phase).toBe('done');
    const before = a.client.bytesSent;
    const idle = await a.sync(T0 + 410 * S);
    expect(idle.shardsWritten).toBe(0);
    expect(a.client.bytesSent).toBe(before);
    await a.read(T0 + 420 * S, '150', 2);
    const one = await a.sync(T0 + 430 * S);
    expect(one.shardsWritten).toBe(1);
  });

  it('a wrong passphrase is told and changes nothing on the server or in the library', async () => {
    const f = folder();
    const a = await davDevice(server, 'owner', f);
    await a.read(T0, '7', 1);
    await a.sync(T0 + 10 * S);
    const before = filesOf(server.dir);
    const b = await davDevice(server, 'stranger', f);
    await b.read(T0 + 20 * S, '8', 1);
    const viewB = await syncedView(b.db);
    await expect(b.sync(T0 + 30 * S, { passphrase: 'not the passphrase' })).rejects.toBeInstanceOf(WrongPassphraseError);
    // A passphrase typed again on a device that kept the key is checked, not ignored.
    await expect(a.sync(T0 + 31 * S, { passphrase: 'not the passphrase' })).rejects.toBeInstanceOf(WrongPassphraseError);
    expect(filesOf(server.dir)).toEqual(before);
    expect(await syncedView(b.db)).toEqual(viewB);
    // With the right one it syncs.
    await b.sync(T0 + 40 * S, { passphrase: PASSPHRASE });
    expect((await syncedView(b.db)).map((s) => s.key)).toEqual(['ao3:7', 'ao3:8']);
  });

  it('a connection cut at any request of a sync loses nothing, and the next sync completes', async () => {
    const f = folder();
    const a = await davDevice(server, 'cut-a', f);
    const b = await davDevice(server, 'cut-b', f);
    for (let i = 0; i < 200; i++) await a.read(T0 + i * S, String(500 + i), 1);
    await a.sync(T0 + 300 * S);
    await b.sync(T0 + 310 * S);
    const proxy = await startProxy(server.port);
    try {
      let t = T0 + 400 * S;
      // Cut at request 1, 2, 3... of successive syncs until a sync finishes before the cut.
      for (let cut = 1; cut < 40; cut++) {
        t += 10 * S;
        await b.read(t, String(900 + cut), 1);
        await b.read(t, String(500 + cut), 2);
        proxy.requests = 0;
        proxy.cutAt = cut;
        const done = await b.sync(t + S, { url: proxy.url, maxAttempts: 1 }).then(
          () => true,
          (err: unknown) => {
            expect(err).toBeInstanceOf(WebDavError);
            return false;
          },
        );
        // The server is whole whatever happened: A reads it.
        await a.sync(t + 2 * S);
        if (done) break;
        expect(cut).toBeLessThan(39);
      }
      proxy.cutAt = 0;
      await b.sync(t + 3 * S);
      await a.sync(t + 4 * S);
      const viewA = await syncedView(a.db);
      expect(viewA).toEqual(await syncedView(b.db));
      expect(viewA.filter((s) => s.key >= 'ao3:900').length).toBeGreaterThan(3);
      expect(viewA.find((s) => s.key === 'ao3:501')?.lastChapterIndex).toBe(1);
    } finally {
      await proxy.close();
    }
  }, 120_000);

  it('two devices syncing at the same moment both end up with everything (lost races retry)', async () => {
    const f = folder();
    const a = await davDevice(server, 'race-a', f);
    const b = await davDevice(server, 'race-b', f);
    await a.read(T0, '1', 1);
    await a.sync(T0 + S);
    await b.sync(T0 + 2 * S);
    for (let round = 0; round < 4; round++) {
      const t = T0 + (10 + round * 10) * S;
      await a.read(t, String(20 + round), 1);
      await b.read(t, String(40 + round), 1);
      await Promise.all([a.sync(t + S), b.sync(t + S)]);
    }
    await a.sync(T0 + 100 * S);
    await b.sync(T0 + 101 * S);
    await a.sync(T0 + 102 * S);
    const view = await syncedView(a.db);
    expect(view).toEqual(await syncedView(b.db));
    expect(view.length).toBe(9);
  }, 60_000);

  it('a server that is down, hangs, is full or sends damaged data leaves the library and the server as they were', async () => {
    const f = folder();
    const a = await davDevice(server, 'bad', f);
    await a.read(T0, '1', 1);
    await a.sync(T0 + S);
    await a.read(T0 + 10 * S, '2', 1);
    const view = await syncedView(a.db);
    const before = filesOf(server.dir);

    // Down: nothing listens there.
    const proxy = await startProxy(server.port);
    const deadUrl = proxy.url;
    await proxy.close();
    const down = await a.sync(T0 + 20 * S, { url: deadUrl, maxAttempts: 2 }).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(WebDavError);
    expect((down as WebDavError).kind).toBe('network');

    const p = await startProxy(server.port);
    try {
      p.hang = true;
      const slow = await a.sync(T0 + 30 * S, { url: p.url, timeoutMs: 300 }).catch((e: unknown) => e);
      expect((slow as WebDavError).kind).toBe('timeout');
      expect((slow as Error).message).toMatch(/did not answer in time/);
      p.hang = false;
      p.putStatus = 507;
      const full = await a.sync(T0 + 40 * S, { url: p.url }).catch((e: unknown) => e);
      expect((full as WebDavError).kind).toBe('full');
      expect((full as Error).message).toMatch(/full/);
    } finally {
      await p.close();
    }
    expect(filesOf(server.dir)).toEqual(before);
    expect(await syncedView(a.db)).toEqual(view);

    // A manifest tampered with (written through the server, as a hostile one would serve it): refused.
    const original = before.get(`${f}/${MANIFEST}`)!;
    const manifest = JSON.parse(original.toString('utf8'));
    const put = (text: string) => a.client.put(MANIFEST, new Uint8Array(Buffer.from(text)));
    await put(JSON.stringify({ ...manifest, kdf: { ...manifest.kdf, iterations: 1000 } }));
    await expect(a.sync(T0 + 50 * S, { maxAttempts: 2 })).rejects.toBeInstanceOf(DamagedDataError);
    const body = Buffer.from(manifest.body, 'base64');
    body[body.length - 1] ^= 1;
    await put(JSON.stringify({ ...manifest, body: body.toString('base64') }));
    await expect(a.sync(T0 + 60 * S, { maxAttempts: 2 })).rejects.toBeInstanceOf(DamagedDataError);
    expect(await syncedView(a.db)).toEqual(view);
    await put(original.toString('utf8'));
    const healed = await a.sync(T0 + 70 * S);
    expect(healed.stories).toBe(2);
  }, 60_000);

  it('keeps records it cannot read (a site this version does not know) for the devices that can', async () => {
    const f = folder();
    const a = await davDevice(server, 'keeper', f);
    await a.read(T0, '1', 1);
    await a.sync(T0 + S);
    // Another (newer) device adds a record of a site this version does not know, and a hostile one.
    const key = await importKey(a.keyring!.key);
    const outer = parseOuter(new TextDecoder().decode((await a.client.get(MANIFEST, 1e6))!.body));
    const body = parseBody((await decryptText(key, fromBase64(outer.body)!, 'manifest'))!);
    expect(body.shards).toBe(1);
    const old = body.files[0];
    const records = parseShard((await decryptText(key, (await a.client.get(old, 1e6))!.body, old))!);
    const future = ['A Story From Elsewhere', 'future.example/s/9', 1, 100];
    records['futuresite:9'] = future;
    records['ao3:666'] = ['Evil', 'javascript:alert(1)', 1, 100];
    const name = shardName(0);
    await a.client.put(name, await encryptText(key, shardText(records), name));
    const next = { ...body, files: [name], rev: body.rev + 1 };
    await a.client.put(MANIFEST, new TextEncoder().encode(JSON.stringify({ ...outer, body: toBase64(await encryptText(key, JSON.stringify(next), 'manifest')) })));

    await a.read(T0 + 10 * S, '2', 1);
    const r = await a.sync(T0 + 20 * S);
    expect(r.shardsWritten).toBe(1);
    const after = parseBody((await decryptText(key, fromBase64(parseOuter(new TextDecoder().decode((await a.client.get(MANIFEST, 1e6))!.body)).body)!, 'manifest'))!);
    const kept = parseShard((await decryptText(key, (await a.client.get(after.files[0], 1e6))!.body, after.files[0]))!);
    expect(kept['futuresite:9']).toEqual(future);
    expect(Object.keys(kept).sort()).toEqual(['ao3:1', 'ao3:2', 'ao3:666', 'futuresite:9']);
    // Neither reached the library.
    expect((await syncedView(a.db)).map((s) => s.key)).toEqual(['ao3:1', 'ao3:2']);
  });
});
