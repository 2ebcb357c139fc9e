import { describe, expect, it } from 'vitest';
import { useLocale } from '../../tests/unit/i18n/locales';
import { IMPORT_STRINGS } from './import';
import { MARK_STRINGS } from './page';

describe('the list pages\' words', () => {
  it('are the English ones the feature shipped with', () => {
    expect(MARK_STRINGS.hidden(1)).toBe('1 story hidden by Calm Reader');
    expect(MARK_STRINGS.hidden(4)).toBe('4 stories hidden by Calm Reader');
    expect(MARK_STRINGS.followLabel('Ivy')).toBe('Follow “Ivy” in Calm Reader');
    expect(IMPORT_STRINGS.offer(1)).toBe('Add this story to your library');
    expect(IMPORT_STRINGS.offer(30)).toBe('Add these 30 stories to your library');
    expect(IMPORT_STRINGS.add(1)).toBe('Add 1 story');
    expect(IMPORT_STRINGS.fetched(3, 1250)).toBe('3 pages read: 1,250 stories.');
    expect(IMPORT_STRINGS.added(3, 2)).toBe('Added 3 stories to your library (2 already there).');
    expect(IMPORT_STRINGS.added(1, 0)).toBe('Added 1 story to your library.');
  });

  it('follow the reader\'s language and its plural forms', () => {
    useLocale('ru');
    expect(MARK_STRINGS.hidden(1)).toBe('Calm Reader скрыл 1 историю');
    expect(MARK_STRINGS.hidden(3)).toBe('Calm Reader скрыл 3 истории');
    expect(MARK_STRINGS.hidden(11)).toBe('Calm Reader скрыл 11 историй');
    expect(IMPORT_STRINGS.offer(21)).toBe('Добавить 21 историю в библиотеку');
    expect(IMPORT_STRINGS.fetched(2, 25)).toBe('Готово: 2 страницы, 25 историй.');
    expect(MARK_STRINGS.statusLabel('Ivy')).toBe('Статус чтения «Ivy»');
    useLocale('fr');
    expect(IMPORT_STRINGS.added(2, 1)).toBe('2 histoires ajoutées à votre bibliothèque (déjà présentes : 1).');
    useLocale('id');
    expect(IMPORT_STRINGS.add(1)).toBe('Tambahkan 1 cerita');
  });
});
