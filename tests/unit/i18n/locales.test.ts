/**
 * Issue 21: every locale has exactly English's keys, with the same placeholders, and the plural
 * forms its language needs (Intl.PluralRules' categories: Russian one/few/many/other, Indonesian
 * other only).
 */
import { describe, expect, it } from 'vitest';
import { formatMessage, placeholders, type Catalog } from '../../../lib/i18n/catalog';
import { catalog, LOCALES } from './locales';

const PLURAL = /_(zero|one|two|few|many|other)$/;
const en = catalog('en');
const bcp47 = (folder: string) => folder.replace('_', '-');

/** Keys without their plural suffix: the messages a locale must have (plural bases once). */
function messages(c: Catalog): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const k of Object.keys(c)) {
    const base = k.replace(PLURAL, '');
    const forms = out.get(base) ?? [];
    if (base !== k) forms.push(k.slice(base.length + 1));
    out.set(base, forms);
  }
  return out;
}

export function localeProblems(lang: string, c: Catalog): string[] {
  const problems: string[] = [];
  const want = messages(en);
  const have = messages(c);
  const categories = new Intl.PluralRules(bcp47(lang)).resolvedOptions().pluralCategories.slice().sort();
  for (const [base, forms] of want) {
    if (!have.has(base)) problems.push(`missing ${base}`);
    else if (forms.length) {
      const got = (have.get(base) ?? []).slice().sort();
      if (got.join() !== categories.join()) problems.push(`${base}: plural forms ${got.join('/')} (${lang} needs ${categories.join('/')})`);
    } else if ((have.get(base) ?? []).length) problems.push(`${base}: plural forms where en has none`);
  }
  for (const base of have.keys()) if (!want.has(base)) problems.push(`extra ${base}`);
  for (const [k, entry] of Object.entries(c)) {
    const base = k.replace(PLURAL, '');
    const plural = base !== k;
    const ref = plural ? en[`${base}_other`] : en[k];
    if (!ref) continue;
    if (typeof entry.message !== 'string' || !entry.message.trim()) {
      problems.push(`${k}: empty message`);
      continue;
    }
    const mine = placeholders(entry);
    const theirs = placeholders(ref);
    if (mine.declared.join() !== theirs.declared.join()) problems.push(`${k}: placeholders ${mine.declared.join(' ')} differ from en ${theirs.declared.join(' ')}`);
    // Every placeholder English shows is shown; a plural form may leave out the count ("Every hour").
    const missing = theirs.used.filter((n) => !mine.used.includes(n) && !(plural && n === 'count'));
    const unknown = mine.used.filter((n) => !mine.declared.some((d) => d.startsWith(`${n}=`)));
    if (missing.length) problems.push(`${k}: does not show ${missing.join(', ')}`);
    if (unknown.length) problems.push(`${k}: undeclared ${unknown.join(', ')}`);
    // Only named placeholders: a bare $1 in the message is read differently by browsers.
    if (/\$\d/.test(entry.message.replace(/\$\$/g, ''))) problems.push(`${k}: bare $n in the message`);
  }
  // The store listing: Chrome refuses a description over 132 characters, Edge a name over 45.
  if ((c.extName?.message.length ?? 0) > 45) problems.push('extName: longer than 45 characters');
  if ((c.extShortName?.message.length ?? 0) > 12) problems.push('extShortName: longer than 12 characters');
  if ((c.extDescription?.message.length ?? 0) > 132) problems.push('extDescription: longer than 132 characters');
  return problems;
}

describe('locales', () => {
  it('ships English and the seven other languages', () => {
    expect(LOCALES).toEqual(['de', 'en', 'es', 'fr', 'id', 'it', 'pt_BR', 'ru']);
  });

  it.each(LOCALES.filter((l) => l !== 'en'))('%s has every English key, no other, the same placeholders and its plural forms', (lang) => {
    expect(localeProblems(lang, catalog(lang))).toEqual([]);
  });

  it('English has its own plural forms and no bare substitutions', () => {
    expect(localeProblems('en', en)).toEqual([]);
  });

  it('each catalogue names its own locale (for Intl) and differs from English', () => {
    for (const lang of LOCALES) {
      expect(catalog(lang).locale.message).toBe(bcp47(lang));
      if (lang !== 'en') expect(catalog(lang).extDescription.message).not.toBe(en.extDescription.message);
    }
  });

  it('the check catches what it is for', () => {
    const broken: Catalog = JSON.parse(JSON.stringify(en));
    delete broken.entireWork;
    broken.surplus = { message: 'x' };
    broken.lastRead = { message: 'Zuletzt gelesen $WANN$', placeholders: { wann: { content: '$1' } } };
    broken.checkNoneFor = { message: 'Keine neuen Kapitel.', placeholders: en.checkNoneFor.placeholders };
    delete broken.storyCount_one;
    const p = localeProblems('de', broken);
    expect(p).toContain('missing entireWork');
    expect(p).toContain('extra surplus');
    expect(p.some((x) => x.startsWith('lastRead: placeholders'))).toBe(true);
    expect(p.some((x) => x.startsWith('storyCount: plural forms'))).toBe(true);
    expect(p).toContain('checkNoneFor: does not show title');
    expect(localeProblems('ru', en).some((x) => x.includes('ru needs few/many/one/other'))).toBe(true);
  });

  it('reads placeholders as the browser does', () => {
    expect(formatMessage(en, 'showingOf_other', ['40', '12'])).toBe('Showing 12 of 40 stories');
    expect(formatMessage(en, 'nope', [])).toBe('');
  });
});
