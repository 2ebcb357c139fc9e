/**
 * The checks of single fields of a backup file: each returns the value or refuses the whole file
 * with the field's path and fault ("stories[3].title is not text"). Times are clamped to the
 * file's latest allowed time (now + the allowed clock skew) and addresses parsed once per file,
 * both set by validate.ts while one file is checked.
 */
import { refusal } from './format';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function refuse(path: string, what: string): never {
  // The field's path and fault stay technical ("stories[3].title is not a string").
  throw refusal('backupBadField', `${path} ${what}`);
}

export type Obj = Record<string, unknown>;
export const has = (o: Obj, k: string) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * Every object the checks read goes through here. JSON.parse keeps "__proto__" as an own field;
 * such a field is refused wherever it is read (objects the checks never read are not stored).
 */
export function object(v: unknown, path: string): Obj {
  if (!v || typeof v !== 'object' || Array.isArray(v)) refuse(path, 'is not an object');
  for (const k of FORBIDDEN_KEYS)
    if (has(v as Obj, k)) throw refusal('backupForbiddenField', k);
  return v as Obj;
}
export function array(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) refuse(path, 'is not a list');
  return v;
}
export function str(v: unknown, path: string, nonEmpty = false): string {
  if (typeof v !== 'string') refuse(path, 'is not text');
  if (nonEmpty && !v) refuse(path, 'is empty');
  return v;
}
export function strOrNull(v: unknown, path: string): string | null {
  return v === null ? null : str(v, path);
}
export function num(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) refuse(path, 'is not a number');
  return v;
}
/** Addresses already found good in the file being checked (emptied after each chunk of checks). */
const goodUrls = new Set<string>();
/** The latest time a file may hold (now + the allowed clock skew), set while one file is parsed. */
let latestTime = Infinity;

/** Set while one file is checked (validate.ts), back to Infinity after; and the file's addresses forgotten. */
export function setLatestTime(t: number): void {
  latestTime = t;
}
export function forgetGoodUrls(): void {
  goodUrls.clear();
}
/** `t`, no later than the file's latest allowed time. */
export const clampToFile = (t: number) => Math.min(t, latestTime);
/** A time; one later than now + the allowed clock skew is brought back to it (lib/clock.ts). */
export function time(v: unknown, path: string): number {
  const n = num(v, path);
  if (n < 0) refuse(path, 'is negative');
  return Math.min(n, latestTime);
}
export function timeOrNull(v: unknown, path: string): number | null {
  return v === null ? null : time(v, path);
}
export function count(v: unknown, path: string): number {
  const n = num(v, path);
  if (!Number.isInteger(n) || n < 0) refuse(path, 'is not a whole number');
  return n;
}
export function countOrNull(v: unknown, path: string): number | null {
  return v === null ? null : count(v, path);
}
export function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') refuse(path, 'is not true or false');
  return v;
}
export function oneOf<T extends string>(v: unknown, path: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) refuse(path, `is not one of ${allowed.join(', ')}`);
  return v as T;
}
/** A web address (http or https) or empty; anything else (javascript:, data:) is refused. */
export function webUrl(v: unknown, path: string): string {
  const s = str(v, path);
  if (s === '' || goodUrls.has(s)) return s;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    refuse(path, 'is not a web address');
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') refuse(path, 'is not an http(s) web address');
  // A chapter's address is usually its TOC entry's too: parsed once per file.
  if (goodUrls.size < 1_000_000) goodUrls.add(s);
  return s;
}
/** webUrl as a yes / no, for the fast paths below (no message to build). */
export function isWebUrl(s: string): boolean {
  if (s === '' || goodUrls.has(s)) return true;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return false;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
  if (goodUrls.size < 1_000_000) goodUrls.add(s);
  return true;
}
export const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;
export const isCountOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 0);

export function webUrlOrNull(v: unknown, path: string): string | null {
  return v === null ? null : webUrl(v, path);
}

export function record<T>(v: unknown, path: string, value: (x: unknown, p: string) => T): Record<string, T> {
  const o = object(v, path);
  const out: Record<string, T> = {};
  for (const k of Object.keys(o)) out[k] = value(o[k], `${path}["${k.slice(0, 40)}"]`);
  return out;
}

/** Plain JSON data only, not too deep. */
export function jsonValue(v: unknown, path: string, depth = 0): unknown {
  if (depth > 20) refuse(path, 'is nested too deeply');
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return num(v, path);
  if (Array.isArray(v)) return v.map((x, i) => jsonValue(x, `${path}[${i}]`, depth + 1));
  const o = object(v, path);
  const out: Obj = {};
  for (const k of Object.keys(o)) out[k] = jsonValue(o[k], `${path}.${k.slice(0, 40)}`, depth + 1);
  return out;
}

export function unique<T>(items: T[], keyOf: (t: T) => string, what: string): void {
  const seen = new Set<string>();
  for (const t of items) {
    const k = keyOf(t);
    if (seen.has(k)) refuse(what, `holds "${k.slice(0, 80)}" twice`);
    seen.add(k);
  }
}
