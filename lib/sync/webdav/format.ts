/**
 * What Calm Reader keeps in the reader's WebDAV folder, and how everything read back is checked.
 *
 *   manifest.json      plain JSON: { app, format, kdf: { iterations, salt }, check, body }
 *                      body = AES-GCM(JSON ManifestBody), additional data "manifest"
 *   s<i>-<random>.bin  shard i: AES-GCM(JSON { storyKey: encoded entry }), additional data = its name
 *
 * Stories go to shard FNV-1a(storyKey) mod `shards` (a power of two), so a sync after reading one
 * chapter rewrites one shard and the manifest. Shard files are never overwritten: a changed shard
 * gets a new name, and the manifest (written last, with If-Match) switches to it in one step, so a
 * reader of the folder sees either the old or the new set, never half of each. Replaced files are
 * deleted an hour later (GARBAGE_AFTER_MS), when no sync that could still read them is running.
 */
import { DamagedDataError, MAX_ITERATIONS, PBKDF2_ITERATIONS, fromBase64 } from './crypto';
import { fnv1a } from '../../shared/fnv';

export const MANIFEST = 'manifest.json';
export const APP = 'calm-reader';
export const WEBDAV_FORMAT = 1;
/** Stories per shard aimed at; a shard count is doubled when shards hold twice that on average. */
export const STORIES_PER_SHARD = 64;
export const MAX_SHARDS = 4096;
export const MAX_MANIFEST_BYTES = 1_000_000;
export const MAX_SHARD_BYTES = 4_000_000;
export const GARBAGE_AFTER_MS = 60 * 60_000;
const MAX_GARBAGE = 20_000;

export interface ManifestOuter {
  app: typeof APP;
  format: number;
  kdf: { iterations: number; salt: string };
  check: string;
  body: string;
}

export interface ManifestBody {
  /** A power of two. */
  shards: number;
  /** File name of each shard ('' = empty shard), `shards` long. */
  files: string[];
  /** Replaced files and when: deleted after GARBAGE_AFTER_MS. */
  garbage: Array<[name: string, at: number]>;
  rev: number;
}

export const emptyBody = (): ManifestBody => ({ shards: 1, files: [''], garbage: [], rev: 0 });

const SHARD_NAME = /^s(\d{1,4})-[a-z0-9]{12}\.bin$/;

export function shardName(index: number): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(12));
  let id = '';
  for (const b of bytes) id += (b % 36).toString(36);
  return `s${index}-${id}.bin`;
}

export const isShardName = (name: string) => SHARD_NAME.test(name);

const isPow2 = (n: number) => Number.isInteger(n) && n >= 1 && n <= MAX_SHARDS && (n & (n - 1)) === 0;

/** The shard a story belongs to: FNV-1a of its key, low bits. */
export function shardOf(storyKey: string, shards: number): number {
  return fnv1a(storyKey) & (shards - 1);
}

/** The shard count for `stories` entries: kept while shards hold under twice the aim, else doubled to fit. */
export function shardCountFor(stories: number, current: number): number {
  let n = current;
  while (n < MAX_SHARDS && stories > n * STORIES_PER_SHARD * 2) n *= 2;
  return n;
}

/** Parse and check the manifest's outer part. Throws DamagedDataError. */
export function parseOuter(text: string): ManifestOuter {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new DamagedDataError('the manifest is not JSON');
  }
  const o = v as Partial<ManifestOuter> | null;
  if (!o || typeof o !== 'object' || o.app !== APP) throw new DamagedDataError('the folder holds something other than Calm Reader data');
  if (typeof o.format !== 'number') throw new DamagedDataError('no format');
  if (o.format > WEBDAV_FORMAT)
    throw new DamagedDataError('written by a newer version of Calm Reader: update this one to sync');
  const kdf = o.kdf as ManifestOuter['kdf'] | undefined;
  if (
    !kdf ||
    typeof kdf.iterations !== 'number' ||
    !Number.isInteger(kdf.iterations) ||
    kdf.iterations < PBKDF2_ITERATIONS ||
    kdf.iterations > MAX_ITERATIONS ||
    typeof kdf.salt !== 'string' ||
    (fromBase64(kdf.salt)?.length ?? 0) < 16 ||
    kdf.salt.length > 100
  )
    throw new DamagedDataError('key settings out of range');
  if (typeof o.check !== 'string' || o.check.length > 200 || typeof o.body !== 'string')
    throw new DamagedDataError('no key check');
  return { app: APP, format: o.format, kdf: { iterations: kdf.iterations, salt: kdf.salt }, check: o.check, body: o.body };
}

/** Parse and check the decrypted manifest body. Throws DamagedDataError. */
export function parseBody(text: string): ManifestBody {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new DamagedDataError('the manifest is not JSON');
  }
  const b = v as Partial<ManifestBody> | null;
  if (!b || typeof b !== 'object' || typeof b.shards !== 'number' || !isPow2(b.shards))
    throw new DamagedDataError('bad shard count');
  if (!Array.isArray(b.files) || b.files.length !== b.shards) throw new DamagedDataError('bad file list');
  b.files.forEach((f, i) => {
    if (f === '') return;
    const m = typeof f === 'string' ? SHARD_NAME.exec(f) : null;
    if (!m || Number(m[1]) !== i) throw new DamagedDataError('bad file name');
  });
  const garbage: ManifestBody['garbage'] = [];
  if (Array.isArray(b.garbage))
    for (const g of b.garbage.slice(0, MAX_GARBAGE))
      if (Array.isArray(g) && typeof g[0] === 'string' && isShardName(g[0]) && typeof g[1] === 'number' && !b.files.includes(g[0]))
        garbage.push([g[0], g[1]]);
  const rev = typeof b.rev === 'number' && Number.isInteger(b.rev) && b.rev >= 0 ? b.rev : 0;
  return { shards: b.shards, files: b.files as string[], garbage, rev };
}

/** A decrypted shard: its raw records by story key (not yet decoded). Throws DamagedDataError. */
export function parseShard(text: string): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new DamagedDataError('a shard is not JSON');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new DamagedDataError('a shard is not a record list');
  return v as Record<string, unknown>;
}

/** A shard's text from its records, keys in order (so equal content gives equal text). */
export function shardText(records: Map<string, unknown> | Record<string, unknown>): string {
  const entries = records instanceof Map ? [...records] : Object.entries(records);
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) out[k] = v;
  return JSON.stringify(out);
}
