import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { hostPermissions, siteNamesDefine } from './lib/sites/registry';

export default defineConfig({
  // Manifest V3 for Chrome and Firefox alike.
  manifestVersion: 3,
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
    // The sites' names for the popup and the library page, without bundling the adapters there.
    define: siteNamesDefine(),
    // CALM_NO_MINIFY=1: readable bundles for profiling (scripts/bench/profile.ts).
    ...(process.env.CALM_NO_MINIFY ? { build: { minify: false } } : {}),
  }),
  zip: {
    // The sources zip for addons.mozilla.org reviewers: hidden files are left out unless named.
    includeSources: ['.nvmrc'],
  },
  manifest: ({ browser }) => ({
    name: 'Calm Reader for Fanfiction',
    short_name: 'Calm Reader',
    // At most 132 characters: the Chrome Web Store refuses a longer manifest description.
    description:
      "A calm reader view for AO3, FanFiction.net and more: clean typography, author's notes tucked away, and your place remembered.",
    permissions: ['storage', 'alarms', 'activeTab', 'scripting'],
    // Asked for only when the reader turns on "Notify me of new chapters" (off by default).
    optional_permissions: ['notifications'],
    // The reader's own WebDAV server for encrypted sync: only its origin is asked for, in the click
    // that saves the server's settings (lib/sync/webdav). Any https host, or http on a home network.
    optional_host_permissions: ['https://*/*', 'http://*/*'],
    // One worker and one library for normal and private windows (Firefox knows no "split"). When
    // the reader allows the extension in private windows, nothing read there is recorded or synced:
    // the worker checks sender.tab.incognito (lib/background/senders.ts).
    incognito: 'spanning',
    host_permissions: hostPermissions(),
    commands: {
      'toggle-reader': {
        suggested_key: { default: 'Alt+Shift+R' },
        description: 'Turn the reader view on or off',
      },
      'next-chapter': {
        suggested_key: { default: 'Alt+Shift+Period' },
        description: 'Next chapter',
      },
      'prev-chapter': {
        suggested_key: { default: 'Alt+Shift+Comma' },
        description: 'Previous chapter',
      },
      'toggle-notes': {
        suggested_key: { default: 'Alt+Shift+N' },
        description: "Show or hide author's notes",
      },
    },
    // Story HTML is sanitised by the browser's own HTML Sanitizer (Element.setHTML): Chrome 146+, Firefox 148+.
    ...(browser === 'firefox' ? {} : { minimum_chrome_version: '146' }),
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'; base-uri 'none'; form-action 'none'",
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              // PERMANENT: addons.mozilla.org ties the add-on, its reviews and every user's updates and
              // data (storage, IndexedDB) to this id from the first upload on. Never change it; a
              // unit test (tests/unit/store-package.test.ts) holds it fixed.
              id: 'calm-reader@calm-reader.app',
              strict_min_version: '148.0',
              // Nothing leaves the reader's browser except requests to the story sites themselves.
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '148.0' },
          },
        }
      : {}),
  }),
});
