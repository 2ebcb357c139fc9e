/**
 * Every word the reader sees, in the browser's language: browser.i18n reads
 * public/_locales/<lang>/messages.json (the manifest's default_locale is en). One helper for every
 * page and the content script; the content script bundles no catalogue (the browser reads it).
 *
 * Plurals: a message per plural category of the language (`key_one`, `key_few`, `key_many`,
 * `key_other`), chosen with Intl.PluralRules. Numbers, dates, relative days and lists use Intl in
 * the locale of the catalogue the browser picked (the `locale` message), not the UI language, so a
 * Japanese browser that gets the English words gets English number and date formats too.
 */
import { browser } from 'wxt/browser';
import type EN from '../../public/_locales/en/messages.json';
import { formatMessage, type Catalog } from './catalog';

export type MessageKey = keyof typeof EN;
/** Keys with plural forms: `chaptersNew` for `chaptersNew_one` / `chaptersNew_other`. */
export type PluralKey = { [K in MessageKey]: K extends `${infer B}_other` ? B : never }[MessageKey];
export type Sub = string | number;

interface Source {
  get(key: string, subs: string[]): string;
}

let source: Source | null = null;
let localeCache: string | null = null;

const browserSource: Source = {
  get: (key, subs) => {
    try {
      return browser.i18n.getMessage(key as '@@ui_locale', subs);
    } catch {
      return '';
    }
  },
};

/** Tests only: answer from this catalogue (a messages.json) instead of browser.i18n. */
export function useCatalog(catalog: Catalog): void {
  source = { get: (key, subs) => formatMessage(catalog, key, subs) };
  localeCache = null;
  cache.clear();
}

/** The locale of the words shown ("en", "pt-BR"), for Intl. */
export function locale(): string {
  if (localeCache) return localeCache;
  const l = (source ?? browserSource).get('locale', []);
  let ok = 'en';
  try {
    ok = Intl.getCanonicalLocales(l || 'en')[0] ?? 'en';
  } catch {
    /* a broken catalogue value: English formats */
  }
  localeCache = ok;
  return ok;
}

/**
 * Load the browser's catalogue now: its first use costs 3–17 ms on a page's thread (the browser
 * reads messages.json synchronously). A content script calls it while the page is still loading,
 * in a task of its own, so that the reader view's first words cost nothing on its first frame.
 */
export function warmUp(): void {
  locale();
}

const cache = new Map<string, unknown>();
function cached<T>(id: string, make: () => T): T {
  const k = `${locale()}|${id}`;
  let v = cache.get(k) as T | undefined;
  if (v === undefined) {
    v = make();
    cache.set(k, v);
  }
  return v;
}

/**
 * A number in the reader's locale: 10,000 / 10 000 / 10.000. Whole numbers from 0 to 999 are
 * written alike in every shipped locale (Latin digits, no grouping; tests/unit/i18n/format.test.ts
 * checks each against Intl), so they are plain digits: in Chromium the first Intl.NumberFormat a
 * page's renderer builds costs 30–80 ms, which a content script would pay on load for a "3 new".
 */
export function num(n: number): string {
  if (Number.isInteger(n) && n >= 0 && n < 1000) return String(n);
  return cached('num', () => new Intl.NumberFormat(locale())).format(n);
}

const subsOf = (subs: Sub | readonly Sub[] | undefined): string[] =>
  (subs === undefined ? [] : Array.isArray(subs) ? subs : [subs]).map((s) => (typeof s === 'number' ? num(s) : String(s)));

/** The message for `key`; numbers among the substitutions are formatted for the locale. */
export function t(key: MessageKey, subs?: Sub | readonly Sub[]): string {
  const text = (source ?? browserSource).get(key, subsOf(subs));
  // A missing message shows its key (never an empty control); the locale tests keep this from shipping.
  return text || key;
}

/** The plural category of `n` in the reader's language: one, few, many, other… */
export function pluralCategory(n: number): Intl.LDMLPluralRule {
  return cached('plural', () => new Intl.PluralRules(locale())).select(n);
}

/** A counted message: `n` is $1 (formatted), then `more`. Falls back to the `_other` form. */
export function tn(key: PluralKey, n: number, more: readonly Sub[] = []): string {
  const subs = subsOf([n, ...more]);
  const src = source ?? browserSource;
  return src.get(`${key}_${pluralCategory(n)}`, subs) || src.get(`${key}_other`, subs) || key;
}

/**
 * Messages with their substitutions left open, to be filled in elsewhere: the worker reads them
 * (browser.i18n there is warm) and sends them with its answer, so a content script shows its
 * first words without a call into browser.i18n (the first one loads the catalogue synchronously:
 * 3–17 ms on a page's thread). '' for a key the catalogue lacks, as getMessage gives.
 */
