import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Library } from '../../components/library-page/Library';
import { createLibraryApi, createLocalBackup } from '../../lib/library-page/api';
import { openLibrary } from '../../lib/library/schema';
import { libraryReads } from '../../lib/library/first-read';
import { SITE_NAMES } from '../../lib/sites/names';
import { pageStorage, popupSnapshot } from '../../lib/popup/snapshot';

const api = createLibraryApi(browser, SITE_NAMES, { document, URL });

// A 10,000-story backup is larger than one runtime message may be: run it here, on the same database.
api.backup = createLocalBackup(() => openLibrary());
// The list too: the first screen never waits for the worker; its read is the one main.tsx started.
api.library = libraryReads();
// Keeps the popup's "Continue reading" first frame right after changes made on this page.
api.popupSnapshot = popupSnapshot(pageStorage());

api.ensureNotifications = async () => {
  const manifest = browser.runtime.getManifest();
  if (manifest.permissions?.includes('notifications')) return true;
  const optional = (manifest.optional_permissions ?? []) as string[];
  if (!optional.includes('notifications')) return true;
  return browser.permissions.request({ permissions: ['notifications'] });
};

render(<Library api={api} />, document.getElementById('app')!);
