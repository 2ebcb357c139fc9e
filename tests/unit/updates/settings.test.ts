import { describe, expect, it } from 'vitest';
import { DEFAULT_UPDATE_SETTINGS, normalizeSettings } from '../../../lib/updates/settings';

describe('normalizeSettings', () => {
  it('defaults to every 3 hours, notifications off', () => {
    expect(normalizeSettings(undefined)).toEqual({ intervalMinutes: 180, notify: false });
    expect(DEFAULT_UPDATE_SETTINGS).toEqual({ intervalMinutes: 180, notify: false });
  });

  it('clamps the interval, keeps 0 as never, and ignores bad fields', () => {
    expect(normalizeSettings({ intervalMinutes: 1 })).toMatchObject({ intervalMinutes: 30 });
    expect(normalizeSettings({ intervalMinutes: 10 ** 9 })).toMatchObject({ intervalMinutes: 7 * 24 * 60 });
    expect(normalizeSettings({ intervalMinutes: -5 })).toMatchObject({ intervalMinutes: 0 });
    expect(normalizeSettings({ intervalMinutes: 90.4, notify: true })).toEqual({ intervalMinutes: 90, notify: true });
    expect(normalizeSettings({ intervalMinutes: '60', notify: 'yes' }, { intervalMinutes: 45, notify: true })).toEqual({
      intervalMinutes: 45,
      notify: true,
    });
  });
});
