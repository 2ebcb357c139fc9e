/**
 * Compact encoding of synced records, so that as many stories as possible fit storage.sync.
 *
 * Item keys:
 *   `v`          format version: { v: 1 }
 *   `cfg`        reader settings: [changedAt, settings]
 *   `s:<site>:<storyId>`  one story (key = 's:' + the library's story key)
 *
 * A story item is an array (trailing empty fields dropped):
 *   [title, url, followed 0|1, followAt, status code, statusAt, readAt,
 *    chapterId, chapterIndex, chapterUrl, [block, ratio, time] | 0, { fingerprint: [label, at] } | 0]
 * A removed story is { x: removedAt }.
 * Times are whole seconds since TIME_EPOCH (0 stays 0 = never); URLs drop "https://"; a chapter
 * URL that shares a prefix with the story URL is stored as "^<prefix length>|<rest>" (with "*"
 * for the chapter id, see encodeChapterUrl).
 *
 * Measured (tests/unit/sync/quota.test.ts: 1200 followed stories with realistic AO3, FanFiction.net
 * and Royal Road titles and URLs, some non-ASCII, each with a last chapter, a position and a
 * status, no corrections): 195 bytes per story on average, so 469 followed stories fit the
 * 92,000-byte budget (90% of the 102,400-byte quota; 91,832 bytes used, 471 of 512 items).
 * Bytes, not the item count, are the limit. Past that, the most recently read are synced.
 */
import { latestAllowed } from '../library/clock';
import { isStoryUrl } from '../sites/hosts';
import type { ReadingStatus } from '../library/types';
import type { CorrectionLabel, SyncCorrection, SyncEntry, SyncPosition, SyncStory, SyncTombstone } from './types';

export const FORMAT_VERSION = 1;
export const VERSION_KEY = 'v';
export const SETTINGS_ITEM = 'cfg';
export const STORY_PREFIX = 's:';

/** Times are stored in whole seconds relative to this (2023-11-14): 8 digits instead of 13. */
export const TIME_EPOCH = 1_700_000_000_000;
export const MAX_TITLE = 150;

const STATUS_CODES: ReadonlyArray<ReadingStatus | null> = [
  null,
  'reading',
  'plan-to-read',
  'completed',
  'on-hold',
  'dropped',
];
const LABEL_CODES: ReadonlyArray<CorrectionLabel | null> = [null, 'story', 'note'];

export const itemKeyOf = (storyKey: string) => STORY_PREFIX + storyKey;
export const isStoryItem = (itemKey: string) => itemKey.startsWith(STORY_PREFIX);
export const storyKeyOfItem = (itemKey: string) => itemKey.slice(STORY_PREFIX.length);

const encoder = new TextEncoder();
export const utf8Length = (s: string) => encoder.encode(s).length;

/** An item's size as Chrome counts it against QUOTA_BYTES / QUOTA_BYTES_PER_ITEM. */
export function itemBytes(key: string, value: unknown): number {
  return utf8Length(key) + utf8Length(JSON.stringify(value));
}

/**
 * Synced clocks have a resolution of one second: every clock the engine compares goes through
 * this first, so a value read back from sync storage equals the library's own.
 */
export const toSecond = (t: number) => Math.floor(t / 1000) * 1000;
export const encTime = (t: number) => (t === 0 ? 0 : Math.floor(t / 1000) - TIME_EPOCH / 1000);
export const decTime = (v: unknown) =>
  typeof v === 'number' && Number.isInteger(v) && v !== 0 ? (v + TIME_EPOCH / 1000) * 1000 : 0;

/**
 * A time read from sync, brought back to at most `now` + the clock skew allowed (whole seconds):
 * another device's clock years ahead (or a planted item) must not win every merge for good.
 */
const decTimeAt = (v: unknown, now: number) => {
  const t = decTime(v);
  return t === 0 ? 0 : Math.min(t, toSecond(latestAllowed(now)));
};

