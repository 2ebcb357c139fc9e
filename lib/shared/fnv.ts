/**
 * FNV-1a, 32 bits: the one string hash of the extension (note fingerprints, generic page ids, WebDAV
 * shard numbers, the sync area's fingerprint). Not cryptographic: for stable short ids only.
 */
export const FNV_SEED = 0x811c9dc5;
/** A second seed, for a 64-bit id made of two 32-bit hashes. */
export const FNV_SEED_2 = 0x2f3b5d17;

export function fnv1a(s: string, seed = FNV_SEED): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
