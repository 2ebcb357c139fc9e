/**
 * The words the marks show at first paint (lib/lists/page.ts MARK_STRINGS and markLabel in
 * settings.ts): the worker sends them with the marks (lib/i18n wordsFor / useWords), so the page's
 * thread draws the marks without a first call into browser.i18n. A key missing here still works
 * (asked of the browser); words.test.ts checks none is missing.
 */
import type { MessageKey, PluralKey } from '../i18n';

export const MARK_WORD_KEYS: readonly MessageKey[] = [
  'follow',
  'following',
  'listFollowLabel',
  'listMarkAria',
  'listShowHidden',
  'listHideAgain',
  'listStatusDropped',
  'listStatusFinished',
  'listStatusLabel',
  'listMarkDropped',
  'listMarkFinished',
  'listMarkReadToOf',
  'listMarkReadTo',
  'listMarkInLibrary',
];

export const MARK_PLURAL_KEYS: readonly PluralKey[] = ['listHidden', 'badgeNew'];