/** Position ratios are kept to 3 decimals (a tenth of a percent of one paragraph). */
export const roundRatio = (r: number) => Math.round(Math.min(1, Math.max(0, r)) * 1_000) / 1_000;

export function compactUrl(url: string): string {
  return url.startsWith('https://') ? url.slice(8) : url;
}

export function expandUrl(v: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(v) ? v : `https://${v}`;
}

/**
 * A chapter URL relative to its story's (both already compact): "^<shared prefix length>|<rest>",
 * or "^<n>*|<rest>" where the first "*" of rest stands for the chapter id.
 */
export function encodeChapterUrl(chapterUrl: string, storyUrl: string, chapterId: string | null = null): string {
  let n = 0;
  const max = Math.min(chapterUrl.length, storyUrl.length);
  while (n < max && chapterUrl[n] === storyUrl[n]) n++;
  let rest = chapterUrl.slice(n);
  let sub = '';
  if (chapterId && chapterId.length > 1 && !rest.includes('*') && rest.includes(chapterId)) {
    rest = rest.replace(chapterId, '*');
    sub = '*';
  }
  const rel = `^${n}${sub}|${rest}`;
  return n > 0 && rel.length < chapterUrl.length ? rel : chapterUrl;
}

export function decodeChapterUrl(v: string, storyUrl: string, chapterId: string | null = null): string {
  const m = /^\^(\d+)(\*?)\|/.exec(v);
  if (!m) return v;
  let rest = v.slice(m[0].length);
  if (m[2]) rest = rest.replace('*', chapterId ?? '');
  return storyUrl.slice(0, Number(m[1])) + rest;
}

function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  // do not end on half a surrogate pair
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

export function encodeStory(s: SyncStory): unknown[] {
  const url = compactUrl(s.url);
  const corrections: Record<string, [number, number]> = {};
  for (const fp of Object.keys(s.corrections).sort()) {
    const c = s.corrections[fp];
    corrections[fp] = [LABEL_CODES.indexOf(c.label), encTime(c.at)];
  }
  const out: unknown[] = [
    truncate(s.title, MAX_TITLE),
    url,
    s.followed ? 1 : 0,
    encTime(s.followAt),
    Math.max(0, STATUS_CODES.indexOf(s.readingStatus)),
    encTime(s.statusAt),
    encTime(s.readAt),
    s.chapterId,
    s.chapterIndex,
    s.chapterUrl === null ? null : encodeChapterUrl(compactUrl(s.chapterUrl), url, s.chapterId),
    s.position ? [s.position.b, roundRatio(s.position.r), encTime(s.position.t)] : 0,
    Object.keys(corrections).length ? corrections : 0,
  ];
  while (out.length > 2 && (out[out.length - 1] === 0 || out[out.length - 1] === null)) out.pop();
  return out;
}

export function encodeTombstone(t: SyncTombstone): { x: number } {
  return { x: encTime(t.removedAt) };
}

export function encodeEntry(e: SyncEntry): unknown {
  return e.kind === 'story' ? encodeStory(e.story) : encodeTombstone(e.tombstone);
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: unknown): number | null =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null;

function decodePosition(v: unknown, now: number): SyncPosition | null {
  if (!Array.isArray(v) || v.length < 3) return null;
  const b = int(v[0]);
  const r = typeof v[1] === 'number' && v[1] >= 0 && v[1] <= 1 ? v[1] : null;
  const t = decTimeAt(v[2], now);
  return b === null || r === null || t === 0 ? null : { b, r: roundRatio(r), t };
}

function decodeCorrections(v: unknown, now: number): Record<string, SyncCorrection> {
  const out: Record<string, SyncCorrection> = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) return out;
  for (const [fp, c] of Object.entries(v as Record<string, unknown>)) {
    if (!Array.isArray(c)) continue;
    const code = int(c[0]);
    if (code === null || code >= LABEL_CODES.length) continue;
    out[fp] = { label: LABEL_CODES[code], at: decTimeAt(c[1], now) };
  }
  return out;
}

