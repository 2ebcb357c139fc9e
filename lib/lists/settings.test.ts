import { describe, expect, it } from 'vitest';
import { useLocale } from '../../tests/unit/i18n/locales';
import type { StoryMark } from '../library/list-marks';
import type { StoryRef } from '../sites/story-list';
import { DEFAULT_LIST_SETTINGS, markLabel, normalizeListSettings, ruleHiding, treatment } from './settings';

const ref = (over: Partial<StoryRef> = {}): StoryRef => ({
  site: 'ao3',
  storyId: '1',
  title: 'T',
  author: 'Ivy, moth',
  url: 'https://archiveofourown.org/works/1',
  fandoms: ['Fandom A'],
  tags: ['Slow Burn'],
  language: 'English',
  crossover: false,
  words: null,
  chapters: null,
  chapterTotal: null,
  complete: null,
  updated: null,
  ...over,
});
const mark = (over: Partial<StoryMark> = {}): StoryMark => ({
  key: 'ao3:1',
  followed: false,
  readingStatus: null,
  readTo: null,
  chapterCount: null,
  newCount: 0,
  unread: 0,
  ...over,
});

describe('list settings', () => {
  it('normalise whatever storage holds', () => {
    expect(normalizeListSettings(undefined)).toEqual(DEFAULT_LIST_SETTINGS);
    expect(
      normalizeListSettings({
        marks: false,
        done: { ao3: 'hide', ffnet: 'explode', 'BAD SITE': 'dim' },
        rules: [
          { site: 'ao3', field: 'tag', value: ' Slow Burn ' },
          { site: '*', field: 'crossover', value: '' },
          { site: 'ao3', field: 'tag', value: '' },
          { site: 'ao3', field: 'password', value: 'x' },
          null,
        ],
      }),
    ).toEqual({
      marks: false,
      done: { ao3: 'hide' },
      rules: [
        { site: 'ao3', field: 'tag', value: 'Slow Burn' },
        { site: '*', field: 'crossover', value: '' },
      ],
    });
  });

  it('hide by tag or fandom, author, language, crossover, on their site only', () => {
    expect(ruleHiding(ref(), [{ site: 'ao3', field: 'tag', value: 'slow burn' }])).not.toBeNull();
    expect(ruleHiding(ref(), [{ site: 'ao3', field: 'tag', value: 'fandom a' }])).not.toBeNull();
    expect(ruleHiding(ref(), [{ site: 'ffnet', field: 'tag', value: 'Slow Burn' }])).toBeNull();
    expect(ruleHiding(ref(), [{ site: '*', field: 'author', value: 'MOTH' }])).not.toBeNull();
    expect(ruleHiding(ref(), [{ site: '*', field: 'author', value: 'mot' }])).toBeNull();
    expect(ruleHiding(ref(), [{ site: 'ao3', field: 'language', value: 'english' }])).not.toBeNull();
    expect(ruleHiding(ref(), [{ site: 'ao3', field: 'crossover', value: '' }])).toBeNull();
    expect(ruleHiding(ref({ crossover: true }), [{ site: 'ao3', field: 'crossover', value: '' }])).not.toBeNull();
  });

  it('dim finished and dropped stories by default, hide or show them per site', () => {
    const s = normalizeListSettings({ done: { ao3: 'hide', ffnet: 'show' } });
    expect(treatment(ref(), mark({ readingStatus: 'dropped' }), s)).toEqual({ kind: 'hide', why: 'done' });
    expect(treatment(ref({ site: 'ffnet' }), mark({ readingStatus: 'dropped' }), s)).toEqual({ kind: 'show' });
    expect(treatment(ref({ site: 'royalroad' }), mark({ readingStatus: 'completed' }), s)).toEqual({ kind: 'dim' });
    expect(treatment(ref(), mark({ readingStatus: 'reading' }), s)).toEqual({ kind: 'show' });
    expect(treatment(ref(), undefined, s)).toEqual({ kind: 'show' });
    expect(treatment(ref(), undefined, { ...s, rules: [{ site: 'ao3', field: 'language', value: 'English' }] })).toEqual({ kind: 'hide', why: 'rule' });
  });

  it('say where the reader is', () => {
    expect(markLabel(mark({ readTo: 5, chapterCount: 12 }))).toBe('read to ch. 5 of 12');
    expect(markLabel(mark({ readTo: 5, chapterCount: 12, newCount: 3 }))).toBe('read to ch. 5 of 12 · 3 new');
    expect(markLabel(mark({ newCount: 3 }))).toBe('3 new');
    expect(markLabel(mark({ readTo: 2 }))).toBe('read to ch. 2');
    expect(markLabel(mark({ readingStatus: 'completed', readTo: 5 }))).toBe('finished');
    expect(markLabel(mark({ readingStatus: 'dropped' }))).toBe('dropped');
    expect(markLabel(mark())).toBe('in your library');
  });

  it('say it in the reader\'s language, numbers and plurals included', () => {
    useLocale('ru');
    expect(markLabel(mark({ readTo: 5, chapterCount: 12, newCount: 3 }))).toBe('прочитано до гл. 5 из 12 · 3 новые');
    expect(markLabel(mark({ newCount: 21 }))).toBe('21 новая');
    expect(markLabel(mark({ newCount: 5 }))).toBe('5 новых');
    expect(markLabel(mark({ readingStatus: 'dropped' }))).toBe('брошено');
    useLocale('de');
    expect(markLabel(mark({ readTo: 1200, chapterCount: 1500 }))).toBe('gelesen bis Kap. 1.200 von 1.500');
    expect(markLabel(mark())).toBe('in deiner Bibliothek');
  });
});
