/** lib/sites/served.ts: outside the extension build (tests, type checks, build-time reads) it serves the whole registry. */
import { describe, expect, it } from 'vitest';
import { SERVED_ADAPTERS } from '../../../lib/sites/served';
import { ADAPTERS, SITE_FOLDERS } from '../../../lib/sites/registry';

describe('SERVED_ADAPTERS', () => {
  it('is the whole registry, the same adapters in the same order', () => {
    expect(SERVED_ADAPTERS).toBe(ADAPTERS);
    expect(SERVED_ADAPTERS.map((a) => a.id)).toEqual(SITE_FOLDERS.flatMap((f) => f.adapters.map((a) => a.id)));
  });

  it('serves every site folder', () => {
    expect(SITE_FOLDERS.length).toBeGreaterThan(1);
    for (const folder of SITE_FOLDERS) {
      for (const adapter of folder.adapters) expect(SERVED_ADAPTERS).toContain(adapter);
    }
  });
});
