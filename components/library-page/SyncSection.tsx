import { useEffect, useRef, useState } from 'preact/hooks';
import type { LibraryApi } from '../../lib/library-page/api';
import { plural, relativeDay } from '../../lib/library-page/format';
import type { SyncStatus } from '../../lib/sync/types';
import { SYNC_UNAVAILABLE } from '../../lib/background/sync-handlers';
import { Switch } from '../shared/Switch';

/** How often the open page asks again (a sync runs a few seconds after each change). */
export const SYNC_REFRESH_MS = 15_000;

/** What is synced: "Synced 120 of 120 stories", or which ones when sync storage is full. */
export function syncSummaryText(s: SyncStatus): string {
  if (!s.enabled) return 'Sync is off: your library stays on this device.';
  if (s.newerFormat) return 'Another device syncs with a newer version of Calm Reader: update this one to keep syncing.';
  if (s.overflow)
    return `Only your ${plural(s.storiesSynced, 'most recently read story is', 'most recently read stories are')} synced: the browser's sync storage is full.`;
  return `Synced ${s.storiesSynced} of ${plural(s.storiesTotal, 'story', 'stories')}`;
}

/** "Last synced today at 14:05" / "Not synced yet". */
export function lastSyncText(s: SyncStatus, now: number): string {
  if (!s.enabled) return '';
  if (s.lastSyncAt === null) return 'Not synced yet.';
  const time = new Date(s.lastSyncAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return `Last synced ${relativeDay(s.lastSyncAt, now)} at ${time}.`;
}

/** Storage used, as a share of the browser's sync quota. */
export function usageText(s: SyncStatus): string {
  const kb = (n: number) => `${Math.round(n / 1024)} KB`;
  return `${kb(s.bytesUsed)} of ${kb(s.quotaBytes)} sync storage used.`;
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
        () => live && n === seq.current && setError("Couldn't read the sync status."),
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
      setError(enabled ? "Couldn't turn sync on." : "Couldn't turn sync off.");
    } finally {
      setSaving(false);
    }
  };

  const unavailable = status?.lastError === SYNC_UNAVAILABLE;
  const problem = error ?? (unavailable ? SYNC_UNAVAILABLE : status?.lastError ? `Last sync failed: ${status.lastError}` : null);
  return (
    <section class="lib-section" id="sync" aria-labelledby="lib-sync-h">
      <h2 id="lib-sync-h">Sync across devices</h2>
      <p class="lib-muted">
        Followed stories, where you stopped, reading status, your corrections of notes and reader settings follow you
        to the other browsers where you are signed in. Your library itself stays on each device.
      </p>
      <div class="lib-settings" aria-busy={status ? undefined : 'true'}>
        <Switch
          label="Sync across devices"
          description="Uses the browser's own sync storage."
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
