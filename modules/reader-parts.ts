/**
 * reader-parts.js (entrypoints/reader-parts.ts), the reader view's on-demand parts, loaded by the
 * site content scripts with import() (a local WXT module, loaded by WXT from modules/):
 * - its build takes Preact from the content script that loads it (components/reader/shared-preact.ts):
 *   `preact`, `preact/hooks` and `preact/jsx-runtime` resolve to that script's objects, so there is
 *   one Preact (hooks work) and none of it is in the file twice;
 * - the manifest lists it as a web-accessible resource for the sites the content scripts run on
 *   (import() from a content script needs that), in Chrome behind a per-session address
 *   (use_dynamic_url), so pages cannot probe for it.
 */
import type { Plugin } from 'vite';
import { defineWxtModule } from 'wxt/modules';
import { SHARED_PREACT, SHARED_PREACT_GLOBAL } from '../components/reader/shared-preact';
import { hostPermissions } from '../lib/sites/registry';

export const READER_PARTS_ENTRYPOINT = 'reader-parts';
export const READER_PARTS_FILE = `${READER_PARTS_ENTRYPOINT}.js`;
const PREFIX = '\0calm-shared-preact:';

/** The source that stands for one Preact module in reader-parts.js. */
export function sharedPreactSource(id: keyof typeof SHARED_PREACT): string {
  const names = Object.keys(SHARED_PREACT[id]);
  return `const m = globalThis[${JSON.stringify(SHARED_PREACT_GLOBAL)}][${JSON.stringify(id)}];\n${names
    .map((n) => `export const ${n} = m.${n};`)
    .join('\n')}\n`;
}

export function sharedPreact(): Plugin {
  return {
    name: 'calm-reader:shared-preact',
    enforce: 'pre',
    resolveId(id) {
      return Object.hasOwn(SHARED_PREACT, id) ? PREFIX + id : null;
    },
    load(id) {
      return id.startsWith(PREFIX) ? sharedPreactSource(id.slice(PREFIX.length) as keyof typeof SHARED_PREACT) : null;
    },
  };
}

export default defineWxtModule({
  name: 'calm-reader:reader-parts',
  setup(wxt) {
    wxt.hooks.hook('vite:build:extendConfig', (entrypoints, config) => {
      if (entrypoints.length === 1 && entrypoints[0].name === READER_PARTS_ENTRYPOINT) {
        config.plugins = [sharedPreact(), ...(config.plugins ?? [])];
      }
    });
    wxt.hooks.hook('build:manifestGenerated', (_wxt, manifest) => {
      const entry = {
        resources: [READER_PARTS_FILE],
        matches: hostPermissions(),
        ...(wxt.config.browser === 'firefox' ? {} : { use_dynamic_url: true }),
      };
      const war = (manifest.web_accessible_resources ?? []) as unknown[];
      manifest.web_accessible_resources = [...war, entry] as typeof manifest.web_accessible_resources;
    });
  },
});
