/**
 * End-to-end encryption of what goes to the reader's WebDAV server (WebCrypto only).
 *
 * - Key: PBKDF2 (SHA-256, PBKDF2_ITERATIONS or more) over the reader's passphrase with a random
 *   16-byte salt kept in the remote manifest, to an AES-GCM 256 key (kept in storage.local, so the
 *   passphrase itself is never stored).
 * - Every file is gzip-compressed, then AES-GCM with its own random 12-byte IV: file = IV ||
 *   ciphertext+tag. The file's name is the additional data, so a server cannot swap one file for
 *   another.
 * - A key check value (a known text encrypted with the key) tells a wrong passphrase apart from
 *   damaged data.
 */
import { t } from '../../i18n';
import { readCapped } from '../../library/streams';

export const PBKDF2_ITERATIONS = 310_000;
/** A manifest asking for more is refused (a hostile server could make every device spin for minutes). */
export const MAX_ITERATIONS = 2_000_000;
export const SALT_BYTES = 16;
export const IV_BYTES = 12;
const CHECK_TEXT = 'calm-reader key check v1';
const CHECK_AAD = 'key-check';

const enc = new TextEncoder();
const dec = new TextDecoder('utf-8', { fatal: true });

export class WrongPassphraseError extends Error {
  constructor() {
    super(t('davErrWrongPassphrase'));
    this.name = 'WrongPassphraseError';
  }
}

export class DamagedDataError extends Error {
  constructor(what: string) {
    super(t('davErrDamaged', what));
    this.name = 'DamagedDataError';
  }
}

const subtle = () => globalThis.crypto.subtle;

export function randomBytes(n: number): Uint8Array<ArrayBuffer> {
  return globalThis.crypto.getRandomValues(new Uint8Array(n));
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Base64 to bytes; null when it is not base64. */
export function fromBase64(v: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(v)) return null;
  try {
    const s = atob(v);
    const out = new Uint8Array(s.length);
    for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** The AES-GCM key for `passphrase` and `salt` (extractable so it can be kept in storage.local). */
export async function deriveKey(passphrase: string, salt: Uint8Array<ArrayBuffer>, iterations = PBKDF2_ITERATIONS): Promise<CryptoKey> {
  if (iterations < PBKDF2_ITERATIONS || iterations > MAX_ITERATIONS) throw new DamagedDataError('key settings out of range');
  const base = await subtle().importKey('raw', enc.encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return subtle().deriveKey(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    base,
    { name: 'AES-GCM', length: 256 },
    true,
    ['encrypt', 'decrypt'],
  );
}

export async function exportKey(key: CryptoKey): Promise<string> {
  return toBase64(new Uint8Array(await subtle().exportKey('raw', key)));
}

export async function importKey(raw: string): Promise<CryptoKey> {
  const bytes = fromBase64(raw);
  if (!bytes || bytes.length !== 32) throw new Error(t('davErrKeyDamaged'));
  return subtle().importKey('raw', bytes, { name: 'AES-GCM', length: 256 }, true, ['encrypt', 'decrypt']);
}

/** IV || AES-GCM(plaintext), bound to `aad` (the file's name). */
export async function encrypt(key: CryptoKey, plaintext: Uint8Array<ArrayBuffer>, aad: string): Promise<Uint8Array<ArrayBuffer>> {
  const iv = randomBytes(IV_BYTES);
  const ct = new Uint8Array(await subtle().encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(aad) }, key, plaintext));
  const out = new Uint8Array(IV_BYTES + ct.length);
  out.set(iv);
  out.set(ct, IV_BYTES);
  return out;
}

/** The plaintext, or null when the key is not the one it was written with or the data was changed. */
export async function decrypt(key: CryptoKey, data: Uint8Array, aad: string): Promise<Uint8Array<ArrayBuffer> | null> {
  if (data.length < IV_BYTES + 16) return null;
  try {
    const iv = data.slice(0, IV_BYTES);
    const body = data.slice(IV_BYTES);
    return new Uint8Array(await subtle().decrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(aad) }, key, body));
  } catch {
    return null;
  }
}

/** Largest text a file may hold once decompressed (a 10,000-story shard set is a few MB in all). */
export const MAX_PLAINTEXT = 32_000_000;

async function pipeAll(data: Uint8Array<ArrayBuffer>, stream: CompressionStream | DecompressionStream, max: number): Promise<Uint8Array<ArrayBuffer> | null> {
  const reader = new Blob([data]).stream().pipeThrough(stream).getReader();
  try {
    return await readCapped(reader, max);
  } catch {
    return null;
  }
}

/** Text to gzip, then IV || AES-GCM (compressed before encrypted: ciphertext does not compress). */
export async function encryptText(key: CryptoKey, text: string, aad: string): Promise<Uint8Array<ArrayBuffer>> {
  const packed = await pipeAll(enc.encode(text), new CompressionStream('gzip'), Number.MAX_SAFE_INTEGER);
  return encrypt(key, packed as Uint8Array<ArrayBuffer>, aad);
}

/** Decrypt, gunzip (at most MAX_PLAINTEXT bytes) and decode UTF-8; null when any step fails. */
export async function decryptText(key: CryptoKey, data: Uint8Array, aad: string): Promise<string | null> {
  const plain = await decrypt(key, data, aad);
  if (!plain) return null;
  const text = await pipeAll(plain, new DecompressionStream('gzip'), MAX_PLAINTEXT);
  if (!text) return null;
  try {
    return dec.decode(text);
  } catch {
    return null;
  }
}

/** The key check value stored in the manifest (base64). */
export async function keyCheck(key: CryptoKey): Promise<string> {
  return toBase64(await encryptText(key, CHECK_TEXT, CHECK_AAD));
}

/** Whether `check` (from the manifest) was made with `key`. */
export async function verifyKeyCheck(key: CryptoKey, check: string): Promise<boolean> {
  const bytes = fromBase64(check);
  return !!bytes && (await decryptText(key, bytes, CHECK_AAD)) === CHECK_TEXT;
}
