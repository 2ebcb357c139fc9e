/** The options page against fakes: per-site switches save settings, undo asks the worker, the popup links to it. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { Options } from '../../../components/options/Options';
import { Popup } from '../../../components/popup/Popup';
import type { OptionsApi } from '../../../lib/options/api';
import type { CorrectionGroup } from '../../../lib/options/corrections';
import { SETTINGS_KEY, type ReaderSettings } from '../../../lib/settings/settings';
import { flush, makeApi } from '../library-page/fixtures';
import { makeApi as makePopupApi } from '../popup/fake-api';

let container: HTMLDivElement;
beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

const $ = <T extends HTMLElement = HTMLElement>(sel: string) => container.querySelector<T>(sel);

async function click(el: HTMLElement) {
  await act(() => {
    el.click();
  });
  await flush();
}

function optionsApi(groups: CorrectionGroup[]) {
  const fake = makeApi([], { 'sync/status': () => ({ enabled: true, storiesSynced: 0, storiesTotal: 0, bytesUsed: 0, quotaBytes: 102400, overflow: false, newerFormat: false, lastSyncAt: null, lastError: null }) });
  const undo = vi.fn(async () => undefined);
  const api: OptionsApi = {
    ...fake.api,
    corrections: { list: vi.fn(async () => groups), undo },
    sites: [
      ['ao3', 'Archive of Our Own'],
      ['ffnet', 'FanFiction.Net'],
    ],
    openLibrary: vi.fn(async () => undefined),
    requestHost: vi.fn(async () => true),
  };
  return { api, undo, storage: fake.storage };
}

describe('Options page', () => {
  it('turns the reader view off for one site, in the stored settings', async () => {
    const { api, storage } = optionsApi([]);
    await act(() => {
      render(<Options api={api} root={document.createElement('div')} />, container);
    });
    await flush();
    const ffnet = $('[data-testid=site-ffnet]')!;
    expect(ffnet.getAttribute('role')).toBe('switch');
    expect(ffnet.getAttribute('aria-checked')).toBe('true');
    await click(ffnet);
    expect((storage.data[SETTINGS_KEY] as ReaderSettings).disabledSites).toEqual(['ffnet']);
    expect($('[data-testid=site-ffnet]')!.getAttribute('aria-checked')).toBe('false');
    expect($('[data-testid=site-ao3]')!.getAttribute('aria-checked')).toBe('true');
    // Every section is there, each with its heading.
    for (const id of ['reading', 'notes', 'sites', 'updates', 'sync', 'webdav', 'backup', 'privacy']) expect($(`section#${id} h2`), id).not.toBeNull();
  });

  it('lists note corrections per story and undoes one', async () => {
    const { api, undo } = optionsApi([
      { storyKey: 'ao3:1', title: 'The Long Road', site: 'ao3', items: [{ fingerprint: 'fa', label: 'story' }, { fingerprint: 'fb', label: 'note' }] },
    ]);
    await act(() => {
      render(<Options api={api} root={document.createElement('div')} />, container);
    });
    await flush();
    expect($('[data-testid=corrections-count]')!.textContent).toBe('2 corrections in 1 story.');
    const buttons = container.querySelectorAll<HTMLButtonElement>('[data-testid=undo-correction]');
    expect(buttons[1].getAttribute('aria-label')).toBe('Undo correction 2 of “The Long Road”');
    await click(buttons[1]);
    expect(undo).toHaveBeenCalledWith('ao3:1', 'fb');
    expect(container.querySelectorAll('[data-testid=correction]')).toHaveLength(1);
    expect($('[data-testid=corrections-status]')!.textContent).toContain('undone');
  });
});

describe('Popup: All settings', () => {
  it('opens the options page and closes the popup', async () => {
    const { api } = makePopupApi({ tab: 'reject' });
    await act(() => {
      render(<Popup api={api} root={document.createElement('div')} />, container);
    });
    await flush();
    const link = $('[data-testid=all-settings]')!;
    expect(link.textContent).toBe('All settings');
    await click(link);
    expect(api.openOptions).toHaveBeenCalledTimes(1);
    expect(api.close).toHaveBeenCalledTimes(1);
  });
});

describe('keys section (issue 21)', () => {
  async function press(el: HTMLElement, key: string, init: KeyboardEventInit = {}) {
    await act(() => {
      el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }));
    });
    await flush();
  }

  it('changes a key by pressing it, refuses reserved and taken keys with a message, and resets', async () => {
    const { api, storage } = optionsApi([]);
    const stored = async () => storage.data[SETTINGS_KEY] as ReaderSettings;
    await act(() => render(<Options api={api} />, container));
    await flush();
    const change = $('[data-testid=key-change-next]')!;
    expect($('[data-testid=key-next]')!.textContent).toBe('→');
    await click(change);
    expect(change.textContent).toBe('Press a key…');
    await press(change, 'Tab');
    expect(change.textContent).toBe('Change');
    await click(change);
    await press(change, ' ');
    expect($('[data-testid=keys-message]')!.textContent).toBe('Space is kept for scrolling, moving between controls or the browser: choose another key.');
    expect($('[data-testid=keys-message]')!.getAttribute('role')).toBe('alert');
    await press(change, 'n');
    expect($('[data-testid=keys-message]')!.textContent).toBe('N already does “Show or hide author\'s notes”. Choose another key, or change that one first.');
    await press(change, 'j', { ctrlKey: true });
    expect($('[data-testid=keys-message]')!.textContent).toContain('Ctrl');
    await press(change, 'j');
    expect($('[data-testid=key-next]')!.textContent).toBe('J');
    expect($('[data-testid=keys-message]')!.textContent).toBe('Next chapter: J.');
    expect((await stored()).keys.next).toBe('j');
    await click($('[data-testid=keys-reset]')!);
    expect((await stored()).keys.next).toBe('ArrowRight');
    expect($('[data-testid=key-next]')!.textContent).toBe('→');
  });
});
