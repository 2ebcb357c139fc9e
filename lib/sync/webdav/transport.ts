/**
 * Sync through the reader's own WebDAV storage, end-to-end encrypted. Same records, same merge
 * rules and the same library read and write phases as browser sync (engine.mergeIntoLibrary,
 * merge.ts, codec.ts); only the transport differs, and it has no size budget: every story is synced.
 *
 * One run (syncWebDav):
 * 1. Read the manifest (its ETag too) and check the key against it; read every shard it lists.
 *    Everything is decrypted (a wrong passphrase stops here, before anything is written anywhere)
 *    and decoded as storage.sync items are: times clamped, URLs of the story's own site only.
 * 2. Merge the remote records into the library (engine write phase), and the library into them.
 * 3. Write the shards whose records changed, each under a new name, then the manifest with
 *    If-Match (If-None-Match for a new folder). A server that honours them answers 412 to a lost
 *    race; one that does not (rclone 1.60 ignores both) is caught by reading the manifest back:
 *    another device's text there means the race was lost. Either way: re-read, merge, retry
 *    (MAX_ATTEMPTS), and delete the shards this run wrote for nothing.
 * A failure anywhere leaves the library as the merge left it (only ever newer data) and the
 * server as it was: the manifest is written last, and nothing is overwritten in place.
 *
 * Residual race on servers without If-Match: a device whose manifest PUT lands after another's
 * read-back check replaces that manifest. Nothing is lost: the device whose write was replaced
 * still has its changes in its library, and its next run (in minutes) finds the server short of
 * them and writes them again.
 */
import type { LibraryDB } from '../../library/schema';
import { decodeEntry, encodeEntry, itemKeyOf } from '../codec';
import { mergeIntoLibrary } from '../engine';
import { TOMBSTONE_TTL } from '../observe';
import { mergeEntries } from '../merge';
import type { SyncEntry } from '../types';
import { WebDavClient, WebDavError } from './client';
import {
  decryptText,
  deriveKey,
  encryptText,
  exportKey,
  fromBase64,
  importKey,
  keyCheck,
  PBKDF2_ITERATIONS,
  randomBytes,
  SALT_BYTES,
  toBase64,
  verifyKeyCheck,
  WrongPassphraseError,
  DamagedDataError,
} from './crypto';
import {
  APP,
  emptyBody,
  GARBAGE_AFTER_MS,
  MANIFEST,
  MAX_MANIFEST_BYTES,
  MAX_SHARD_BYTES,
  parseBody,
  parseOuter,
  parseShard,
  shardCountFor,
  shardName,
  shardOf,
  shardText,
  WEBDAV_FORMAT,
  type ManifestBody,
  type ManifestOuter,
} from './format';
import { t } from '../../i18n';

export const MAX_ATTEMPTS = 5;
/** Shards read or written at once. */
const PARALLEL = 4;
const MANIFEST_AAD = 'manifest';

/** The key as kept in storage.local (never in browser sync): derived from the passphrase and the folder's salt. */
export interface Keyring {
  salt: string;
  iterations: number;
  /** Raw AES key, base64. */
  key: string;
}

export class PassphraseNeededError extends Error {
  constructor() {
    super(t('davErrNewPassphrase'));
    this.name = 'PassphraseNeededError';
  }
}

export interface SyncProgress {
  phase: 'reading' | 'merging' | 'writing' | 'done';
  done: number;
  total: number;
}

export interface WebDavSyncOptions {
  /** The key kept from an earlier run. */
  keyring?: Keyring | null;
  /** The passphrase, when the reader just typed it (needed the first time, or after the salt changed). */
  passphrase?: string;
  onProgress?: (p: SyncProgress) => void;
  /** Decrypted shard texts by file name (shard files never change under one name). */
  cache?: Map<string, string>;
  maxAttempts?: number;
}

export interface WebDavSyncResult {
  keyring: Keyring;
  /** Story keys the remote changed in the library. */
  applied: string[];
  removed: string[];
  /** Stories (not removals) now on the server. */
  stories: number;
  /** Shard files written by the successful attempt (0: the server was already up to date). */
  shardsWritten: number;
  attempts: number;
}

