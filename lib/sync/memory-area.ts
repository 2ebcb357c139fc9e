/**
 * An in-memory stand-in for storage.sync shared by several "devices", for tests and demos.
 *
 * Each device has its own replica. While online, a device's write reaches every online replica at
 * once and fires onChanged there (as the browser's sync does). While offline, writes stay in the
 * device's replica; on reconnect they are replayed onto the shared state item by item (the stale
 * device's items overwrite newer ones: the worst case of the browser's item-level
 * last-writer-wins), then every replica catches up and gets onChanged for what changed.
 * Quotas are enforced as Chrome does (set/remove reject with the same messages).
 */
import { itemBytes } from './codec';
import { SYNC_QUOTA, type SyncArea, type SyncChange, type SyncChangeListener } from './types';

export interface MemorySyncDevice extends SyncArea {
  readonly name: string;
  /** Write operations (set/remove calls) made by this device. */
  readonly writeOps: number;
  getBytesInUse(keys?: null | string | string[]): Promise<number>;
}

export interface MemorySyncBackend {
  device(name: string): MemorySyncDevice;
  setOnline(name: string, online: boolean): void;
  /** The shared state (what an online device sees). */
  snapshot(): Record<string, unknown>;
  bytesInUse(): number;
}

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

interface Replica {
  name: string;
  data: Map<string, unknown>;
  listeners: Set<SyncChangeListener>;
  online: boolean;
  pending: Map<string, unknown | undefined>;
  ops: number;
}

export function createMemorySyncBackend(
  quota: { bytes: number; perItem: number; items: number } = {
    bytes: SYNC_QUOTA.QUOTA_BYTES,
    perItem: SYNC_QUOTA.QUOTA_BYTES_PER_ITEM,
    items: SYNC_QUOTA.MAX_ITEMS,
  },
): MemorySyncBackend {
  const shared = new Map<string, unknown>();
  const replicas = new Map<string, Replica>();

  const total = (data: Map<string, unknown>) => [...data].reduce((n, [k, v]) => n + itemBytes(k, v), 0);

  function notify(r: Replica, changes: Record<string, SyncChange>) {
    if (Object.keys(changes).length === 0) return;
    for (const l of [...r.listeners]) l(clone(changes));
  }

  /** Apply writes to one map; returns the changes. */
  function applyTo(data: Map<string, unknown>, writes: Map<string, unknown | undefined>): Record<string, SyncChange> {
    const changes: Record<string, SyncChange> = {};
    for (const [k, v] of writes) {
      const old = data.get(k);
      if (JSON.stringify(old) === JSON.stringify(v)) continue;
      if (v === undefined) data.delete(k);
      else data.set(k, clone(v));
      changes[k] = { oldValue: clone(old), newValue: clone(v) };
    }
    return changes;
  }

  function broadcast(writes: Map<string, unknown | undefined>) {
    applyTo(shared, writes);
    for (const r of replicas.values()) if (r.online) notify(r, applyTo(r.data, writes));
  }

  function write(r: Replica, writes: Map<string, unknown | undefined>) {
    const after = new Map(r.data);
    for (const [k, v] of writes) if (v === undefined) after.delete(k);
    else after.set(k, v);
    for (const [k, v] of writes) {
      if (v !== undefined && itemBytes(k, v) > quota.perItem) throw new Error('QUOTA_BYTES_PER_ITEM quota exceeded');
    }
    if (total(after) > quota.bytes) throw new Error('QUOTA_BYTES quota exceeded');
    if (after.size > quota.items) throw new Error('MAX_ITEMS quota exceeded');
    r.ops++;
    if (r.online) broadcast(writes);
    else {
      notify(r, applyTo(r.data, writes));
      for (const [k, v] of writes) r.pending.set(k, v);
    }
  }

  function device(name: string): MemorySyncDevice {
    let r = replicas.get(name);
    if (!r) {
      r = { name, data: new Map(shared), listeners: new Set(), online: true, pending: new Map(), ops: 0 };
      replicas.set(name, r);
    }
    const rep = r;
    const pick = (keys?: null | string | string[]) =>
      keys === null || keys === undefined ? [...rep.data.keys()] : typeof keys === 'string' ? [keys] : keys;
    return {
      name,
      get writeOps() {
        return rep.ops;
      },
      async get(keys) {
        const out: Record<string, unknown> = {};
        for (const k of pick(keys)) if (rep.data.has(k)) out[k] = clone(rep.data.get(k));
        return out;
      },
      async set(items) {
        write(rep, new Map(Object.entries(clone(items))));
      },
      async remove(keys) {
        write(rep, new Map((typeof keys === 'string' ? [keys] : keys).map((k) => [k, undefined])));
      },
      async getBytesInUse(keys) {
        return pick(keys).reduce((n, k) => n + (rep.data.has(k) ? itemBytes(k, rep.data.get(k)) : 0), 0);
      },
      onChanged: {
        addListener: (cb) => void rep.listeners.add(cb),
        removeListener: (cb) => void rep.listeners.delete(cb),
      },
    };
  }

  return {
    device,
    setOnline(name, online) {
      const r = replicas.get(name);
      if (!r || r.online === online) return;
      r.online = online;
      if (!online) return;
      // Reconnect: the stale device's writes land on the shared state first (worst case) ...
      const pending = r.pending;
      r.pending = new Map();
      applyTo(shared, pending);
      // ... then every online replica catches up with the shared state.
      for (const other of replicas.values()) {
        if (!other.online) continue;
        const catchUp = new Map<string, unknown | undefined>(shared);
        for (const k of other.data.keys()) if (!shared.has(k)) catchUp.set(k, undefined);
        notify(other, applyTo(other.data, catchUp));
      }
    },
    snapshot: () => Object.fromEntries([...shared].map(([k, v]) => [k, clone(v)])),
    bytesInUse: () => total(shared),
  };
}
