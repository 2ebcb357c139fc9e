/** The pages' site names come from the registry through the build, in its order. */
import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../../lib/sites/registry';
import { SITE_DISPLAY_NAMES, SITE_NAMES, SITES } from '../../../lib/sites/names';

describe('site names without the adapters', () => {
  it('name every adapter of the registry, in its order', () => {
    expect(SITES.map(([id]) => id)).toEqual(ADAPTERS.map((a) => a.id));
    for (const a of ADAPTERS) expect(SITE_NAMES[a.id]).toBe(a.name);
    expect(SITE_DISPLAY_NAMES).toEqual([...new Set(ADAPTERS.map((a) => a.name))]);
  });
});