interface RemoteState {
  /** null: no manifest yet. */
  outer: ManifestOuter | null;
  etag: string | null;
  text: string | null;
  body: ManifestBody;
  key: CryptoKey;
  keyring: Keyring;
  /** Raw records of every shard, by shard index. */
  shards: Array<Map<string, unknown>>;
  /** Shards to rewrite even if unchanged (missing on the server). */
  broken: Set<number>;
}

class RestartError extends Error {}

const dec = new TextDecoder();

async function keyFor(outer: ManifestOuter | null, opts: WebDavSyncOptions): Promise<{ key: CryptoKey; keyring: Keyring }> {
  const kr = opts.keyring;
  if (outer) {
    // The kept key, unless the reader typed the passphrase now (then that one is checked).
    if (kr && opts.passphrase === undefined && kr.salt === outer.kdf.salt && kr.iterations === outer.kdf.iterations) {
      const key = await importKey(kr.key);
      if (await verifyKeyCheck(key, outer.check)) return { key, keyring: kr };
      throw new WrongPassphraseError();
    }
    if (opts.passphrase === undefined) throw new PassphraseNeededError();
    const key = await deriveKey(opts.passphrase, fromBase64(outer.kdf.salt) as Uint8Array<ArrayBuffer>, outer.kdf.iterations);
    if (!(await verifyKeyCheck(key, outer.check))) throw new WrongPassphraseError();
    return { key, keyring: { salt: outer.kdf.salt, iterations: outer.kdf.iterations, key: await exportKey(key) } };
  }
  // A new folder: the passphrase typed now wins over a key kept for a folder that is gone.
  if (opts.passphrase === undefined && kr) return { key: await importKey(kr.key), keyring: kr };
  if (opts.passphrase === undefined) throw new PassphraseNeededError();
  const salt = randomBytes(SALT_BYTES);
  const key = await deriveKey(opts.passphrase, salt, PBKDF2_ITERATIONS);
  return { key, keyring: { salt: toBase64(salt), iterations: PBKDF2_ITERATIONS, key: await exportKey(key) } };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (t: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function readManifest(client: WebDavClient): Promise<{ text: string; etag: string | null } | null> {
  const got = await client.get(MANIFEST, MAX_MANIFEST_BYTES);
  return got ? { text: dec.decode(got.body), etag: got.etag } : null;
}

/** Step 1: the manifest, the key and every shard. Writes nothing. */
async function readRemote(client: WebDavClient, opts: WebDavSyncOptions): Promise<RemoteState> {
  const m = await readManifest(client);
  const outer = m ? parseOuter(m.text) : null;
  const { key, keyring } = await keyFor(outer, opts);
  let body = emptyBody();
  if (outer) {
    const bytes = fromBase64(outer.body);
    const text = bytes ? await decryptText(key, bytes, MANIFEST_AAD) : null;
    if (text === null) throw new DamagedDataError('the manifest does not decrypt');
    body = parseBody(text);
  }
  const shards: Array<Map<string, unknown>> = [];
  const broken = new Set<number>();
  const names = body.files.map((f, i) => ({ f, i })).filter((x) => x.f !== '');
  let done = 0;
  opts.onProgress?.({ phase: 'reading', done, total: names.length });
  for (let i = 0; i < body.shards; i++) shards.push(new Map());
  await mapLimit(names, PARALLEL, async ({ f, i }) => {
    let text = opts.cache?.get(f) ?? null;
    if (text === null) {
      const got = await client.get(f, MAX_SHARD_BYTES);
      if (!got) {
        // Replaced since the manifest was read (another device's run): start again. A shard
        // missing for good (deleted by hand) is written again from the libraries.
        const again = await readManifest(client);
        if (again?.text !== m?.text) throw new RestartError();
        broken.add(i);
        return;
      }
      text = await decryptText(key, got.body, f);
      if (text === null) throw new DamagedDataError(`shard ${f} does not decrypt`);
      opts.cache?.set(f, text);
    }
    shards[i] = new Map(Object.entries(parseShard(text)));
    opts.onProgress?.({ phase: 'reading', done: ++done, total: names.length });
  });
  if (opts.cache) for (const name of [...opts.cache.keys()]) if (!body.files.includes(name)) opts.cache.delete(name);
  return { outer, etag: m?.etag ?? null, text: m?.text ?? null, body, key, keyring, shards, broken };
}

const expired = (e: SyncEntry, now: number) => e.kind === 'tombstone' && now - e.tombstone.removedAt > TOMBSTONE_TTL;

/** A record this version cannot read but another may (a site added later): kept on the server as it is. */
const MAX_KEPT_RECORD = 8_192;
function keepable(key: string, value: unknown): boolean {
  if (!/^[a-z0-9-]{1,40}:[^\s]{1,200}$/.test(key)) return false;
  if (!Array.isArray(value) && !(value && typeof value === 'object')) return false;
  return JSON.stringify(value).length <= MAX_KEPT_RECORD;
}

/**
 * The remote records decoded as storage.sync items are (clamped times, the story's own site's
 * URLs), and the ones this version cannot decode but must not drop for the devices that can.
 */
function decodeRemote(remote: RemoteState, now: number): { entries: Map<string, SyncEntry>; kept: Map<string, unknown> } {
  const entries = new Map<string, SyncEntry>();
  const kept = new Map<string, unknown>();
  for (const shard of remote.shards)
    for (const [key, value] of shard) {
      if (key.length > 300) continue;
      const e = decodeEntry(itemKeyOf(key), value, now);
      if (e) {
        if (!expired(e, now)) entries.set(key, e);
      } else if (keepable(key, value)) kept.set(key, value);
    }
  return { entries, kept };
}

async function encryptedManifest(remote: RemoteState, body: ManifestBody): Promise<string> {
  const outer: ManifestOuter = {
    app: APP,
    format: WEBDAV_FORMAT,
    kdf: { iterations: remote.keyring.iterations, salt: remote.keyring.salt },
    check: remote.outer && remote.outer.kdf.salt === remote.keyring.salt ? remote.outer.check : await keyCheck(remote.key),
    body: toBase64(await encryptText(remote.key, JSON.stringify(body), MANIFEST_AAD)),
  };
  return JSON.stringify(outer);
}

/** One attempt: read, merge, write. Throws RestartError on a lost race. */
async function attempt(db: LibraryDB, client: WebDavClient, now: number, opts: WebDavSyncOptions): Promise<Omit<WebDavSyncResult, 'attempts'>> {
  const remote = await readRemote(client, opts);
  const { entries: remoteEntries, kept } = decodeRemote(remote, now);
  opts.onProgress?.({ phase: 'merging', done: 0, total: 1 });
  const { local, applied, removed } = await mergeIntoLibrary(db, remoteEntries, now, (done, total) =>
    opts.onProgress?.({ phase: 'merging', done, total }),
  );

  // What the server should hold: the library merged with what it holds.
  const desired = new Map<string, SyncEntry>();
  for (const key of new Set([...local.keys(), ...remoteEntries.keys()])) {
    const merged = mergeEntries(local.get(key) ?? null, remoteEntries.get(key) ?? null);
    if (merged && !expired(merged, now)) desired.set(key, merged);
  }
  const n = shardCountFor(desired.size, remote.body.shards);
  const groups: Array<Map<string, unknown>> = Array.from({ length: n }, () => new Map());
  for (const [key, e] of desired) groups[shardOf(key, n)].set(key, encodeEntry(e));
  for (const [key, value] of kept) if (!desired.has(key)) groups[shardOf(key, n)].set(key, value);

  const files = [...remote.body.files];
  const replaced: string[] = [];
  const todo: Array<{ index: number; text: string }> = [];
  if (n !== remote.body.shards) {
    replaced.push(...files.filter(Boolean));
    files.length = 0;
    for (let i = 0; i < n; i++) files.push('');
  }
  groups.forEach((records, i) => {
    const text = records.size ? shardText(records) : '';
    const before = n === remote.body.shards && !remote.broken.has(i) ? (remote.shards[i].size ? shardText(remote.shards[i]) : '') : null;
    if (before === text) return;
    if (n === remote.body.shards && files[i]) replaced.push(files[i]);
    if (text === '') files[i] = '';
    else todo.push({ index: i, text });
  });
  const stories = [...desired.values()].filter((e) => e.kind === 'story').length;
  if (remote.outer && todo.length === 0 && replaced.length === 0)
    return { keyring: remote.keyring, applied, removed, stories, shardsWritten: 0 };

  // Write the changed shards under new names (nothing is overwritten), then the manifest.
  const written: string[] = [];
  let done = 0;
  opts.onProgress?.({ phase: 'writing', done, total: todo.length + 1 });
  try {
    if (!remote.outer) await client.ensureFolder();
    await mapLimit(todo, PARALLEL, async ({ index, text }) => {
      const name = shardName(index);
      const data = await encryptText(remote.key, text, name);
      written.push(name);
      await client.put(name, data, { ifNoneMatch: true });
      files[index] = name;
      opts.cache?.set(name, text);
      opts.onProgress?.({ phase: 'writing', done: ++done, total: todo.length + 1 });
    });
    const due = remote.body.garbage.filter(([, at]) => now - at > GARBAGE_AFTER_MS || at > now + GARBAGE_AFTER_MS);
    const body: ManifestBody = {
      shards: n,
      files,
      garbage: [...remote.body.garbage.filter((g) => !due.includes(g)), ...replaced.map((f): [string, number] => [f, now])],
      rev: remote.body.rev + 1,
    };
    const text = await encryptedManifest(remote, body);
    const bytes = new TextEncoder().encode(text);
    try {
      await client.put(MANIFEST, bytes, remote.outer && remote.etag ? { ifMatch: remote.etag } : { ifNoneMatch: true });
    } catch (err) {
      if (err instanceof WebDavError && err.kind === 'conflict') throw new RestartError();
      throw err;
    }
    // A server that ignores If-Match: whoever's manifest is there now won. (A read that fails
    // here, e.g. another device writing it this instant, is a lost race as well.)
    const back = await readManifest(client).catch(() => null);
    if (back?.text !== text) throw new RestartError();
    opts.onProgress?.({ phase: 'writing', done: ++done, total: todo.length + 1 });
    for (const [name] of due) await client.delete(name).catch(() => undefined);
    return { keyring: remote.keyring, applied, removed, stories, shardsWritten: todo.length };
  } catch (err) {
    // Nobody refers to the shards this attempt wrote: remove them (best effort, the server may be down).
    await Promise.all(written.map((name) => client.delete(name).catch(() => undefined)));
    for (const name of written) opts.cache?.delete(name);
    throw err;
  }
}

/**
 * Sync the library with the WebDAV folder. Throws WebDavError (network, timeout, auth, full...),
 * WrongPassphraseError, PassphraseNeededError or DamagedDataError, each with a message for the
 * reader; in every case the server keeps its data and the library loses nothing.
 */
export async function syncWebDav(db: LibraryDB, client: WebDavClient, now: number, opts: WebDavSyncOptions = {}): Promise<WebDavSyncResult> {
  const max = opts.maxAttempts ?? MAX_ATTEMPTS;
  for (let i = 1; ; i++) {
    try {
      const r = await attempt(db, client, now, opts);
      opts.onProgress?.({ phase: 'done', done: 1, total: 1 });
      return { ...r, attempts: i };
    } catch (err) {
      if (!retriable(err)) throw err;
      if (i >= max) {
        if (err instanceof RestartError)
          throw new WebDavError('conflict', t('davErrBusy'));
        throw err;
      }
      // Two devices that collided do not collide again at once.
      await new Promise((r) => setTimeout(r, Math.random() * 200 * i));
    }
  }
}

/**
 * Worth another attempt: a lost race; a cut connection; a manifest that does not parse or
 * decrypt, which may be one read while another device was writing it (servers such as rclone
 * write files in place, so a read at that moment gets half of it). Damage that stays is told
 * after MAX_ATTEMPTS; a wrong passphrase, refused login, full disk or timeout at once.
 */
function retriable(err: unknown): boolean {
  return (
    err instanceof RestartError ||
    (err instanceof DamagedDataError && !/newer version/.test(err.message)) ||
    (err instanceof WebDavError && (err.kind === 'network' || err.kind === 'conflict'))
  );
}
