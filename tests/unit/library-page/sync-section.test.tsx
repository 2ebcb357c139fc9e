import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { Library } from '../../../components/library-page/Library';
import { SYNC_REFRESH_MS, SyncSection } from '../../../components/library-page/SyncSection';
import { SYNC_UNAVAILABLE } from '../../../lib/background/sync-handlers';
import type { SyncStatus } from '../../../lib/sync/types';
import { flush, makeApi, NOW, type Handlers } from './fixtures';

let container: HTMLDivElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
  vi.useRealTimers();
});

const $ = <T extends HTMLElement = HTMLElement>(testId: string) =>
  container.querySelector<T>(`[data-testid="${testId}"]`);

function status(over: Partial<SyncStatus> = {}): SyncStatus {
  return {
    enabled: true,
    storiesSynced: 120,
    storiesTotal: 120,
    bytesUsed: 23_552,
    quotaBytes: 102_400,
    overflow: false,
    newerFormat: false,
    lastSyncAt: NOW - 60_000,
    lastError: null,
    ...over,
  };
}

async function mount(handlers: Handlers) {
  const fake = makeApi([], handlers);
  await act(() => {
    render(<SyncSection api={fake.api} />, container);
  });
  await flush();
  return fake;
}

async function click(el: HTMLElement) {
  await act(() => {
    el.click();
  });
  await flush();
}

describe('Sync across devices (Library settings)', () => {
  it('shows how many stories are synced, when, and how much storage is used', async () => {
    await mount({ 'sync/status': () => status() });
    const toggle = $('sync-toggle')!;
    expect(toggle.getAttribute('role')).toBe('switch');
    expect(toggle.getAttribute('aria-checked')).toBe('true');
    expect(toggle.hasAttribute('disabled')).toBe(false);
    const text = $('sync-status')!.textContent!;
    expect(text).toContain('Synced 120 of 120 stories');
    expect(text).toContain('Last synced today at');
    expect(text).toContain('23 KB of 100 KB sync storage used.');
    expect($('sync-error')).toBeNull();
  });

  it('is labelled and reachable from the keyboard', async () => {
    await mount({ 'sync/status': () => status() });
    const toggle = $('sync-toggle')!;
    expect(toggle.tagName).toBe('BUTTON');
    const label = document.getElementById(toggle.getAttribute('aria-labelledby')!);
    expect(label?.textContent).toBe('Sync across devices');
    toggle.focus();
    expect(document.activeElement).toBe(toggle);
    expect($('sync-status')!.getAttribute('role')).toBe('status');
  });

  it('says which stories are synced when the sync storage is full', async () => {
    await mount({ 'sync/status': () => status({ storiesSynced: 469, storiesTotal: 1200, overflow: true }) });
    expect($('sync-status')!.textContent).toContain(
      "Only your 469 most recently read stories are synced: the browser's sync storage is full.",
    );
  });

  it('says when nothing has been synced yet', async () => {
    await mount({ 'sync/status': () => status({ lastSyncAt: null, storiesSynced: 3, storiesTotal: 3 }) });
    expect($('sync-last')!.textContent).toContain('Not synced yet.');
  });

  it('turns sync off and on again', async () => {
    let enabled = true;
    const fake = await mount({
      'sync/status': () => status({ enabled }),
      'sync/set-enabled': (req) => {
        enabled = req.enabled;
        return status({ enabled });
      },
    });
    await click($('sync-toggle')!);
    expect(fake.calls.filter((c) => c.type === 'sync/set-enabled').map((c) => c.req)).toEqual([{ enabled: false }]);
    expect($('sync-toggle')!.getAttribute('aria-checked')).toBe('false');
    expect($('sync-status')!.textContent).toBe('Sync is off: your library stays on this device.');

    await click($('sync-toggle')!);
    expect(fake.calls.filter((c) => c.type === 'sync/set-enabled').map((c) => c.req)).toEqual([
      { enabled: false },
      { enabled: true },
    ]);
    expect($('sync-toggle')!.getAttribute('aria-checked')).toBe('true');
    expect($('sync-status')!.textContent).toContain('Synced 120 of 120 stories');
  });

  it('keeps the switch as it was when the change fails, and says so', async () => {
    await mount({
      'sync/status': () => status(),
      'sync/set-enabled': () => {
        throw new Error('worker gone');
      },
    });
    await click($('sync-toggle')!);
    expect($('sync-toggle')!.getAttribute('aria-checked')).toBe('true');
    expect($('sync-error')!.textContent).toBe("Couldn't turn sync off.");
    expect($('sync-error')!.getAttribute('role')).toBe('alert');
  });

  it('shows the last sync error', async () => {
    await mount({ 'sync/status': () => status({ lastError: 'QUOTA_BYTES quota exceeded' }) });
    expect($('sync-error')!.textContent).toBe('Last sync failed: QUOTA_BYTES quota exceeded');
  });

  it('asks to update when another device syncs a newer format', async () => {
    await mount({ 'sync/status': () => status({ newerFormat: true }) });
    expect($('sync-status')!.textContent).toContain('newer version of Calm Reader');
  });

  it('cannot be turned on where the browser has no sync storage', async () => {
    await mount({ 'sync/status': () => status({ enabled: false, lastSyncAt: null, lastError: SYNC_UNAVAILABLE }) });
    expect($('sync-toggle')!.hasAttribute('disabled')).toBe(true);
    expect($('sync-error')!.textContent).toBe(SYNC_UNAVAILABLE);
  });

  it('says so when the status cannot be read', async () => {
    await mount({});
    expect($('sync-error')!.textContent).toBe("Couldn't read the sync status.");
    expect($('sync-toggle')!.hasAttribute('disabled')).toBe(true);
  });

  it('refreshes the status while the page is open', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    let synced = 1;
    const fake = await mount({ 'sync/status': () => status({ storiesSynced: synced, storiesTotal: 2 }) });
    expect($('sync-status')!.textContent).toContain('Synced 1 of 2 stories');
    synced = 2;
    await act(() => {
      vi.advanceTimersByTime(SYNC_REFRESH_MS);
    });
    await flush();
    expect($('sync-status')!.textContent).toContain('Synced 2 of 2 stories');
    expect(fake.calls.filter((c) => c.type === 'sync/status').length).toBe(2);
  });

  it('is on the Library page next to the update settings', async () => {
    const fake = makeApi([], { 'sync/status': () => status() });
    await act(() => {
      render(<Library api={fake.api} root={document.createElement('div')} />, container);
    });
    await flush();
    const updates = container.querySelector('#updates')!;
    const sync = container.querySelector('#sync')!;
    expect(updates.nextElementSibling).toBe(sync);
    expect($('sync-toggle')!.getAttribute('aria-checked')).toBe('true');
  });
});
