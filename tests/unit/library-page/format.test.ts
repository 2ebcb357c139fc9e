import { relativeDay } from '../../../lib/i18n';
import { describe, expect, it } from 'vitest';
import {
  backupFilename,
  checkResultText,
  countText,
  intervalLabel,
  metaLine,
  progressLabel,
  reportSummary,
  unreadBadge,
  newBadge,
  visitToCheckMessage,
} from '../../../lib/library-page/format';
import { story } from './stories';

const NOW = new Date(2025, 2, 10, 12, 0, 0).getTime();
const DAY = 24 * 3600 * 1000;

describe('progress', () => {
  it('says which chapter of how many', () => {
    expect(progressLabel(story({ lastChapterIndex: 5, chapterCount: 12 }))).toBe('Chapter 5 of 12');
    expect(progressLabel(story({ lastChapterIndex: 5, chapterCount: null }))).toBe('Chapter 5 of ?');
  });
  it('uses the chapter list when it knows more chapters than the count', () => {
    const toc = Array.from({ length: 14 }, (_, i) => ({ id: String(i + 1), title: null, url: `u${i}` }));
    expect(progressLabel(story({ lastChapterIndex: 5, chapterCount: 12, toc }))).toBe('Chapter 5 of 14');
  });
  it('names whole works and unstarted stories', () => {
    expect(progressLabel(story({ lastChapterIndex: null, lastChapterId: 'full' }))).toBe('Entire work');
    expect(progressLabel(story({ lastChapterIndex: null, lastChapterId: null, lastChapterUrl: null }))).toBe('Not started');
  });
  it('shows an unread badge only when something is unread', () => {
    expect(unreadBadge(story({ unread: 3 }))).toEqual({ text: '3 unread', label: '3 unread chapters' });
    expect(unreadBadge(story({ unread: 1 }))!.label).toBe('1 unread chapter');
    expect(newBadge(story({ followed: true, unread: 40 }))).toBeNull();
    expect(newBadge(story({ followed: true, newCount: 2 }))).toEqual({ text: '2 new', label: '2 new chapters' });
    expect(unreadBadge(story({ unread: 0 }))).toBeNull();
    expect(unreadBadge(story({ unread: undefined }))).toBeNull();
  });
});

describe('dates and meta line', () => {
  it('relative days, then dates', () => {
    expect(relativeDay(NOW - 1000, NOW)).toBe('today');
    expect(relativeDay(NOW - DAY, NOW)).toBe('yesterday');
    expect(relativeDay(NOW - 3 * DAY, NOW)).toBe('3 days ago');
    expect(relativeDay(NOW - 30 * DAY, NOW)).toMatch(/2025/);
    expect(relativeDay(0, NOW)).toBe('');
  });
  it('tells the reader to open a story the site blocked', () => {
    expect(metaLine(story({ checkState: 'visit' }), NOW)).toEqual({ text: visitToCheckMessage(), warn: true });
    expect(visitToCheckMessage()).toBe('Open the story to check for updates (the site blocked a background check)');
  });
  it('last read and updated', () => {
    expect(metaLine(story({ lastReadAt: NOW, siteUpdatedAt: NOW - DAY }), NOW)).toEqual({
      text: 'Last read today · updated yesterday',
      warn: false,
    });
    expect(metaLine(story({ lastReadAt: NOW, checkState: 'error' }), NOW).warn).toBe(true);
  });
});

describe('backup and check text', () => {
  it('names the backup file by local date', () => {
    expect(backupFilename(new Date(2025, 0, 5, 23, 59))).toBe('calm-reader-backup-2025-01-05.json');
    expect(backupFilename(new Date(2025, 0, 5, 23, 59), 'json.gz')).toBe('calm-reader-backup-2025-01-05.json.gz');
  });
  it('summarises a preview', () => {
    const r = { ok: true, added: 12, updated: 3, removed: 0, unchanged: 4, chapters: 40 };
    expect(reportSummary(r)).toBe('12 stories added, 3 updated, 0 removed');
    expect(reportSummary({ ...r, added: 1 })).toBe('1 story added, 3 updated, 0 removed');
  });
  it('describes check results', () => {
    expect(checkResultText({ checked: 1, newChapters: 2 }, 'X')).toBe('2 new chapters found for “X”.');
    expect(checkResultText({ checked: 1, newChapters: 0 }, 'X')).toBe('No new chapters for “X”.');
    expect(checkResultText({ checked: 5, newChapters: 1 })).toBe('Checked 5 stories: 1 new chapter found.');
    expect(checkResultText({ checked: 0, newChapters: 0 })).toBe('No followed stories were due for a check.');
    expect(checkResultText({ checked: 0, newChapters: 0, message: 'Offline' })).toBe('Offline');
  });
  it('labels intervals and counts', () => {
    expect(intervalLabel(0)).toBe('Off');
    expect(intervalLabel(180)).toBe('Every 3 hours');
    expect(intervalLabel(120)).toBe('Every 2 hours');
    expect(intervalLabel(45)).toBe('Every 45 minutes');
    expect(countText(3, 3)).toBe('3 stories');
    expect(countText(1, 1)).toBe('1 story');
    expect(countText(2, 10000)).toMatch(/^Showing 2 of 10[,.\u00a0\u202f]?000 stories$/);
  });
});
