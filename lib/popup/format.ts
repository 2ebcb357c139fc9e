/** Pure text helpers for the popup: labels, messages, the "continue reading" selection. */
import type { TabStatus } from '../protocol/messages';
import type { SnapshotStory } from './snapshot';
import type { Alignment, FontFamily, Theme } from '../settings/settings';
import { readingUrl } from '../sites/hosts';
import { SITE_DISPLAY_NAMES } from '../sites/names';
import { layoutChangedText, refusalText } from '../chapter/refusal-text';

export { layoutChangedText };
import { list, t, t as tr, tn, type MessageKey } from '../i18n';

/** The sites the popup names when a page is not supported: every adapter in the registry, in its order. */
export const SUPPORTED_SITES: readonly string[] = SITE_DISPLAY_NAMES;

export const unsupportedMessage = () => t('unsupportedPage', list(SUPPORTED_SITES));
export const openGenericHint = () => t('openGenericHint');
export const openGenericFailed = () => t('openGenericFailed');
export const adultContentMessage = () => refusalText('adult-warning', '') as string;
export const genericErrorMessage = () => t('cantReadPage');

/**
 * "Chapter 3 of 10: The Storm", "Chapter 3 of ?", "Entire work".
 * `index` is 1-based; null means the page shows the whole work (or does not say).
 */
export function chapterLabel(index: number | null, count: number | null, title: string | null, whole = true): string {
  const t = title?.trim() || null;
  if (index == null) {
    if (count === 1 && t) return t;
    // A forum post or a Royal Road chapter whose number the page does not give is one chapter, never "Entire work".
    if (!whole) return t ?? tr('thisChapter');
    return t ? tr('entireWorkTitled', t) : tr('entireWork');
  }
  const base = count ? tr('chapterOf', [index, count]) : tr('chapterOfUnknown', index);
  return t ? tr('labelTitled', [base, t]) : base;
}

/** Where the reader left a story: "Chapter 3: The Storm", "Chapter 3", "Entire work". */
export function lastChapterLabel(story: SnapshotStory): string {
  const t = story.lastChapterTitle?.trim() || null;
  if (story.lastChapterIndex == null) {
    if (story.lastChapterId === 'full' || story.lastChapterId == null) return tr('entireWork');
    return t ?? '';
  }
  const base = tr('chapterN', story.lastChapterIndex);
  return t ? tr('labelTitled', [base, t]) : base;
}

export type TabError = Extract<TabStatus, { state: 'error' }>;

/** The headline for an error status, plus the content script's own wording when it adds something. */
export function errorText(status: TabError): { headline: string; detail: string | null } {
  const message = status.message?.trim() || '';
  let headline: string;
  const typed = refusalText(status.kind, status.site);
  if (status.continueUrl) headline = adultContentMessage();
  else if (typed) headline = typed;
  else headline = message || genericErrorMessage();
  // A typed reason says it all in plain words; a changed layout keeps the content script's detail.
  const detail = message && message !== headline && !status.continueUrl && (!typed || status.kind === 'layout-changed') ? message : null;
  return { headline, detail };
}

/**
 * What a reader copies from the popup to report an adapter failing on a live page: site, URL,
 * adapter version, the missing field and the selector tried. Never any story text.
 */
export function diagnosticText(status: TabError, now: Date = new Date()): string {
  return [
    'Calm Reader diagnostic',
    `site: ${status.site}`,
    `url: ${status.url ?? '(unknown)'}`,
    `adapter version: ${status.adapterVersion ?? '(unknown)'}`,
    `reason: ${status.kind}`,
    `missing field: ${status.field ?? '(none)'}`,
    `selector tried: ${status.selector ?? '(none)'}`,
    `time: ${now.toISOString()}`,
  ].join('\n');
}

/** Stories most recently read first, at most `n`, only those with somewhere to go. */
export function recentStories<T extends SnapshotStory>(stories: readonly T[], n = 5): T[] {
  return stories
    .filter((s) => readingUrl(s) !== null)
    .slice()
    .sort((a, b) => b.lastReadAt - a.lastReadAt)
    .slice(0, n);
}

/**
 * What the popup offers to continue: followed stories with new chapters first (newest news
 * first), then the most recently read, `n` in all.
 */
export function continueStories<T extends SnapshotStory>(stories: readonly T[], n = 5): T[] {
  const withNews = stories
    .filter((s) => s.followed && (s.newCount ?? 0) > 0 && readingUrl(s) !== null)
    .sort((a, b) => (b.newChaptersAt ?? 0) - (a.newChaptersAt ?? 0) || b.lastReadAt - a.lastReadAt)
    .slice(0, n);
  const taken = new Set(withNews.map((s) => s.key));
  return [...withNews, ...recentStories(stories.filter((s) => !taken.has(s.key)), n - withNews.length)];
}

/** "3 new chapters": posted since the reader last saw the story (followed stories); null when none. */
export function newText(s: SnapshotStory): string | null {
  const n = s.followed ? (s.newCount ?? 0) : 0;
  if (n <= 0) return null;
  return tn('chaptersNew', n);
}

/** "5 unread": chapters after the reader's place; null when none. */
export function unreadText(s: SnapshotStory): string | null {
  const n = s.unread ?? 0;
  return n > 0 ? tn('badgeUnread', n) : null;
}

export function noteCountText(n: number): string {
  return n === 0 ? t('noNotesOnPage') : tn('notesOnPage', n);
}

/** Round to the step's precision so 1.1 + 0.1 shows 1.2, not 1.2000000000000002. */
export function roundToStep(value: number, step: number): number {
  const decimals = (String(step).split('.')[1] ?? '').length;
  return Number((Math.round(value / step) * step).toFixed(decimals));
}

const FONT_KEYS = { serif: 'fontSerif', sans: 'fontSans', mono: 'fontMono', system: 'fontSystem' } as const satisfies Record<FontFamily, MessageKey>;
const THEME_KEYS = {
  system: 'themeSystem',
  light: 'themeLight',
  sepia: 'themeSepia',
  dark: 'themeDark',
  black: 'themeBlack',
} as const satisfies Record<Theme, MessageKey>;
const ALIGN_KEYS = { start: 'alignLeft', justify: 'alignJustified' } as const satisfies Record<Alignment, MessageKey>;

export const fontLabel = (f: FontFamily): string => t(FONT_KEYS[f]);
export const themeLabel = (th: Theme): string => t(THEME_KEYS[th]);
export const alignLabel = (a: Alignment): string => t(ALIGN_KEYS[a]);

/** The popup in a private window (the extension allowed there): what happens to reading there. */
export const privateWindowMessage = () => t('privateWindow');

/** The popup when the browser withholds access to the story sites (Firefox lets the reader). */
export const noAccessPopupMessage = () => t('noAccessPopup');
