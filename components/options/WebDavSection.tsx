import { useEffect, useRef, useState } from 'preact/hooks';
import type { OptionsApi } from '../../lib/options/api';
import { percent, relativeDay, t, tn, type MessageKey } from '../../lib/i18n';
import type { SyncProgress } from '../../lib/sync/webdav/transport';
import type { WebDavStatus } from '../../lib/sync/webdav/service';

/** The progress bar's words for each step of a sync. */
const PHASE_KEYS: Record<SyncProgress['phase'], MessageKey> = {
  reading: 'webdavPhaseReading',
  merging: 'webdavPhaseMerging',
  writing: 'webdavPhaseWriting',
  done: 'webdavPhaseDone',
};

/** How often the page asks for progress while a sync runs, and for the status otherwise. */
const RUNNING_POLL_MS = 400;
const IDLE_POLL_MS = 15_000;

function lastText(s: WebDavStatus, now: number): string {
  if (!s.configured) return t('webdavNotSet');
  if (s.lastSyncAt === null) return t('webdavNeverSynced');
  const time = new Date(s.lastSyncAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  const when = t('webdavWhen', [relativeDay(s.lastSyncAt, now), time]);
  return s.stories === null ? t('webdavSynced', when) : tn('webdavSyncedStories', s.stories, [when]);
}

/** The reader's WebDAV server: settings, "Sync now", the last run and a progress bar. */
export function WebDavSection({ api }: { api: OptionsApi }) {
  const [status, setStatus] = useState<WebDavStatus | null>(null);
  const [form, setForm] = useState({ url: '', user: '', password: '', folder: 'calm-reader', passphrase: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const filled = useRef(false);

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      api.sendToBackground('webdav/status', {}).then(
        (s) => {
          if (!live) return;
          setStatus(s);
          if (!filled.current && s.configured) {
            filled.current = true;
            setForm((f) => ({ ...f, url: s.url, user: s.user, folder: s.folder }));
          }
          timer = setTimeout(load, s.running ? RUNNING_POLL_MS : IDLE_POLL_MS);
        },
        () => {
          if (!live) return;
          setError(t('webdavRequestFailed'));
          timer = setTimeout(load, IDLE_POLL_MS);
        },
      );
    };
    load();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [api, busy]);

  /** Ask for this server's origin (in the click: the browser needs the gesture), then send. */
  const act = async (send: () => Promise<WebDavStatus>, url: string) => {
    setError(null);
    let allowed = false;
    try {
      allowed = await api.requestHost(url);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return;
    }
    if (!allowed) {
      setError(t('webdavPermissionRefused'));
      return;
    }
    setBusy(true);
    try {
      setStatus(await send());
      setForm((f) => ({ ...f, password: '', passphrase: '' }));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };

  const field = (key: keyof typeof form) => ({
    value: form[key],
    onInput: (e: Event) => {
      const value = (e.currentTarget as HTMLInputElement).value;
      setForm((f) => ({ ...f, [key]: value }));
    },
  });
  const progress = status?.progress;
  const problem = error ?? (status?.lastError ? t('webdavFailed', status.lastError) : null);
  return (
    <section class="lib-section" id="webdav" aria-labelledby="opt-webdav-h">
      <h2 id="opt-webdav-h">{t('webdavHeading')}</h2>
      <p class="lib-muted">{t('webdavIntro')}</p>
      <form
        class="opt-webdav"
        data-testid="webdav-form"
        onSubmit={(e) => {
          e.preventDefault();
          void act(() => api.sendToBackground('webdav/save', form), form.url);
        }}
      >
        <label>
          {t('webdavUrl')}
          <input type="url" required autocomplete="url" placeholder="https://" data-testid="webdav-url" {...field('url')} />
          <span class="lib-muted">{t('webdavUrlHint')}</span>
        </label>
        <label>
          {t('webdavUser')}
          <input type="text" required autocomplete="username" data-testid="webdav-user" {...field('user')} />
        </label>
        <label>
          {t('webdavPassword')}
          <input type="password" autocomplete="current-password" required={!status?.hasPassword} data-testid="webdav-password" {...field('password')} />
          <span class="lib-muted">{status?.hasPassword ? t('webdavPasswordSaved') : t('webdavPasswordHint')}</span>
        </label>
        <label>
          {t('webdavFolder')}
          <input type="text" data-testid="webdav-folder" {...field('folder')} />
        </label>
        <label>
          {t('webdavPassphrase')}
          <input type="password" autocomplete="new-password" minLength={8} required={!status?.hasKey} data-testid="webdav-passphrase" {...field('passphrase')} />
          <span class="lib-muted">{status?.hasKey ? t('webdavPassphraseSaved') : t('webdavPassphraseHint')}</span>
        </label>
        <div class="lib-preview-actions">
          <button type="submit" class="lib-button is-primary" disabled={busy} data-testid="webdav-save">
            {t('webdavSave')}
          </button>
          {status?.configured && (
            <>
              <button
                type="button"
                class="lib-button"
                disabled={busy || status.running}
                data-testid="webdav-sync-now"
                onClick={() => void act(() => api.sendToBackground('webdav/sync-now', {}), status.url)}
              >
                {t('webdavSyncNow')}
              </button>
              <button
                type="button"
                class="lib-button"
                disabled={busy}
                data-testid="webdav-forget"
                onClick={() => {
                  filled.current = false;
                  void api.sendToBackground('webdav/forget', {}).then(setStatus, () => setError(t('webdavRequestFailed')));
                }}
              >
                {t('webdavForget')}
              </button>
            </>
          )}
        </div>
      </form>
      <div role="status" class="lib-sync-status" data-testid="webdav-status">
        {status && <p>{lastText(status, api.now())}</p>}
        {progress && (
          <div class="lib-progress" data-testid="webdav-progress">
            <progress max={progress.total || 1} value={progress.done} aria-label={t(PHASE_KEYS[progress.phase])} />
            <span class="lib-muted">
              {t('webdavProgress', [t(PHASE_KEYS[progress.phase]), percent(progress.total > 0 ? progress.done / progress.total : 0)])}
            </span>
          </div>
        )}
      </div>
      {problem && (
        <p role="alert" class="lib-error" data-testid="webdav-error">
          {problem}
        </p>
      )}
    </section>
  );
}
