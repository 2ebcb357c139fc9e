/** lib/sync/settings.ts: reader settings through sync, the last change winning. */
import { describe, expect, it } from 'vitest';
import { openLibrary } from '../../../lib/library/schema';
import { encodeSettings } from '../../../lib/sync/codec';
import { mergeSettings, observeSettings, pullSettings } from '../../../lib/sync/settings';
import { SETTINGS_KEY } from '../../../lib/settings/settings';
import { freshName, memoryLocal, T0 } from './helpers';

describe('settings sync', () => {
  it('the later change wins; a tie goes to a fixed order', () => {
    const a = { at: 2000, value: { theme: 'dark' } };
    const b = { at: 1000, value: { theme: 'light' } };
    expect(mergeSettings(a, b)).toBe(a);
    expect(mergeSettings(b, a)).toBe(a);
    const tie = { at: 2000, value: { theme: 'sepia' } };
    expect(mergeSettings(a, tie)).toBe(mergeSettings(tie, a));
  });

  it("a device that never changed its settings takes the other devices' ones", async () => {
    const db = await openLibrary(freshName('settings'));
    const local = memoryLocal();
    expect((await observeSettings(db, local, T0, true)).at).toBe(0); // defaults lose to anything
    const synced = encodeSettings({ at: T0, value: { theme: 'dark' } });
    expect(await pullSettings(db, { cfg: synced }, local, T0 + 1000)).toBe(true);
    expect(local.data.get(SETTINGS_KEY)).toMatchObject({ theme: 'dark' });
    // Taken once: nothing more to apply.
    expect(await pullSettings(db, { cfg: synced }, local, T0 + 2000)).toBe(false);
    db.close();
  });
});
