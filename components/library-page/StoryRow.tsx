import { memo } from 'preact/compat';
import type { JSX } from 'preact';
import type { ReadingStatus, StoryRecord } from '../../lib/library/types';
import { metaLine, newBadge, progressLabel, READING_STATUSES, statusLabel, unreadBadge } from '../../lib/library-page/format';
import { t } from '../../lib/i18n';
import { readingUrl } from '../../lib/sites/hosts';

export interface RowActions {
  onContinue(story: StoryRecord): void;
  onFollow(story: StoryRecord, followed: boolean): void;
  onStatus(story: StoryRecord, status: ReadingStatus | null): void;
  onCheck(story: StoryRecord): void;
  /** Ask to remove (shows the confirmation in the row). */
  onAskRemove(story: StoryRecord): void;
  onConfirmRemove(story: StoryRecord): void;
  onCancelRemove(story: StoryRecord): void;
}

export interface StoryRowProps {
  story: StoryRecord;
  index: number;
  total: number;
  top: number;
  height: number;
  /** The row in the tab order (roving tabindex). */
  active: boolean;
  confirming: boolean;
  busy: boolean;
  siteName: string;
  now: number;
  actions: RowActions;
}

const rowId = (key: string) => `story-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;

function StoryRowImpl({ story: s, index, total, top, height, active, confirming, busy, siteName, now, actions }: StoryRowProps) {
  const id = rowId(s.key);
  const badge = newBadge(s);
  const unread = unreadBadge(s);
  const meta = metaLine(s, now);
  const style: JSX.CSSProperties = { transform: `translateY(${top}px)`, height: `${height}px` };
  const target = readingUrl(s);
  return (
    <div
      role="listitem"
      class={`lib-row${active ? ' is-active' : ''}${s.followed ? ' is-followed' : ''}`}
      style={style}
      tabIndex={active ? 0 : -1}
      aria-posinset={index + 1}
      aria-setsize={total}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-progress ${id}-meta`}
      data-testid="library-row"
      data-story-key={s.key}
      data-index={index}
    >
      <div class="lib-row-main">
        <h3 class="lib-row-title" id={`${id}-title`} title={s.title}>
          {s.title || t('untitled')}
        </h3>
        <p class="lib-row-by">
          <span>{s.author ? t('byAuthor', s.author) : t('unknownAuthor')}</span>
          <span aria-hidden="true"> · </span>
          <span class="lib-site">{siteName}</span>
        </p>
        <p class="lib-row-progress" id={`${id}-progress`}>
          <span data-testid="progress">{progressLabel(s)}</span>
          {badge && (
            <span class="lib-badge" data-testid="new-count" aria-label={badge.label} title={badge.label}>
              {badge.text}
            </span>
          )}
          {unread && (
            <span class="lib-unread" data-testid="unread-count" aria-label={unread.label} title={unread.label}>
              {unread.text}
            </span>
          )}
          {s.status === 'complete' && <span class="lib-chip">{t('complete')}</span>}
        </p>
        <p class={`lib-row-meta${meta.warn ? ' is-warn' : ''}`} id={`${id}-meta`} data-testid="row-meta">
          {meta.text}
        </p>
      </div>
      {confirming ? (
        <div class="lib-row-actions lib-row-confirm" role="group" aria-label={t('removeAsk', s.title)}>
          <span class="lib-confirm-text">{t('removeConfirmText')}</span>
          <button type="button" class="lib-button is-danger" data-testid="remove-confirm" onClick={() => actions.onConfirmRemove(s)}>
            {t('remove')}
          </button>
          <button type="button" class="lib-button" data-testid="remove-cancel" data-autofocus="true" onClick={() => actions.onCancelRemove(s)}>
            {t('cancel')}
          </button>
        </div>
      ) : (
        <div class="lib-row-actions">
          <div class="lib-actions-line">
            <button
              type="button"
              class="lib-button is-primary"
              data-testid="continue"
              aria-label={t('continueReadingTitle', s.title)}
              disabled={!target}
              onClick={() => actions.onContinue(s)}
            >
              {t('continueReading')}
            </button>
            <button
              type="button"
              class="lib-button lib-follow"
              aria-pressed={s.followed}
              aria-label={t('followTitle', s.title)}
              data-testid="follow-toggle"
              onClick={() => actions.onFollow(s, !s.followed)}
            >
              <span aria-hidden="true">{s.followed ? `✓ ${t('following')}` : t('follow')}</span>
            </button>
            <button
              type="button"
              class="lib-button is-quiet"
              data-testid="remove"
              aria-label={t('removeTitle', s.title)}
              onClick={() => actions.onAskRemove(s)}
            >
              {t('remove')}
            </button>
          </div>
          <div class="lib-actions-line">
            <select
              class="lib-select lib-status-select"
              aria-label={t('statusOf', s.title)}
              data-testid="status-select"
              value={s.readingStatus ?? ''}
              onChange={(e) => {
                const v = (e.currentTarget as HTMLSelectElement).value;
                actions.onStatus(s, v ? (v as ReadingStatus) : null);
              }}
            >
              <option value="">{t('noStatus')}</option>
              {READING_STATUSES.map((st) => (
                <option key={st} value={st}>
                  {statusLabel(st)}
                </option>
              ))}
            </select>
            <button
              type="button"
              class="lib-button"
              data-testid="check-story"
              aria-label={t('checkTitle', [t('checkForNewChapters'), s.title])}
              disabled={busy}
              onClick={() => actions.onCheck(s)}
            >
              {busy ? (
                t('checking')
              ) : (
                <span>
                  <span class="lib-narrow-only">{t('check')}</span>
                  <span class="lib-wide-only">{t('checkForNewChapters')}</span>
                </span>
              )}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}

export const StoryRow = memo(StoryRowImpl);
