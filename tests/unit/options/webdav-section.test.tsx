import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebDavSection } from '../../../components/options/WebDavSection';
import { t } from '../../../lib/i18n';
import type { OptionsApi } from '../../../lib/options/api';
import type { WebDavStatus } from '../../../lib/sync/webdav/service';
import { flush, makeApi } from '../library-page/fixtures';

let container: HTMLElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

const $ = <T extends HTMLElement = HTMLElement>(sel: string) => container.querySelector<T>(sel)!;

const idle: WebDavStatus = {
  configured: false,
  url: '',
  user: '',
  folder: '',
  hasPassword: false,
  hasKey: false,
  running: false,
  progress: null,
  lastSyncAt: null,
  lastError: null,
  stories: null,
};

function setup(status: () => WebDavStatus, allow = true) {
  const saved: unknown[] = [];
  let after: WebDavStatus | null = null;
  const fake = makeApi([], {
    'webdav/status': () => after ?? status(),
    'webdav/save': (req) => {
      saved.push(req);
      after = { ...idle, configured: true, url: req.url, user: req.user, folder: req.folder, hasPassword: true, hasKey: true };
      return { ...after, running: true };
    },
  });
  const requestHost = vi.fn(async () => allow);
  const api = { ...fake.api, requestHost } as unknown as OptionsApi;
  return { api, requestHost, saved, calls: fake.calls };
}

function type(testId: string, value: string) {
  const input = $<HTMLInputElement>(`[data-testid=${testId}]`);
  input.value = value;
  input.dispatchEvent(new Event('input', { bubbles: true }));
}

async function fillAndSubmit() {
  await act(() => {
    type('webdav-url', 'https://cloud.example/remote.php/dav/files/me/');
    type('webdav-user', 'me');
    type('webdav-password', 'app-pass');
    type('webdav-passphrase', 'a long passphrase');
  });
  await act(() => {
    $<HTMLFormElement>('[data-testid=webdav-form]').dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
  await flush();
}

describe('WebDAV section of the options page', () => {
  it('asks for the server’s host permission in the click, then saves and shows the run', async () => {
    const { api, requestHost, saved } = setup(() => idle);
    await act(() => render(<WebDavSection api={api} />, container));
    await flush();
    expect($('[data-testid=webdav-status]').textContent).toContain(t('webdavNotSet'));
    // Every field has its label.
    for (const id of ['webdav-url', 'webdav-user', 'webdav-password', 'webdav-folder', 'webdav-passphrase'])
      expect($(`[data-testid=${id}]`).closest('label')?.textContent?.length).toBeGreaterThan(5);
    await fillAndSubmit();
    expect(requestHost).toHaveBeenCalledWith('https://cloud.example/remote.php/dav/files/me/');
    expect(saved).toEqual([
      { url: 'https://cloud.example/remote.php/dav/files/me/', user: 'me', password: 'app-pass', folder: 'calm-reader', passphrase: 'a long passphrase' },
    ]);
    // The secrets are not kept in the form afterwards.
    expect($<HTMLInputElement>('[data-testid=webdav-passphrase]').value).toBe('');
    expect($<HTMLInputElement>('[data-testid=webdav-password]').value).toBe('');
    expect($('[data-testid=webdav-sync-now]')).not.toBeNull();
  });

  it('sends nothing when the permission is refused, and says so', async () => {
    const { api, saved } = setup(() => idle, false);
    await act(() => render(<WebDavSection api={api} />, container));
    await flush();
    await fillAndSubmit();
    expect(saved).toEqual([]);
    expect($('[data-testid=webdav-error]').textContent).toBe(t('webdavPermissionRefused'));
  });

  it('shows the progress of a run and the last error', async () => {
    let s: WebDavStatus = { ...idle, configured: true, url: 'https://x.example/', user: 'me', folder: 'f', running: true, progress: { phase: 'writing', done: 3, total: 4 } };
    const { api } = setup(() => s);
    await act(() => render(<WebDavSection api={api} />, container));
    await flush();
    const bar = $<HTMLProgressElement>('[data-testid=webdav-progress] progress');
    expect(bar.value).toBe(3);
    expect(bar.getAttribute('aria-label')).toBe(t('webdavPhaseWriting'));
    expect($('[data-testid=webdav-progress]').textContent).toContain('75%');
    s = { ...s, running: false, progress: null, lastError: 'The sync server is full.' };
    await act(() => render(<WebDavSection api={{ ...api }} />, container));
    await flush();
    expect($('[data-testid=webdav-error]').textContent).toBe(t('webdavFailed', 'The sync server is full.'));
  });
});
