/**
 * Times that come from outside this browser (another device's sync items, a backup file, a
 * content script's position) are never trusted to be in the past: a clock years ahead, or a file
 * crafted with dates in 2100, would otherwise win every last-writer-wins comparison for good.
 *
 * - On the way in (sync decode, backup import, save) a time later than now + MAX_CLOCK_SKEW_MS is
 *   brought back to that bound (`clampTime`).
 * - A time already stored beyond the bound (from before these checks) counts as older than any
 *   real action now (`beatable`).
 */

/** How far ahead of this device's clock another clock may be (two devices a few minutes apart). */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** The latest time accepted from outside at `now`. */
export const latestAllowed = (now: number) => now + MAX_CLOCK_SKEW_MS;

/** `t`, or the latest time accepted at `now` when `t` is later (impossible). */
export function clampTime(t: number, now: number): number {
  return t > latestAllowed(now) ? latestAllowed(now) : t;
}

/** `t` as a real action at `now` must compare against it: an impossible (future) time counts as 0. */
export function beatable(t: number, now: number): number {
  return t > latestAllowed(now) ? 0 : t;
}
