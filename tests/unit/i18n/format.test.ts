/** Issue 21: plurals, relative days, lists, numbers and durations through Intl, in English and Russian. */
import { describe, expect, it } from 'vitest';
import { date, duration, list, locale, num, relativeDay, t, tn } from '../../../lib/i18n';
import { catalog, LOCALES, useLocale } from './locales';

const NOW = new Date(2026, 11, 7, 15, 0).getTime();
const DAY = 24 * 60 * 60 * 1000;

describe('English (the default in unit tests)', () => {
  it('picks the plural form with Intl.PluralRules and formats the count', () => {
    expect(locale()).toBe('en');
    expect(tn('chaptersNew', 1)).toBe('1 new chapter');
    expect(tn('chaptersNew', 3)).toBe('3 new chapters');
    expect(tn('storyCount', 10_000)).toBe('10,000 stories');
    expect(tn('showingOf', 40, [12])).toBe('Showing 12 of 40 stories');
    expect(tn('intervalHours', 1)).toBe('Every hour');
  });

  it('relative days, lists, dates and durations', () => {
    expect(relativeDay(NOW - 1000, NOW)).toBe('today');
    expect(relativeDay(NOW - DAY, NOW)).toBe('yesterday');
    expect(relativeDay(NOW - 3 * DAY, NOW)).toBe('3 days ago');
    expect(relativeDay(NOW - 30 * DAY, NOW)).toBe('Nov 7, 2026');
    expect(list(['AO3', 'Royal Road', 'Wattpad'])).toBe('AO3, Royal Road, and Wattpad');
    expect(duration(200)).toBe('3 hr 20 min');
    expect(t('lastRead', relativeDay(NOW - DAY, NOW))).toBe('Last read yesterday');
  });
});

describe('Russian', () => {
  it('uses the one / few / many forms (1, 21 / 2–4, 22 / 5–20, 11, 0)', () => {
    useLocale('ru');
    expect(locale()).toBe('ru');
    expect(tn('chaptersNew', 1)).toBe('1 новая глава');
    expect(tn('chaptersNew', 21)).toBe('21 новая глава');
    expect(tn('chaptersNew', 2)).toBe('2 новые главы');
    expect(tn('chaptersNew', 24)).toBe('24 новые главы');
    expect(tn('chaptersNew', 5)).toBe('5 новых глав');
    expect(tn('chaptersNew', 11)).toBe('11 новых глав');
    expect(tn('chaptersNew', 0)).toBe('0 новых глав');
    // Numbers in Russian grouping (a no-break space).
    expect(tn('storyCount', 10_000)).toBe(`${num(10_000)} историй`);
    expect(num(10_000)).toMatch(/^10\s000$/);
  });

  it('relative days, lists, dates and durations in Russian', () => {
    useLocale('ru');
    expect(relativeDay(NOW - 1000, NOW)).toBe('сегодня');
    expect(relativeDay(NOW - DAY, NOW)).toBe('вчера');
    expect(relativeDay(NOW - 3 * DAY, NOW)).toBe('3 дня назад');
    expect(relativeDay(NOW - 5 * DAY, NOW)).toBe('5 дней назад');
    expect(list(['AO3', 'Royal Road', 'Wattpad'])).toBe('AO3, Royal Road и Wattpad');
    expect(date(new Date(2024, 5, 14), { day: 'numeric', month: 'long', year: 'numeric' })).toBe('14 июня 2024 г.');
    expect(duration(200)).toMatch(/^3 ч 20 мин$/);
    expect(t('chapterOf', [3, 12])).toBe('Глава 3 из 12');
  });

  it('falls back to the other form, and shows the key of a message no catalogue has', () => {
    useLocale('id');
    expect(tn('chaptersNew', 1)).toBe('1 bab baru');
    // @ts-expect-error: a key that does not exist
    expect(t('noSuchMessage')).toBe('noSuchMessage');
  });
});

describe('num: plain digits for whole numbers under 1000 (no Intl.NumberFormat on a page load)', () => {
  it.each(LOCALES)('writes 0–999 as Intl does in %s, and other numbers through Intl', (lang) => {
    const intl = new Intl.NumberFormat(catalog(lang).locale.message);
    useLocale(lang);
    for (let n = 0; n < 1000; n++) expect(num(n), `${lang} ${n}`).toBe(intl.format(n));
    for (const n of [1000, 25_000, 1_234_567, 1.5, 999.5, -3, -0.5]) expect(num(n), `${lang} ${n}`).toBe(intl.format(n));
  });

  it.each(LOCALES)('counted messages carry the same digits in %s', (lang) => {
    useLocale(lang);
    const intl = new Intl.NumberFormat(catalog(lang).locale.message);
    for (const n of [0, 1, 2, 3, 5, 11, 21, 22, 101, 999, 1000, 12_345]) expect(tn('listHidden', n), `${lang} ${n}`).toContain(intl.format(n));
  });
});
