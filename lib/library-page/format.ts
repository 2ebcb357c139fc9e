/** Pure text for the Library page: labels, dates, progress, backup and check messages. */
import type { BackupReport } from '../protocol/messages';
import type { ReadingStatus, StoryRecord } from '../library/types';
import { relativeDay, t, tn, type MessageKey } from '../i18n';

const STATUS_KEYS = {
  reading: 'statusReading',
  'plan-to-read': 'statusPlanToRead',
  completed: 'statusCompleted',
  'on-hold': 'statusOnHold',
  dropped: 'statusDropped',
} as const satisfies Record<ReadingStatus, MessageKey>;
export const READING_STATUSES = Object.keys(STATUS_KEYS) as ReadingStatus[];
export const statusLabel = (st: ReadingStatus): string => t(STATUS_KEYS[st]);

/** Update check intervals offered (minutes; 0 = off). */
export const INTERVAL_MINUTES: readonly number[] = [0, 60, 180, 360, 720, 1440];

/** "Off", "Every hour", "Every 3 hours", "Every 90 minutes". */
export function intervalLabel(minutes: number): string {
  if (minutes === 0) return t('intervalOff');
  if (minutes % 60 === 0) return tn('intervalHours', minutes / 60);
  return tn('intervalMinutes', minutes);
}

/** Chapters in the story as far as we know: the newer of the site's count and the chapter list. */
export function knownChapterCount(s: StoryRecord): number | null {
  const n = Math.max(s.chapterCount ?? 0, Array.isArray(s.toc) ? s.toc.length : 0);
  return n > 0 ? n : null;
}

/** "Chapter 5 of 12", "Chapter 5 of ?", "Entire work", "Not started". */
export function progressLabel(s: StoryRecord): string {
  if (s.lastChapterIndex != null) {
    const count = knownChapterCount(s);
    return count ? t('chapterOf', [s.lastChapterIndex, count]) : t('chapterOfUnknown', s.lastChapterIndex);
  }
  if (s.lastChapterId === 'full') return t('entireWork');
  if (s.lastChapterId != null || s.lastChapterUrl) return t('progressRead');
  return t('progressNotStarted');
}

/** "3 new" for the badge: chapters posted since the reader last saw a followed story; null when none. */
export function newBadge(s: StoryRecord): { text: string; label: string } | null {
  const n = s.followed ? (s.newCount ?? 0) : 0;
  if (!(n > 0)) return null;
  return { text: tn('badgeNew', n), label: tn('chaptersNew', n) };
}

/** "5 unread": chapters after the reader's place (any story); null when none. */
export function unreadBadge(s: StoryRecord): { text: string; label: string } | null {
  const n = s.unread ?? 0;
  if (!(n > 0)) return null;
  return { text: tn('badgeUnread', n), label: tn('chaptersUnread', n) };
}

export const visitToCheckMessage = () => t('visitToCheck');

/** The row's third line: when read, and the last update check's outcome. */
export function metaLine(s: StoryRecord, now: number): { text: string; warn: boolean } {
  if (s.checkState === 'visit') return { text: visitToCheckMessage(), warn: true };
  const parts: string[] = [];
  const read = relativeDay(s.lastReadAt, now);
  if (read) parts.push(t('lastRead', read));
  const upd = relativeDay(Math.max(s.siteUpdatedAt ?? 0, s.newChaptersAt ?? 0), now);
  if (upd) parts.push(t('updatedWhen', upd));
  if (s.checkState === 'error') return { text: [...parts, t('lastCheckFailed')].join(' · '), warn: true };
  return { text: parts.join(' · '), warn: false };
}

/** calm-reader-backup-YYYY-MM-DD.json in local time (`.json.gz` for the compressed file). */
export function backupFilename(now: number | Date, ext: 'json' | 'json.gz' = 'json'): string {
  const d = new Date(now);
  const p = (n: number) => String(n).padStart(2, '0');
  return `calm-reader-backup-${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}.${ext}`;
}

/** "12 stories added, 3 updated, 0 removed". */
export function reportSummary(r: BackupReport): string {
  return tn('importSummary', r.added, [r.updated, r.removed]);
}

export function importDoneText(r: BackupReport): string {
  return t('importDone', reportSummary(r));
}

/** What a check answered, for one story (title given) or all followed stories. */
export function checkResultText(res: { checked: number; newChapters: number; message?: string }, title?: string): string {
  if (res.message) return res.message;
  if (title) return res.newChapters > 0 ? tn('checkFoundFor', res.newChapters, [title]) : t('checkNoneFor', title);
  if (res.checked === 0) return t('checkNoneDue');
  return tn('checkedStories', res.checked, [res.newChapters > 0 ? tn('newChaptersFound', res.newChapters) : t('noNewChaptersLower')]);
}

export function countText(shown: number, total: number): string {
  return shown === total ? tn('storyCount', total) : tn('showingOf', total, [shown]);
}
