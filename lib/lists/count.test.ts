import { describe, expect, it } from 'vitest';
import { catalog, LOCALES, useLocale } from '../../tests/unit/i18n/locales';
import { num, tn } from '../i18n';
import { count, countMessage } from './count';

describe('count', () => {
  it.each(LOCALES)('writes whole numbers under 1000 as Intl does in %s, and bigger ones through Intl', (lang) => {
    const intl = new Intl.NumberFormat(catalog(lang).locale.message);
    for (let n = 0; n < 1000; n++) expect(count(n), `${lang} ${n}`).toBe(intl.format(n));
    useLocale(lang);
    for (const n of [1000, 25_000, 1.5, -3]) expect(count(n)).toBe(num(n));
  });

  it.each(LOCALES)('gives the message tn gives, every plural form, in %s', (lang) => {
    useLocale(lang);
    for (const n of [0, 1, 2, 3, 5, 11, 21, 22, 25, 101, 999, 1000, 1001, 12_345]) {
      expect(countMessage('listHidden', n), `${lang} ${n}`).toBe(tn('listHidden', n));
      expect(countMessage('listImportAddedKept', n, [4]), `${lang} ${n}`).toBe(tn('listImportAddedKept', n, [4]));
    }
  });
});