/**
 * Decode one item; null when it is not a story item or is malformed (it is then ignored). Times
 * later than `now` + the allowed clock skew are brought back to it (lib/clock.ts).
 */
export function decodeEntry(itemKey: string, value: unknown, now = Date.now()): SyncEntry | null {
  if (!isStoryItem(itemKey)) return null;
  const key = storyKeyOfItem(itemKey);
  const colon = key.indexOf(':');
  if (colon <= 0 || colon === key.length - 1) return null;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const x = decTimeAt((value as { x?: unknown }).x, now);
    return x ? { kind: 'tombstone', tombstone: { key, removedAt: x } } : null;
  }
  if (!Array.isArray(value)) return null;
  const v = value;
  const url = str(v[1]);
  if (url === null) return null;
  const fullUrl = expandUrl(url);
  const site = key.slice(0, colon);
  const storyId = key.slice(colon + 1);
  // Only http(s) addresses of the story's own site: a synced file:, data: or chrome: URL (or
  // another site's) would open from "Continue reading". A story item with one is ignored whole.
  if (!isStoryUrl(site, storyId, fullUrl)) return null;
  const statusCode = int(v[4]) ?? 0;
  const chapterUrl = str(v[9]);
  const chapterId = str(v[7]);
  const fullChapterUrl = chapterUrl === null ? null : expandUrl(decodeChapterUrl(chapterUrl, url, chapterId));
  return {
    kind: 'story',
    story: {
      key,
      site,
      storyId,
      title: str(v[0]) ?? '',
      url: fullUrl,
      followed: v[2] === 1,
      followAt: decTimeAt(v[3], now),
      readingStatus: STATUS_CODES[statusCode] ?? null,
      statusAt: decTimeAt(v[5], now),
      readAt: decTimeAt(v[6], now),
      chapterId,
      chapterIndex: int(v[8]),
      chapterUrl: fullChapterUrl !== null && isStoryUrl(site, storyId, fullChapterUrl) ? fullChapterUrl : null,
      position: decodePosition(v[10], now),
      corrections: decodeCorrections(v[11], now),
    },
  };
}

export interface SyncedSettings {
  at: number;
  value: Record<string, unknown>;
}

export function encodeSettings(s: SyncedSettings): unknown[] {
  return [encTime(s.at), s.value];
}

export function decodeSettings(v: unknown, now = Date.now()): SyncedSettings | null {
  if (!Array.isArray(v) || !v[1] || typeof v[1] !== 'object' || Array.isArray(v[1])) return null;
  return { at: decTimeAt(v[0], now), value: v[1] as Record<string, unknown> };
}

/**
 * An entry of this library as sync sees it, with every time later than `now` + the allowed clock
 * skew counted as never (0). Such a time was stored before that rule (an old import, this
 * device's clock once years ahead): it must lose to a real action, not be renewed as "now" on
 * every run (which would freeze the reader's place on every device).
 */
export function forgetImpossibleTimes(e: SyncEntry, now: number): SyncEntry {
  const max = latestAllowed(now);
  const c = (t: number) => (t > max ? 0 : t);
  if (e.kind === 'tombstone') return e.tombstone.removedAt > max ? { kind: 'tombstone', tombstone: { ...e.tombstone, removedAt: 0 } } : e;
  const s = e.story;
  const late =
    s.followAt > max ||
    s.statusAt > max ||
    s.readAt > max ||
    (s.position?.t ?? 0) > max ||
    Object.values(s.corrections).some((x) => x.at > max);
  if (!late) return e;
  const corrections: Record<string, SyncCorrection> = {};
  for (const [fp, x] of Object.entries(s.corrections)) corrections[fp] = { ...x, at: c(x.at) };
  return {
    kind: 'story',
    story: {
      ...s,
      followAt: c(s.followAt),
      statusAt: c(s.statusAt),
      readAt: c(s.readAt),
      position: s.position ? { ...s.position, t: c(s.position.t) } : null,
      corrections,
    },
  };
}