export interface Words {
  locale: string;
  messages: Record<string, string>;
}

/** `$n` stands for substitution n; a control character no catalogue holds. */
const HOLE = '\u0001';
const HOLES = Array.from({ length: 9 }, (_, i) => `${HOLE}${i + 1}`);
const PLURAL_FORMS = ['zero', 'one', 'two', 'few', 'many', 'other'] as const;

/** The open messages for `keys` and every plural form of `plurals`, in the catalogue the browser picked. */
export function wordsFor(keys: readonly MessageKey[], plurals: readonly PluralKey[] = []): Words {
  const src = source ?? browserSource;
  const messages: Record<string, string> = {};
  for (const key of [...keys, ...plurals.flatMap((p) => PLURAL_FORMS.map((f) => `${p}_${f}`))]) messages[key] = src.get(key, HOLES);
  return { locale: locale(), messages };
}

const fill = (text: string, subs: readonly string[]) => text.replace(/\u0001([1-9])/g, (_, d: string) => subs[Number(d) - 1] ?? '');

/**
 * Answer the keys of `words` (wordsFor's, from the worker) from them, every other key as before.
 * Anything but strings is left out: a bad answer costs a call into the browser, never a word.
 */
export function useWords(words: unknown): void {
  if (!words || typeof words !== 'object') return;
  const { locale: l, messages } = words as Partial<Words>;
  if (!messages || typeof messages !== 'object') return;
  const known = new Map<string, string>();
  for (const [k, v] of Object.entries(messages)) if (typeof v === 'string' && v.length <= 2000) known.set(k, v);
  const before = source ?? browserSource;
  source = { get: (key, subs) => (known.has(key) ? fill(known.get(key)!, subs) : before.get(key, subs)) };
  if (typeof l === 'string' && l) {
    try {
      localeCache = Intl.getCanonicalLocales(l)[0] ?? localeCache;
    } catch {
      /* a broken locale: asked of the browser as before */
    }
  }
}

/** "A, B and C" / "A, B y C" / "A, B и C". */
export function list(items: readonly string[], type: 'conjunction' | 'disjunction' = 'conjunction'): string {
  return cached(`list-${type}`, () => new Intl.ListFormat(locale(), { style: 'long', type })).format(items);
}

/** A date in the reader's locale (short month by default: "7 Dec 2026"). */
export function date(t: number | Date, opts: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' }): string {
  return cached(`date-${JSON.stringify(opts)}`, () => new Intl.DateTimeFormat(locale(), opts)).format(t);
}

const DAY = 24 * 60 * 60 * 1000;
function startOfDay(t: number): number {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/**
 * "today", "yesterday", "3 days ago" (Intl.RelativeTimeFormat, numeric: auto), a short date from a
 * week on. '' for no date.
 */
export function relativeDay(t: number | null | undefined, now: number): string {
  if (!t || !Number.isFinite(t)) return '';
  const days = Math.round((startOfDay(now) - startOfDay(t)) / DAY);
  if (days < 7) {
    const rtf = cached('rtf', () => new Intl.RelativeTimeFormat(locale(), { numeric: 'auto' }));
    return rtf.format(-Math.max(0, days), 'day');
  }
  return date(t);
}

/** A share (0–1) as a percentage in the reader's locale: "42%", "42 %". */
export function percent(share: number): string {
  return cached('pct', () => new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 })).format(Math.floor(share * 100) / 100);
}

const unit = (u: 'hour' | 'minute', n: number) =>
  cached(`unit-${u}`, () => new Intl.NumberFormat(locale(), { style: 'unit', unit: u, unitDisplay: 'short' })).format(n);

/** "under a minute", "12 min", "3 h 20 min" (Intl's short units: "3 Std., 20 Min.", "3 ч 20 мин"). */
export function duration(minutes: number): string {
  if (minutes < 1) return t('underAMinute');
  const m = Math.round(minutes);
  if (m < 60) return unit('minute', m);
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return rest ? t('hoursMinutes', [unit('hour', h), unit('minute', rest)]) : unit('hour', h);
}

/**
 * A language tag from outside (a page's `lang`, the detector's answer) fit for a `lang` attribute:
 * "pt-BR", "es", "zh-Hant-TW"; undefined for anything else.
 */
export function langAttr(tag: string | null | undefined): string | undefined {
  if (typeof tag !== 'string' || !/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,4}$/.test(tag.trim())) return undefined;
  try {
    return Intl.getCanonicalLocales(tag.trim())[0];
  } catch {
    return undefined;
  }
}
