/** The popup in a private window says that nothing read there is recorded (#20 point 1). */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { Popup } from '../../../components/popup/Popup';
import { createPopupApi } from '../../../lib/popup/api';
import { privateWindowMessage } from '../../../lib/popup/format';
import { chapterStatus, fakeStorage, flush, makeApi } from './fake-api';

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

describe('Popup in a private window', () => {
  it('says nothing read there is saved or synced', async () => {
    const { api } = makeApi({ tab: () => chapterStatus() });
    await mount({ ...api, isPrivateTab: async () => true });
    expect(container.querySelector('[data-testid=private-window]')?.textContent).toBe(privateWindowMessage());
  });

  it('says nothing of it in a normal window', async () => {
    const { api } = makeApi({ tab: () => chapterStatus() });
    await mount({ ...api, isPrivateTab: async () => false });
    expect(container.querySelector('[data-testid=private-window]')).toBeNull();
  });

  it('knows a private tab from tabs.query', async () => {
    const b = {
      tabs: {
        query: vi.fn(async () => [{ id: 3, incognito: true }]),
        sendMessage: vi.fn(),
        create: vi.fn(),
        update: vi.fn(),
      },
      runtime: { sendMessage: vi.fn(), getURL: (p: string) => `chrome-extension://abc${p}` },
      storage: fakeStorage(),
    };
    expect(await createPopupApi(b as never, () => undefined).isPrivateTab!()).toBe(true);
    b.tabs.query.mockResolvedValueOnce([{ id: 3, incognito: false }]);
    expect(await createPopupApi(b as never, () => undefined).isPrivateTab!()).toBe(false);
  });
});
