import { useEffect, useRef, useState } from 'preact/hooks';
import type { LibraryApi } from '../../lib/library-page/api';
import { date, num, relativeDay, t, tn } from '../../lib/i18n';
import type { SyncStatus } from '../../lib/sync/types';
import { SYNC_UNAVAILABLE } from '../../lib/background/sync-handlers';
import { Switch } from '../shared/Switch';

/** How often the open page asks again (a sync runs a few seconds after each change). */
export const SYNC_REFRESH_MS = 15_000;

/** What is synced: "Synced 120 of 120 stories", or which ones when sync storage is full. */
export function syncSummaryText(s: SyncStatus): string {
  if (!s.enabled) return t('syncOff');
  if (s.newerFormat) return t('syncNewerFormat');
  if (s.overflow) return tn('syncOverflow', s.storiesSynced);
  return tn('syncedOf', s.storiesTotal, [s.storiesSynced]);
}

/** "Last synced today at 14:05" / "Not synced yet". */
export function lastSyncText(s: SyncStatus, now: number): string {
  if (!s.enabled) return '';
  if (s.lastSyncAt === null) return t('notSyncedYet');
  const time = date(s.lastSyncAt, { hour: '2-digit', minute: '2-digit' });
  return t('lastSynced', [relativeDay(s.lastSyncAt, now), time]);
}

/** Storage used, as a share of the browser's sync quota. */
export function usageText(s: SyncStatus): string {
  const kb = (n: number) => num(Math.round(n / 1024));
  return t('syncUsage', [kb(s.bytesUsed), kb(s.quotaBytes)]);
}

/** "Sync across devices": the switch and what is synced. */
/**
 * `active`: ask for the status only once the story list has arrived. Working out the status reads
 * the whole library, and the database serves reads in order: asked first, it would hold up the list.
 */
export function SyncSection({ api, active = true }: { api: LibraryApi; active?: boolean }) {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const seq = useRef(0);

  useEffect(() => {
    if (!active) return undefined;
    let live = true;
    const load = () => {
      const n = ++seq.current;
      api.sendToBackground('sync/status', {}).then(
        (s) => {
          if (live && n === seq.current) {
            setStatus(s);
            setError(null);
          }
        },
        () => live && n === seq.current && setError(t('syncStatusFailed')),
      );
    };
    load();
    const timer = setInterval(load, SYNC_REFRESH_MS);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [api, active]);

  const setEnabled = async (enabled: boolean) => {
    const before = status;
    const n = ++seq.current;
    if (status) setStatus({ ...status, enabled });
    setError(null);
    setSaving(true);
    try {
      const s = await api.sendToBackground('sync/set-enabled', { enabled });
      if (n === seq.current) setStatus(s);
    } catch {
      if (n === seq.current) setStatus(before);
      setError(enabled ? t('syncOnFailed') : t('syncOffFailed'));
    } finally {
      setSaving(false);
    }
  };

  const unavailable = status?.lastError === SYNC_UNAVAILABLE;
  const problem = error ?? (unavailable ? t('syncUnavailable') : status?.lastError ? t('lastSyncFailed', status.lastError) : null);
  return (
    <section class="lib-section" id="sync" aria-labelledby="lib-sync-h">
      <h2 id="lib-sync-h">{t('syncHeading')}</h2>
      <p class="lib-muted">{t('syncIntro')}</p>
      <div class="lib-settings" aria-busy={status ? undefined : 'true'}>
        <Switch
          label={t('syncHeading')}
          description={t('syncSwitchHint')}
          checked={Boolean(status?.enabled)}
          disabled={!status || saving || unavailable}
          onChange={(v) => void setEnabled(v)}
          testId="sync-toggle"
        />
        <div role="status" class="lib-sync-status" data-testid="sync-status">
          {status && (
            <>
              <p class={status.overflow || status.newerFormat ? 'lib-warn' : undefined}>{syncSummaryText(status)}</p>
              {status.enabled && (
                <p class="lib-muted" data-testid="sync-last">
                  {lastSyncText(status, api.now())} {usageText(status)}
                </p>
              )}
            </>
          )}
        </div>
      </div>
      {problem && (
        <p role="alert" class="lib-error" data-testid="sync-error">
          {problem}
        </p>
      )}
    </section>
  );
}
