/**
 * Sync contracts: the part of browser.storage.sync the sync engine uses, the local storage area
 * (reader settings, the on/off switch), the quotas, and the decoded form of one synced story.
 *
 * IndexedDB stays the source of truth; storage.sync is only the transport between the reader's
 * devices. Everything written there can be rebuilt from any device's library.
 */
import type { ReadingStatus } from '../library/types';

export interface SyncChange {
  oldValue?: unknown;
  newValue?: unknown;
}

export type SyncChangeListener = (changes: Record<string, SyncChange>) => void;

/** The subset of browser.storage.sync (a StorageArea) the engine uses. */
export interface SyncArea {
  get(keys?: null | string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
  /** Optional: not every implementation has it (Firefox < 131 and the test fake do not). */
  getBytesInUse?(keys?: null | string | string[]): Promise<number>;
  onChanged: {
    addListener(cb: SyncChangeListener): void;
    removeListener(cb: SyncChangeListener): void;
  };
}

/** The subset of browser.storage.local the engine uses (reader settings, the on/off switch). */
export interface LocalArea {
  get(keys: string | string[]): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
}

/**
 * storage.sync quotas (the same numbers in Chrome and Firefox). An item's size is its key's
 * length plus the length of its JSON, in UTF-8 bytes, as Chrome counts it.
 */
export const SYNC_QUOTA = {
  QUOTA_BYTES: 102_400,
  QUOTA_BYTES_PER_ITEM: 8_192,
  MAX_ITEMS: 512,
  MAX_WRITE_OPERATIONS_PER_MINUTE: 120,
  MAX_WRITE_OPERATIONS_PER_HOUR: 1_800,
} as const;

/** How much of the quota the engine plans to use (the rest is headroom for other writers and rounding). */
export interface SyncBudget {
  /** Total bytes for all items the engine writes. */
  bytes: number;
  /** Largest single item. */
  itemBytes: number;
  /** Most items. */
  items: number;
}

export const DEFAULT_BUDGET: SyncBudget = {
  bytes: 92_000, // 90% of QUOTA_BYTES
  itemBytes: 8_000,
  items: 500,
};

export type CorrectionLabel = 'story' | 'note';

/** One reader correction with its change time; label null = the reader removed the correction. */
export interface SyncCorrection {
  label: CorrectionLabel | null;
  at: number;
}

/** A reading position as synced: block, ratio (4 decimals), time. */
export interface SyncPosition {
  b: number;
  r: number;
  t: number;
}

/**
 * One story as synced. Every reader-owned field carries the time it was last changed; merging two
 * of these takes each field from the side that changed it last (see merge.ts).
 */
export interface SyncStory {
  key: string;
  site: string;
  storyId: string;
  title: string;
  url: string;
  followed: boolean;
  /** When the follow flag last changed (0 = never set by the reader). */
  followAt: number;
  readingStatus: ReadingStatus | null;
  statusAt: number;
  /** Last visit (the library's lastReadAt). */
  readAt: number;
  chapterId: string | null;
  chapterIndex: number | null;
  chapterUrl: string | null;
  /** Position in `chapterId`. */
  position: SyncPosition | null;
  corrections: Record<string, SyncCorrection>;
}

/** A story the reader removed from the library, at `removedAt`. */
export interface SyncTombstone {
  key: string;
  removedAt: number;
}

export type SyncEntry = { kind: 'story'; story: SyncStory } | { kind: 'tombstone'; tombstone: SyncTombstone };

/** What the settings page shows. */
export interface SyncStatus {
  enabled: boolean;
  /** Stories whose data is in sync storage now (or will be after the next push). */
  storiesSynced: number;
  /** Stories that should be synced (followed, with a reading status or corrections, or read lately). */
  storiesTotal: number;
  /** Bytes in storage.sync. */
  bytesUsed: number;
  quotaBytes: number;
  /** True when some stories do not fit: the most recently read ones are synced. */
  overflow: boolean;
  /** Another device writes a newer sync format: this one stays off until updated. */
  newerFormat: boolean;
  lastSyncAt: number | null;
  lastError: string | null;
}
