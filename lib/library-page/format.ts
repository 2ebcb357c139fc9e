/** Pure text for the Library page: labels, dates, progress, backup and check messages. */
import type { BackupReport } from '../protocol/messages';
import type { ReadingStatus, StoryRecord } from '../library/types';

export const STATUS_LABELS: Record<ReadingStatus, string> = {
  reading: 'Reading',
  'plan-to-read': 'Plan to read',
  completed: 'Completed',
  'on-hold': 'On hold',
  dropped: 'Dropped',
};
export const READING_STATUSES = Object.keys(STATUS_LABELS) as ReadingStatus[];

/** Update check intervals offered (minutes; 0 = off). */
export const INTERVAL_OPTIONS: readonly { minutes: number; label: string }[] = [
  { minutes: 0, label: 'Off' },
  { minutes: 60, label: 'Every hour' },
  { minutes: 180, label: 'Every 3 hours' },
  { minutes: 360, label: 'Every 6 hours' },
  { minutes: 720, label: 'Every 12 hours' },
  { minutes: 1440, label: 'Every 24 hours' },
];

export function intervalLabel(minutes: number): string {
  const known = INTERVAL_OPTIONS.find((o) => o.minutes === minutes);
  if (known) return known.label;
  if (minutes % 60 === 0) return `Every ${minutes / 60} hours`;
  return `Every ${minutes} minutes`;
}

export const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Chapters in the story as far as we know: the newer of the site's count and the chapter list. */
export function knownChapterCount(s: StoryRecord): number | null {
  const n = Math.max(s.chapterCount ?? 0, Array.isArray(s.toc) ? s.toc.length : 0);
  return n > 0 ? n : null;
}

/** "Chapter 5 of 12", "Chapter 5 of ?", "Entire work", "Not started". */
export function progressLabel(s: StoryRecord): string {
  if (s.lastChapterIndex != null) return `Chapter ${s.lastChapterIndex} of ${knownChapterCount(s) ?? '?'}`;
  if (s.lastChapterId === 'full') return 'Entire work';
  if (s.lastChapterId != null || s.lastChapterUrl) return 'Read';
  return 'Not started';
}

/** "3 new" for the badge: chapters posted since the reader last saw a followed story; null when none. */
export function newBadge(s: StoryRecord): { text: string; label: string } | null {
  const n = s.followed ? (s.newCount ?? 0) : 0;
  if (!(n > 0)) return null;
  return { text: `${n} new`, label: plural(n, 'new chapter', 'new chapters') };
}

/** "5 unread": chapters after the reader's place (any story); null when none. */
export function unreadBadge(s: StoryRecord): { text: string; label: string } | null {
  const n = s.unread ?? 0;
  if (!(n > 0)) return null;
  return { text: `${n} unread`, label: plural(n, 'unread chapter', 'unread chapters') };
}

const DAY = 24 * 60 * 60 * 1000;
const dateFmt = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

function startOfDay(t: number): number {
  const d = new Date(t);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** "today", "yesterday", "3 days ago", else a short date. '' for no date. */
export function relativeDay(t: number | null | undefined, now: number): string {
  if (!t || !Number.isFinite(t)) return '';
  const days = Math.round((startOfDay(now) - startOfDay(t)) / DAY);
  if (days <= 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 7) return `${days} days ago`;
  return dateFmt.format(t);
}

export const VISIT_TO_CHECK_MESSAGE = 'Open the story to check for updates (the site blocked a background check)';

/** The row's third line: when read, and the last update check's outcome. */
export function metaLine(s: StoryRecord, now: number): { text: string; warn: boolean } {
  if (s.checkState === 'visit') return { text: VISIT_TO_CHECK_MESSAGE, warn: true };
  const parts: string[] = [];
  const read = relativeDay(s.lastReadAt, now);
  if (read) parts.push(`Last read ${read}`);
  const upd = relativeDay(Math.max(s.siteUpdatedAt ?? 0, s.newChaptersAt ?? 0), now);
  if (upd) parts.push(`updated ${upd}`);
  if (s.checkState === 'error') return { text: [...parts, 'last update check failed'].join(' · '), warn: true };
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
  return `${plural(r.added, 'story', 'stories')} added, ${r.updated} updated, ${r.removed} removed`;
}

export function importDoneText(r: BackupReport): string {
  return `Import finished: ${reportSummary(r)}.`;
}

/** What a check answered, for one story (title given) or all followed stories. */
export function checkResultText(res: { checked: number; newChapters: number; message?: string }, title?: string): string {
  if (res.message) return res.message;
  const found = res.newChapters > 0 ? `${plural(res.newChapters, 'new chapter', 'new chapters')} found` : 'No new chapters';
  if (title) return `${found} for “${title}”.`;
  if (res.checked === 0) return 'No followed stories were due for a check.';
  return `Checked ${plural(res.checked, 'story', 'stories')}: ${found.charAt(0).toLowerCase()}${found.slice(1)}.`;
}

export function countText(shown: number, total: number): string {
  const all = `${total.toLocaleString()} ${total === 1 ? 'story' : 'stories'}`;
  return shown === total ? all : `Showing ${shown.toLocaleString()} of ${all}`;
}
