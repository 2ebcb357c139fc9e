/**
 * The marks' words sent by the worker (lib/lists/words.ts through lib/i18n wordsFor / useWords):
 * with nothing else to ask (an empty catalogue behind them), the marks read exactly as they do
 * from the browser's catalogue, in every shipped locale: no key is missing from the list and the
 * substitutions (titles, counts, plural forms) land where the catalogue puts them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { catalog, LOCALES, useLocale } from '../../tests/unit/i18n/locales';
import { loadPage } from '../../tests/unit/sites/load-page';
import { locale, useCatalog, useWords, wordsFor } from '../i18n';
import type { StoryMark } from '../library/list-marks';
import { readList } from '../sites/lists';
import type { StoryList } from '../sites/story-list';
import { markPage, MARK_STRINGS, OWN_ATTR } from './page';
import { normalizeListSettings } from './settings';
import { MARK_PLURAL_KEYS, MARK_WORD_KEYS } from './words';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

const mark = (key: string, over: Partial<StoryMark>): StoryMark => ({ key, followed: false, readingStatus: null, readTo: null, chapterCount: null, newCount: 0, unread: 0, ...over });
const SETS: StoryMark[][] = [
  [mark('ao3:1000001', { readTo: 5, chapterCount: 12, newCount: 3, followed: true }), mark('ao3:1000002', { readingStatus: 'dropped' })],
  [mark('ao3:1000001', { readingStatus: 'completed' }), mark('ao3:1000002', { readTo: 2, newCount: 21 })],
  [mark('ao3:1000001', {}), mark('ao3:1000002', { newCount: 1 })],
];

/** Every word and label our marks and the hidden bar show on the AO3 readings fixture. */
function drawn(): string[] {
  return SETS.flatMap(drawnWith);
}

function drawnWith(marks: StoryMark[]): string[] {
  const dir = join(__dirname, '../sites/ao3/list-fixtures/ao3-readings');
  const { url } = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { url: string };
  const { doc, close } = loadPage(readFileSync(join(dir, 'page.html'), 'utf8'), url);
  closers.push(close);
  const list = readList(doc, url) as StoryList;
  const page = markPage(doc, list, marks, normalizeListSettings({ done: { ao3: 'hide' } }), { follow: vi.fn(), setStatus: vi.fn() });
  const out: string[] = [];
  const read = () => {
    for (const host of doc.querySelectorAll(`[${OWN_ATTR}]`)) {
      for (const el of host.shadowRoot?.querySelectorAll('*') ?? []) out.push(el.textContent ?? '', el.getAttribute('aria-label') ?? '');
    }
  };
  read();
  page.setShown(true);
  read();
  return out.filter(Boolean);
}

describe("the marks' words from the worker", () => {
  it.each(LOCALES)('draw the marks as the catalogue does, with nothing else asked, in %s', (lang) => {
    useLocale(lang);
    const expected = drawn();
    const words = wordsFor(MARK_WORD_KEYS, MARK_PLURAL_KEYS);
    useCatalog({}); // nothing to ask: a key missing from MARK_WORD_KEYS would show as its key
    useWords(words);
    expect(locale()).toBe(Intl.getCanonicalLocales(catalog(lang).locale.message)[0]);
    expect(drawn()).toEqual(expected);
    expect(expected.some((s) => s.includes(String(21)))).toBe(true);
  });

  it('keep titles as they are, whatever they hold, and leave other keys to the catalogue', () => {
    const words = wordsFor(MARK_WORD_KEYS, MARK_PLURAL_KEYS);
    useWords(words);
    expect(MARK_STRINGS.followLabel('$1 \u00012 $$ “x”')).toBe('Follow “$1 \u00012 $$ “x”” in Calm Reader');
    expect(MARK_STRINGS.hidden(4)).toBe('4 stories hidden by Calm Reader');
  });

  it('ignore an answer without words or with other things than strings', () => {
    useCatalog({});
    useWords(undefined);
    useWords({ locale: 3, messages: { follow: 7, following: 'Suivi' } });
    expect(MARK_STRINGS.following).toBe('Suivi');
    expect(MARK_STRINGS.follow).toBe('follow'); // asked of the (empty) catalogue: its key
  });
});
