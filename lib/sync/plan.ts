/**
 * Plan: what storage.sync should hold, within its budget. The library merged with the area's
 * items; reader-owned data first (followed, a status, corrections, a recent unfollow or removal),
 * then the most recently read; an item the remote knows more about than this library is never
 * dropped.
 */
import type { LibraryDB } from '../library/schema';
import { encodeEntry, encodeSettings, decodeSettings, FORMAT_VERSION, isStoryItem, itemBytes, itemKeyOf, SETTINGS_ITEM, storyKeyOfItem, VERSION_KEY } from './codec';
import { latestClock, mergeEntries, placeClock } from './merge';
import { RECENT_WINDOW, sameJson, TOMBSTONE_TTL } from './observe';
import { decodeRemote } from './remote';
import { mergeSettings, observeSettings } from './settings';
import type { SyncFigures } from './state';
import { DEFAULT_BUDGET, type LocalArea, type SyncBudget, type SyncEntry, type SyncStory } from './types';

export interface SyncOptions {
  /** storage.local: reader settings are synced when given. */
  local?: LocalArea;
  budget?: Partial<SyncBudget>;
}

export interface PlanItem {
  key: string;
  itemKey: string;
  entry: SyncEntry;
  value: unknown;
  bytes: number;
  rank: number;
  tier: number;
}

/** 0: reader-owned data (followed, status, corrections, recent unfollow or removal); 1: read lately; -1: not synced. */
export function tierOf(e: SyncEntry, now: number): number {
  if (e.kind === 'tombstone') return now - e.tombstone.removedAt < TOMBSTONE_TTL ? 0 : -1;
  const s = e.story;
  if (s.followed || s.readingStatus !== null || Object.values(s.corrections).some((c) => c.label !== null)) return 0;
  if (s.followAt > 0 && now - s.followAt < TOMBSTONE_TTL) return 0;
  if (s.statusAt > 0 && now - s.statusAt < TOMBSTONE_TTL) return 0;
  if (now - placeClock(s) < RECENT_WINDOW) return 1;
  return -1;
}

const recencyOf = (e: SyncEntry) => (e.kind === 'tombstone' ? e.tombstone.removedAt : latestClock(e.story));

/** Encode an entry, dropping the oldest corrections until the item fits. */
function encodeFitting(itemKey: string, entry: SyncEntry, maxBytes: number): { value: unknown; bytes: number } {
  let value = encodeEntry(entry);
  let bytes = itemBytes(itemKey, value);
  if (bytes <= maxBytes || entry.kind !== 'story') return { value, bytes };
  const byAge = Object.entries(entry.story.corrections).sort((a, b) => b[1].at - a[1].at || (a[0] < b[0] ? -1 : 1));
  let keep = byAge.length;
  while (bytes > maxBytes && keep > 0) {
    keep = Math.floor(keep * 0.8);
    const story: SyncStory = { ...entry.story, corrections: Object.fromEntries(byAge.slice(0, keep)) };
    value = encodeEntry({ kind: 'story', story });
    bytes = itemBytes(itemKey, value);
  }
  return { value, bytes };
}

export interface Plan {
  included: PlanItem[];
  excluded: PlanItem[];
  bytes: number;
}

