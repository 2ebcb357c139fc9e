import type { StoryRecord } from '../../../lib/library/types';
import { list } from '../../../lib/i18n';
import { ADAPTERS } from '../../../lib/sites/registry';
import { describe, expect, it } from 'vitest';
import {
  chapterLabel,
  errorText,
  lastChapterLabel,
  layoutChangedText,
  recentStories,
  continueStories,
  newText, unreadText,
  roundToStep,
  SUPPORTED_SITES,
  unsupportedMessage,
} from '../../../lib/popup/format';
import { story } from './fake-api';

describe('chapterLabel', () => {
  it('names index, count and title', () => {
    expect(chapterLabel(3, 10, 'The Storm')).toBe('Chapter 3 of 10: The Storm');
  });
  it('shows ? when the total is unknown', () => {
    expect(chapterLabel(3, null, null)).toBe('Chapter 3 of ?');
  });
  it('drops a blank title', () => {
    expect(chapterLabel(2, 5, '   ')).toBe('Chapter 2 of 5');
  });
  it('calls an index-less page the entire work', () => {
    expect(chapterLabel(null, 4, null)).toBe('Entire work');
    expect(chapterLabel(null, null, 'Collected')).toBe('Entire work: Collected');
    expect(chapterLabel(null, 1, 'A Oneshot')).toBe('A Oneshot');
    // A forum post or Royal Road chapter without a number is never "Entire work".
    expect(chapterLabel(null, null, 'Threadmark 12: The Gate', false)).toBe('Threadmark 12: The Gate');
    expect(chapterLabel(null, null, null, false)).toBe('This chapter');
  });
});

describe('lastChapterLabel', () => {
  it('gives the chapter the reader was on', () => {
    expect(lastChapterLabel(story({ lastChapterIndex: 4, lastChapterTitle: 'Rain' }))).toBe('Chapter 4: Rain');
    expect(lastChapterLabel(story({ lastChapterIndex: 4, lastChapterTitle: null }))).toBe('Chapter 4');
    expect(lastChapterLabel(story({ lastChapterIndex: null, lastChapterId: 'full' }))).toBe('Entire work');
  });
});

describe('messages', () => {
  it('lists every supported site in the unsupported message', () => {
    expect(list(['A', 'B', 'C'])).toBe('A, B, and C'); // Intl.ListFormat, en
    expect(list(['A'])).toBe('A');
    expect(SUPPORTED_SITES).toEqual([...new Set(ADAPTERS.map((a) => a.name))]);
    expect(SUPPORTED_SITES).not.toContain('Web page');
    for (const site of SUPPORTED_SITES) expect(unsupportedMessage()).toContain(site);
    expect(unsupportedMessage()).toBe(
      "This page isn't a chapter on a supported site. Calm Reader works on Archive of Our Own, FanFiction.Net, FictionPress, SpaceBattles, Sufficient Velocity, Questionable Questing, Royal Road, Fimfiction, Scribble Hub, and Wattpad chapter pages.",
    );
  });

  it('explains a changed layout and keeps the technical detail apart', () => {
    const t = errorText({ state: 'error', site: 'ao3', kind: 'layout-changed', message: 'missing #chapters' });
    expect(t.headline).toBe(layoutChangedText());
    expect(t.detail).toBe('missing #chapters');
  });

  it('uses the content script message for other errors', () => {
    const t = errorText({ state: 'error', site: 'ffnet', kind: 'not-chapter', message: 'This is a story index page.' });
    expect(t).toEqual({ headline: 'This is a story index page.', detail: null });
  });

  it('recognises the adult-content interstitial by its continue link', () => {
    const t = errorText({ state: 'error', site: 'ao3', kind: 'not-chapter', message: '', continueUrl: 'https://x/' });
    expect(t.headline).toMatch(/adult content/);
  });
});

describe('recentStories', () => {
  it('keeps the most recently read first, at most n', () => {
    const list = [1, 5, 3, 9, 2, 7].map((t) => story({ key: `s${t}`, lastReadAt: t }));
    expect(recentStories(list, 5).map((s) => s.key)).toEqual(['s9', 's7', 's5', 's3', 's2']);
  });
});

describe('roundToStep', () => {
  it('removes floating point noise', () => {
    expect(roundToStep(1.1 + 0.1, 0.1)).toBe(1.2);
    expect(roundToStep(1.26, 0.25)).toBe(1.25);
  });
});

describe('continueStories', () => {
  const story = (key: string, o: Partial<StoryRecord>): StoryRecord =>
    ({ key, site: 'ao3', storyId: key, url: `https://archiveofourown.org/works/${key}`, lastChapterUrl: null, lastReadAt: 0, followed: false, unread: 0, ...o }) as StoryRecord;

  it('puts followed stories with new chapters first, then the most recently read', () => {
    const list = [
      story('old-news', { followed: true, unread: 2, newCount: 2, newChaptersAt: 10, lastReadAt: 1 }),
      story('recent', { lastReadAt: 100 }),
      story('fresh-news', { followed: true, unread: 1, newCount: 1, newChaptersAt: 20, lastReadAt: 2 }),
      story('unfollowed-news', { followed: false, unread: 4, newCount: 4, newChaptersAt: 30, lastReadAt: 3 }),
      story('only-unread', { followed: true, unread: 40, lastReadAt: 0 }),
      story('older', { lastReadAt: 50 }),
    ];
    expect(continueStories(list, 4).map((s) => s.key)).toEqual(['fresh-news', 'old-news', 'recent', 'older']);
  });

  it('says how many chapters are new (followed, posted since last seen) and how many unread, in other words', () => {
    expect(newText(story('a', { followed: true, unread: 40 }))).toBeNull();
    expect(newText(story('a', { followed: true, newCount: 1 }))).toBe('1 new chapter');
    expect(newText(story('a', { followed: true, newCount: 3 }))).toBe('3 new chapters');
    expect(newText(story('a', { followed: false, newCount: 3 }))).toBeNull();
    expect(unreadText(story('a', { unread: 0 }))).toBeNull();
    expect(unreadText(story('a', { unread: 40 }))).toBe('40 unread');
  });
});
