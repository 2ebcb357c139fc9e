import { useEffect, useRef, useState } from 'preact/hooks';
import type { OptionsApi } from '../../lib/options/api';
import { relativeDay } from '../../lib/i18n';
import type { SyncProgress } from '../../lib/sync/webdav/transport';
import type { WebDavStatus } from '../../lib/sync/webdav/service';

/** Every string this section shows (kept together for translation). */
export const WEBDAV_TEXT = {
  heading: 'Sync with your own server (WebDAV)',
  intro:
    'For a library of any size, or without a browser account: your followed stories, where you stopped, reading statuses and corrections go to a folder on your own WebDAV storage (Nextcloud, ownCloud, a NAS…), encrypted with your passphrase before they leave this browser. The server sees only opaque files.',
  url: 'Server address (WebDAV)',
  urlHint: 'For Nextcloud: https://cloud.example.com/remote.php/dav/files/your-user-name/',
  user: 'User name',
  password: 'App password',
  passwordHint: 'Create an app password in your server’s security settings; never use your main password.',
  passwordSaved: 'Saved; leave empty to keep it.',
  folder: 'Folder',
  passphrase: 'Encryption passphrase',
  passphraseHint:
    'The same on every device, at least 8 characters. It never leaves this browser and is not saved (only the key made from it). If you lose it, the copy on the server cannot be read; your libraries are not affected.',
  passphraseSaved: 'Key saved on this device: no need to enter the passphrase again.',
  save: 'Save and sync',
  syncNow: 'Sync now',
  forget: 'Stop syncing with this server',
  notSet: 'Not set up: your library is not sent anywhere.',
  neverSynced: 'Not synced yet.',
  permissionRefused: 'Calm Reader was not allowed to reach that server, so nothing was sent.',
  requestFailed: 'Couldn’t reach the extension’s background page.',
  failed: 'Last sync failed:',
  phases: { reading: 'Reading from the server', merging: 'Merging with this library', writing: 'Saving to the server', done: 'Done' } as Record<
    SyncProgress['phase'],
    string
  >,
  synced: (when: string, stories: number | null) =>
    `Last synced ${when}${stories === null ? '' : `: ${stories} ${stories === 1 ? 'story' : 'stories'} on the server`}.`,
};
const T = WEBDAV_TEXT;

/** How often the page asks for progress while a sync runs, and for the status otherwise. */
const RUNNING_POLL_MS = 400;
const IDLE_POLL_MS = 15_000;

function lastText(s: WebDavStatus, now: number): string {
  if (!s.configured) return T.notSet;
  if (s.lastSyncAt === null) return T.neverSynced;
  const time = new Date(s.lastSyncAt).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
  return T.synced(`${relativeDay(s.lastSyncAt, now)} at ${time}`, s.stories);
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
          setError(T.requestFailed);
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
      setError(T.permissionRefused);
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
  const problem = error ?? (status?.lastError ? `${T.failed} ${status.lastError}` : null);
  return (
    <section class="lib-section" id="webdav" aria-labelledby="opt-webdav-h">
      <h2 id="opt-webdav-h">{T.heading}</h2>
      <p class="lib-muted">{T.intro}</p>
      <form
        class="opt-webdav"
        data-testid="webdav-form"
        onSubmit={(e) => {
          e.preventDefault();
          void act(() => api.sendToBackground('webdav/save', form), form.url);
        }}
      >
        <label>
          {T.url}
          <input type="url" required autocomplete="url" placeholder="https://" data-testid="webdav-url" {...field('url')} />
          <span class="lib-muted">{T.urlHint}</span>
        </label>
        <label>
          {T.user}
          <input type="text" required autocomplete="username" data-testid="webdav-user" {...field('user')} />
        </label>
        <label>
          {T.password}
          <input type="password" autocomplete="current-password" required={!status?.hasPassword} data-testid="webdav-password" {...field('password')} />
          <span class="lib-muted">{status?.hasPassword ? T.passwordSaved : T.passwordHint}</span>
        </label>
        <label>
          {T.folder}
          <input type="text" data-testid="webdav-folder" {...field('folder')} />
        </label>
        <label>
          {T.passphrase}
          <input type="password" autocomplete="new-password" minLength={8} required={!status?.hasKey} data-testid="webdav-passphrase" {...field('passphrase')} />
          <span class="lib-muted">{status?.hasKey ? T.passphraseSaved : T.passphraseHint}</span>
        </label>
        <div class="lib-preview-actions">
          <button type="submit" class="lib-button is-primary" disabled={busy} data-testid="webdav-save">
            {T.save}
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
                {T.syncNow}
              </button>
              <button
                type="button"
                class="lib-button"
                disabled={busy}
                data-testid="webdav-forget"
                onClick={() => {
                  filled.current = false;
                  void api.sendToBackground('webdav/forget', {}).then(setStatus, () => setError(T.requestFailed));
                }}
              >
                {T.forget}
              </button>
            </>
          )}
        </div>
      </form>
      <div role="status" class="lib-sync-status" data-testid="webdav-status">
        {status && <p>{lastText(status, api.now())}</p>}
        {progress && (
          <div class="lib-progress" data-testid="webdav-progress">
            <progress max={progress.total || 1} value={progress.done} aria-label={T.phases[progress.phase]} />
            <span class="lib-muted">
              {T.phases[progress.phase]}… {progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0}%
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
