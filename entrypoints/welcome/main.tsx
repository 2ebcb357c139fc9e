// The first-run page, opened once when the extension is installed (entrypoints/background.ts).
import { render } from 'preact';
import { browser } from 'wxt/browser';
import '../../components/shared/theme.css';
import '../../components/shared/controls.css';
import '../../components/welcome/welcome.css';
import { Welcome, type WelcomeApi } from '../../components/welcome/Welcome';
import { SITE_DISPLAY_NAMES } from '../../lib/sites/names';
import { loadSettings, saveSettings, type StorageLike } from '../../lib/settings/store';
import { sendToBackground, type RuntimeLike } from '../../lib/protocol/messages';

const storage = browser.storage as unknown as StorageLike;
const runtime = browser.runtime as unknown as RuntimeLike;

const api: WelcomeApi = {
  sites: SITE_DISPLAY_NAMES,
  readerOn: async () => (await loadSettings(storage)).enabled,
  setReaderOn: async (enabled) => {
    await saveSettings(storage, { enabled });
  },
  syncOn: async () => (await sendToBackground(runtime, 'sync/status', {}))?.enabled ?? false,
  setSyncOn: async (enabled) => (await sendToBackground(runtime, 'sync/set-enabled', { enabled }))?.enabled ?? enabled,
  privateAllowed: async () => {
    try {
      return await browser.extension.isAllowedIncognitoAccess();
    } catch {
      return null;
    }
  },
  openLibrary: () => void browser.tabs.create({ url: browser.runtime.getURL('/library.html' as Parameters<typeof browser.runtime.getURL>[0]) }),
};

render(<Welcome api={api} />, document.getElementById('app')!);