export function planItems(entries: Map<string, SyncEntry>, fixedBytes: number, fixedItems: number, budget: SyncBudget, now: number, mustKeep: Set<string>): Plan {
  const items: PlanItem[] = [];
  for (const [key, entry] of entries) {
    const tier = tierOf(entry, now);
    if (tier < 0 && !mustKeep.has(key)) continue;
    const itemKey = itemKeyOf(key);
    const { value, bytes } = encodeFitting(itemKey, entry, budget.itemBytes);
    items.push({ key, itemKey, entry, value, bytes, rank: recencyOf(entry), tier: Math.max(0, tier) });
  }
  items.sort((a, b) => a.tier - b.tier || b.rank - a.rank || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let bytes = fixedBytes;
  let count = fixedItems;
  // Items the remote has newer data for are kept whatever their rank.
  for (const it of items)
    if (mustKeep.has(it.key)) {
      bytes += it.bytes;
      count++;
    }
  const included: PlanItem[] = [];
  const excluded: PlanItem[] = [];
  let full = false;
  for (const it of items) {
    if (mustKeep.has(it.key)) {
      included.push(it);
      continue;
    }
    if (!full && bytes + it.bytes <= budget.bytes && count + 1 <= budget.items) {
      included.push(it);
      bytes += it.bytes;
      count++;
    } else {
      // Most recent first: once one does not fit, older ones do not get in ahead of it.
      full = true;
      excluded.push(it);
    }
  }
  return { included, excluded, bytes };
}

/**
 * What to write to storage.sync for `local` (the library as sync sees it) merged with `all`.
 * `read`: a pass that read only these stories (after a change); every other story is taken to be
 * as the area holds it (the last pass merged them both ways).
 */
export async function buildPlan(
  db: LibraryDB,
  all: Record<string, unknown>,
  local: Map<string, { entry: SyncEntry }>,
  now: number,
  options: SyncOptions,
  dry: boolean,
  read?: ReadonlySet<string>,
): Promise<{ plan: Plan; writes: Record<string, unknown>; removals: string[] }> {
  const budget = { ...DEFAULT_BUDGET, ...options.budget };
  const remote = decodeRemote(all, now);
  const desired = new Map<string, SyncEntry>();
  const mustKeep = new Set<string>();
  for (const key of new Set([...local.keys(), ...remote.keys()])) {
    const r = remote.get(key) ?? null;
    const l = read && !read.has(key) ? r : (local.get(key)?.entry ?? null);
    const merged = mergeEntries(l, r);
    if (!merged) continue;
    desired.set(key, merged);
    // The remote knows something this library does not (yet): never drop that item.
    if (r && (!l || !sameJson(encodeEntry(merged), encodeEntry(l)))) mustKeep.add(key);
  }

  const writes: Record<string, unknown> = {};
  const versionValue = { v: FORMAT_VERSION };
  if (!sameJson(all[VERSION_KEY], versionValue)) writes[VERSION_KEY] = versionValue;
  let fixedBytes = itemBytes(VERSION_KEY, versionValue);
  let fixedItems = 1;
  if (options.local) {
    const mine = await observeSettings(db, options.local, now, dry);
    const remoteSettings = decodeSettings(all[SETTINGS_ITEM], now);
    const merged = remoteSettings
      ? mergeSettings({ at: mine.at, value: JSON.parse(mine.json) }, remoteSettings)
      : { at: mine.at, value: JSON.parse(mine.json) };
    const value = encodeSettings(merged);
    if (!sameJson(all[SETTINGS_ITEM], value)) writes[SETTINGS_ITEM] = value;
    fixedBytes += itemBytes(SETTINGS_ITEM, value);
    fixedItems++;
  } else if (all[SETTINGS_ITEM] !== undefined) {
    fixedBytes += itemBytes(SETTINGS_ITEM, all[SETTINGS_ITEM]);
    fixedItems++;
  }

  // A pass after a change leaves alone the items it cannot read and did not read the stories of
  // (a newer version's sites): it does not know whether this library holds them.
  const untouched = read ? Object.keys(all).filter((k) => isStoryItem(k) && !remote.has(storyKeyOfItem(k)) && !read.has(storyKeyOfItem(k))) : [];
  for (const k of untouched) {
    fixedBytes += itemBytes(k, all[k]);
    fixedItems++;
  }
  const plan = planItems(desired, fixedBytes, fixedItems, budget, now, mustKeep);
  for (const it of plan.included) if (!sameJson(all[it.itemKey], it.value)) writes[it.itemKey] = it.value;
  const includedKeys = new Set(plan.included.map((it) => it.itemKey));
  const kept = new Set(untouched);
  const removals = Object.keys(all).filter((k) => isStoryItem(k) && !includedKeys.has(k) && !kept.has(k) && !mustKeep.has(storyKeyOfItem(k)));
  return { plan, writes, removals };
}

export function countStories(items: PlanItem[]): number {
  return items.filter((it) => it.entry.kind === 'story').length;
}

export function figuresOf(plan: { included: PlanItem[]; excluded: PlanItem[] }): SyncFigures {
  const storiesSynced = countStories(plan.included);
  return {
    storiesSynced,
    storiesTotal: storiesSynced + countStories(plan.excluded),
    overflow: plan.excluded.some((it) => it.entry.kind === 'story'),
  };
}
