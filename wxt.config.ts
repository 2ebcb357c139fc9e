import { fileURLToPath } from 'node:url';
import { defineConfig, type Entrypoint } from 'wxt';
import preact from '@preact/preset-vite';
import type { Plugin } from 'vite';
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
  // Issue 25, the popup (the popup's chunking only): it is built on its own, so its code is one
  // script (not the chunks Rollup splits out for the modules it shares with the other pages) and
  // its styles are inlined in popup.html. The popup is then two requests (the page and one script)
  // where it was nine: each round through the browser process costs 10-60 ms on a popup's open.
  hooks: {
    'entrypoints:grouped': (_wxt, groups) => {
      const pages = groups.find((g) => Array.isArray(g) && g.length > 1 && g.some((e) => e.name === POPUP));
      if (Array.isArray(pages)) groups.push(pages.splice(pages.findIndex((e) => e.name === POPUP), 1));
    },
    'vite:build:extendConfig': (entries, config) => {
      if (entries.length === 1 && entries[0].name === POPUP) (config.plugins ??= []).push(inlineStyles());
      // The popup's first frame (entrypoints/popup-first.ts, a classic script run while popup.html
      // is parsed): the browser's own `chrome`/`browser` object, not the polyfill (~10 KB), which
      // the few calls it makes (i18n, tabs) do not need.
      if (entries.length === 1 && entries[0].name === POPUP_FIRST) {
        const alias = config.resolve?.alias;
        const list = Array.isArray(alias) ? alias : Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement }));
        (config.resolve ??= {}).alias = [{ find: /^wxt\/browser$/, replacement: resolvePath('lib/popup/native-browser.ts') }, ...list];
      }
    },
  },
  zip: {
    // The sources zip for addons.mozilla.org reviewers: hidden files are left out unless named.
    includeSources: ['.nvmrc'],
  },
  manifest: ({ browser }) => ({
    // Every word in the reader's language: public/_locales/<lang>/messages.json (lib/i18n).
    default_locale: 'en',
    name: '__MSG_extName__',
    short_name: '__MSG_extShortName__',
    // At most 132 characters in every language: the Chrome Web Store refuses a longer description
    // (tests/unit/i18n/locales.test.ts holds each locale to it).
    description: '__MSG_extDescription__',
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
        description: '__MSG_cmdToggleReader__',
      },
      'next-chapter': {
        suggested_key: { default: 'Alt+Shift+Period' },
        description: '__MSG_cmdNextChapter__',
      },
      'prev-chapter': {
        suggested_key: { default: 'Alt+Shift+Comma' },
        description: '__MSG_cmdPrevChapter__',
      },
      'toggle-notes': {
        suggested_key: { default: 'Alt+Shift+N' },
        description: '__MSG_cmdToggleNotes__',
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

const POPUP: Entrypoint['name'] = 'popup';
const POPUP_FIRST: Entrypoint['name'] = 'popup-first';
const resolvePath = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The page's stylesheets as <style> in its HTML (the pages' CSP restricts scripts, not styles). */
function inlineStyles(): Plugin {
  return {
    name: 'calm-reader:inline-styles',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return html;
        return html.replace(/<link rel="stylesheet"[^>]*href="\/([^"]+\.css)"[^>]*>/g, (tag, file: string) => {
          const asset = bundle[file];
          if (!asset || asset.type !== 'asset') return tag;
          delete bundle[file];
          return `<style>${String(asset.source).replace(/<\/style/gi, '<\\/style')}</style>`;
        });
      },
    },
  };
}
