/** The popup asks for access to the story sites with one click when it is withheld (#20 point 9). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { Popup } from '../../../components/popup/Popup';
import { createPopupApi } from '../../../lib/popup/api';
import { noAccessPopupMessage } from '../../../lib/popup/format';
import { fakeStorage, flush, makeApi } from './fake-api';

const container = document.createElement('div');
afterEach(() => {
  render(null, container);
  container.remove();
});

async function mount(api: Parameters<typeof Popup>[0]['api']) {
  document.body.append(container);
  await act(() => {
    render(<Popup api={api} root={document.createElement('div')} />, container);
  });
  await flush();
}
const $ = (id: string) => container.querySelector<HTMLElement>(`[data-testid="${id}"]`);

describe('Popup without access to the story sites', () => {
  it('says so and asks for access in the click itself', async () => {
    let granted = false;
    const request = vi.fn(() => {
      granted = true;
      return Promise.resolve(true);
    });
    const { api } = makeApi({ tab: 'reject' });
    await mount({ ...api, hostAccess: { has: async () => granted, request } });
    expect($('host-access')?.textContent).toContain(noAccessPopupMessage());
    $('allow-access')!.click();
    // Synchronously, while the click (the user's gesture) is being handled.
    expect(request).toHaveBeenCalledTimes(1);
    await act(async () => {
      await flush();
    });
    expect($('host-access')).toBeNull();
  });

  it('shows nothing when access is granted', async () => {
    const { api } = makeApi({ tab: 'reject' });
    await mount({ ...api, hostAccess: { has: async () => true, request: vi.fn() } });
    expect($('host-access')).toBeNull();
  });

  it('asks permissions for the manifest’s host permissions', async () => {
    const permissions = { contains: vi.fn(async () => false), request: vi.fn(async () => true) };
    const b = {
      tabs: { query: vi.fn(async () => []), sendMessage: vi.fn(), create: vi.fn(), update: vi.fn() },
      runtime: {
        sendMessage: vi.fn(),
        getURL: (p: string) => `moz-extension://abc${p}`,
        getManifest: () => ({ host_permissions: ['https://archiveofourown.org/*', 'https://www.fanfiction.net/*'] }),
      },
      storage: fakeStorage(),
      permissions,
    };
    const api = createPopupApi(b as never, () => undefined);
    expect(await api.hostAccess!.has()).toBe(false);
    expect(permissions.contains).toHaveBeenCalledWith({ origins: ['https://archiveofourown.org/*', 'https://www.fanfiction.net/*'] });
    await api.hostAccess!.request();
    expect(permissions.request).toHaveBeenCalledWith({ origins: ['https://archiveofourown.org/*', 'https://www.fanfiction.net/*'] });
  });
});
