import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Library } from '../../components/library/Library';
import { createLibraryApi } from '../../lib/library-view/api';
import { ADAPTERS } from '../../lib/sites/registry';
import '../../components/shared/controls.css';
import '../../components/library/library.css';

const siteNames = Object.fromEntries(ADAPTERS.map((a) => [a.id, a.name]));
const api = createLibraryApi(browser, siteNames, { document, URL });

api.ensureNotifications = async () => {
  const manifest = browser.runtime.getManifest();
  if (manifest.permissions?.includes('notifications')) return true;
  const optional = (manifest.optional_permissions ?? []) as string[];
  if (!optional.includes('notifications')) return true;
  return browser.permissions.request({ permissions: ['notifications'] });
};

render(<Library api={api} />, document.getElementById('app')!);
