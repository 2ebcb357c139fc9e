import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Options } from '../../components/options/Options';
import { createLibraryApi, createLocalBackup } from '../../lib/library-page/api';
import { createCorrectionsApi, type OptionsApi } from '../../lib/options/api';
import { openLibrary } from '../../lib/library/schema';
import { SITE_NAMES, SITES } from '../../lib/sites/names';
import { baseUrlOf, originPattern } from '../../lib/sync/webdav/client';

const library = createLibraryApi(browser, SITE_NAMES, { document, URL });
const api: OptionsApi = {
  ...library,
  // Backup and the corrections list run on the library's IndexedDB in the page, as on the library page.
  backup: createLocalBackup(() => openLibrary()),
  corrections: createCorrectionsApi(() => openLibrary(), library.sendToBackground),
  sites: SITES,
  openLibrary: async () => {
    await browser.tabs.create({ url: browser.runtime.getURL('/library.html') });
  },
  // Asked for in the click that turns notifications on (permissions.request needs the gesture).
  ensureNotifications: async () => {
    const manifest = browser.runtime.getManifest();
    if (manifest.permissions?.includes('notifications')) return true;
    const optional = (manifest.optional_permissions ?? []) as string[];
    if (!optional.includes('notifications')) return true;
    return browser.permissions.request({ permissions: ['notifications'] });
  },
  // The WebDAV server's origin only, in the click on "Save and sync" / "Sync now".
  requestHost: async (url) => {
    baseUrlOf({ url, folder: '' });
    return browser.permissions.request({ origins: [originPattern(url)] });
  },
};

render(<Options api={api} />, document.getElementById('app')!);
