/**
 * Counts in the list pages' words without Intl.NumberFormat on the page's load: in Chromium the
 * first NumberFormat a renderer builds costs 30–80 ms (ICU's number data), more than the marks'
 * whole budget (BENCHMARKS.md, list marks), while PluralRules costs well under a millisecond.
 * Whole numbers under 1000 are written alike in every shipped locale (Latin digits, no grouping;
 * count.test.ts checks each catalogue's locale against Intl), so they are plain digits; bigger ones,
 * rare on a list page, go through num() as everywhere else.
 */
import { num, pluralCategory, t, tn, type MessageKey, type PluralKey, type Sub } from '../i18n';

const small = (n: number) => Number.isInteger(n) && n >= 0 && n < 1000;

/** `n` as the reader's locale writes it. */
export const count = (n: number): string => (small(n) ? String(n) : num(n));

/** tn(key, n, more) with `n` written by count(): the `_<category>` form, else `_other`. */
export function countMessage(key: PluralKey, n: number, more: readonly Sub[] = []): string {
  if (!small(n)) return tn(key, n, more);
  const subs = [String(n), ...more];
  const form = `${key}_${pluralCategory(n)}` as MessageKey;
  const text = t(form, subs);
  return text !== form ? text : t(`${key}_other` as MessageKey, subs);
}
