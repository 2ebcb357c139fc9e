/** lib/library/clock.ts: times from other clocks are never trusted to be in the past. */
import { describe, expect, it } from 'vitest';
import { beatable, clampTime, latestAllowed, MAX_CLOCK_SKEW_MS } from '../../../lib/library/clock';

const NOW = 1_750_000_000_000;

describe('clock bounds', () => {
  it('allows another device five minutes ahead', () => {
    expect(MAX_CLOCK_SKEW_MS).toBe(300_000);
    expect(latestAllowed(NOW)).toBe(NOW + 300_000);
  });

  it('clampTime keeps past, present and slightly-ahead times as they are', () => {
    for (const t of [0, 1, NOW - 86_400_000, NOW, NOW + 60_000, latestAllowed(NOW)]) expect(clampTime(t, NOW)).toBe(t);
  });

  it('clampTime brings an impossible future time (another clock years ahead, a crafted file) back to the bound', () => {
    for (const t of [latestAllowed(NOW) + 1, Date.UTC(2100, 0, 1), Number.MAX_SAFE_INTEGER, Infinity]) {
      expect(clampTime(t, NOW)).toBe(latestAllowed(NOW));
    }
  });

  it('beatable keeps possible times and makes an impossible stored time count as older than anything', () => {
    expect(beatable(NOW - 5, NOW)).toBe(NOW - 5);
    expect(beatable(latestAllowed(NOW), NOW)).toBe(latestAllowed(NOW));
    expect(beatable(latestAllowed(NOW) + 1, NOW)).toBe(0);
    expect(beatable(Date.UTC(2100, 0, 1), NOW)).toBe(0);
    // A real action now beats a stored time from 2100.
    expect(NOW > beatable(Date.UTC(2100, 0, 1), NOW)).toBe(true);
  });

  it('a time from the future becomes acceptable once this clock catches up', () => {
    const t = NOW + 3_600_000;
    expect(clampTime(t, NOW)).toBe(latestAllowed(NOW));
    expect(clampTime(t, NOW + 3_600_000)).toBe(t);
    expect(beatable(t, NOW + 3_300_000)).toBe(t);
  });
});
