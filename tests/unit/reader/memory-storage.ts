import type { StorageLike } from '../../../lib/settings/store';

/** A storage.local in memory for reader sessions (no change events). */
export function memoryStorage(): StorageLike {
  const data: Record<string, unknown> = {};
  return {
    local: {
      get: async (k) => Object.fromEntries((Array.isArray(k) ? k : [k]).filter((x) => x in data).map((x) => [x, data[x]])),
      set: async (items) => void Object.assign(data, items),
    },
    onChanged: { addListener: () => undefined, removeListener: () => undefined },
  };
}
