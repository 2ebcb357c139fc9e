/**
 * One content script per site adapter file, generated from the registry (a local WXT module,
 * loaded by WXT from modules/).
 *
 * entrypoints/reader.content.ts is built once per site folder whose adapter.ts exports registered
 * adapters (ao3/, ffnet/ = FanFiction.net + FictionPress, xenforo/ = the three forums…), as
 * content-scripts/reader-<folder>.js, matching only that folder's sites and carrying only its
 * adapters: in each build lib/sites/served.ts is replaced by a module exporting those adapters. A
 * chapter page therefore loads the code of its own site, not of all ten. Adding a site stays "one
 * folder + one registry line": a new folder gets its own content script, an adapter added to an
 * existing folder joins that folder's script.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Plugin } from 'vite';
import type { ContentScriptEntrypoint, Entrypoint } from 'wxt';
import { defineWxtModule } from 'wxt/modules';
import { matchesOf } from '../lib/sites/match';
import { ADAPTERS } from '../lib/sites/registry';
import { SHARED_KEY, SHARED_NAMES } from '../lib/reader/late';
import type { SiteAdapter } from '../lib/sites/types';

const SITES_DIR = join(dirname(fileURLToPath(import.meta.url)), '../lib/sites');
/** The module each per-site build replaces. */
export const SERVED_MODULE = join(SITES_DIR, 'served.ts');
/** The entrypoint built once per site file (WXT's name for entrypoints/reader.content.ts). */
export const READER_ENTRYPOINT = 'reader';

export interface SiteScript {
  /** The site folder's name; the content script is content-scripts/reader-<name>.js. */
  name: string;
  /** Absolute path of the adapter file. */
  file: string;
  /** Its registered adapters, in registry order, with the name each is exported under. */
  adapters: { exportName: string; adapter: SiteAdapter }[];
  /** The content script's match patterns: its adapters' patterns. */
  matches: string[];
}

const isAdapter = (v: unknown): v is SiteAdapter =>
  !!v && typeof v === 'object' && typeof (v as SiteAdapter).id === 'string' && typeof (v as SiteAdapter).extract === 'function';

/** Each site folder's adapter.ts; the content script is named after the folder. */
function adapterFiles(sitesDir: string): { file: string; name: string }[] {
  const out: { file: string; name: string }[] = [];
  for (const d of readdirSync(sitesDir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const file = join(sitesDir, d.name, 'adapter.ts');
    if (d.isDirectory() && existsSync(file)) out.push({ file, name: d.name });
  }
  return out;
}

/** The content scripts to build, one per adapter file, in registry order. Throws when the files and the registry disagree. */
export async function siteScripts(sitesDir = SITES_DIR): Promise<SiteScript[]> {
  const registered = new Set(ADAPTERS.map((a) => a.id));
  const found = new Map<string, { file: string; name: string; exportName: string }>();
  for (const { file, name } of adapterFiles(sitesDir)) {
    const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const [exportName, value] of Object.entries(mod)) {
      if (!isAdapter(value) || !registered.has(value.id)) continue;
      const seen = found.get(value.id);
      if (seen && seen.file !== file) {
        throw new Error(`Site adapter "${value.id}" is exported by both ${seen.file} and ${file}: one site, one adapter file.`);
      }
      if (!seen) found.set(value.id, { file, name, exportName });
    }
  }
  const scripts: SiteScript[] = [];
  for (const adapter of ADAPTERS) {
    const where = found.get(adapter.id);
    if (!where) throw new Error(`Site adapter "${adapter.id}" is in the registry but no file in ${sitesDir} exports it.`);
    let script = scripts.find((s) => s.file === where.file);
    if (!script) {
      script = { name: where.name, file: where.file, adapters: [], matches: [] };
      scripts.push(script);
    }
    script.adapters.push({ exportName: where.exportName, adapter });
  }
  for (const s of scripts) s.matches = matchesOf(s.adapters.map((a) => a.adapter));
  return scripts;
}

/** The source that stands for lib/sites/served.ts in a site's build. */
export function servedModuleSource(script: SiteScript): string {
  const names = script.adapters.map((a) => a.exportName);
  return `import { ${names.join(', ')} } from ${JSON.stringify(script.file)};\nexport const SERVED_ADAPTERS = [${names.join(', ')}];\n`;
}

/** What `wxt/browser` means in a reader content script: the browser's own API, not the polyfill. */
export const CONTENT_BROWSER_MODULE = '@wxt-dev/browser';
const POLYFILLED = new Set(['wxt/browser', '@wxt-dev/webextension-polyfill/browser']);
/**
 * WXT's content-script context (2.6 KB minified with its location watcher) is replaced in our
 * content scripts by lib/reader/script-context.ts, which keeps the part they use (isInvalid,
 * onInvalidated, a newer copy of the script invalidating an older one).
 */
const WXT_CONTEXT_MODULE = 'wxt/utils/content-script-context';
export const OWN_CONTEXT_MODULE = join(SITES_DIR, '../reader/script-context.ts');

/**
 * WXT's own content-script code (the context) imports wxt/browser, which the polyfill module
 * aliases to webextension-polyfill (~10 KB minified). The content scripts on the sites (reader and
 * list pages) speak to the APIs through lib/protocol/ext-api.ts, which keeps the polyfill's message
 * conventions; WXT's code there only reads browser.runtime.id, so there wxt/browser is the browser's
 * own object. WXT's context itself is our smaller one (OWN_CONTEXT_MODULE).
 */
function withoutPolyfill(): Plugin {
  return {
    name: 'calm-reader:content-without-polyfill',
    enforce: 'pre',
    resolveId(id, importer) {
      if (id === WXT_CONTEXT_MODULE) return OWN_CONTEXT_MODULE;
      return POLYFILLED.has(id) ? this.resolve(CONTENT_BROWSER_MODULE, importer, { skipSelf: true }) : null;
    },
  };
}

/** The reader view's late parts (entrypoints/reader-late.ts), injected next to a reader content script. */
const LATE_ENTRYPOINT = 'reader-late';
const SHARED_PREFIX = '\0calm-reader-shared:';

/**
 * In the late script, Preact is the content script's own (hooks need the one instance that
 * renders them): `preact/jsx-runtime` and `preact/hooks` read what the content script left on the
 * isolated world's global (components/reader/late.ts). A name it does not share fails the build.
 */
export function sharedPreactSource(id: keyof typeof SHARED_NAMES): string {
  return `const s = globalThis[${JSON.stringify(SHARED_KEY)}];\n${SHARED_NAMES[id].map((n) => `export const ${n} = s.${n};`).join('\n')}\n`;
}

function sharedPreact(): Plugin {
  return {
    name: 'calm-reader:shared-preact',
    enforce: 'pre',
    resolveId(id) {
      if (id === 'preact') throw new Error('The late parts may import only types from preact (they run on the content script\'s).');
      return id in SHARED_NAMES ? SHARED_PREFIX + id : null;
    },
    load(id) {
      return id.startsWith(SHARED_PREFIX) ? sharedPreactSource(id.slice(SHARED_PREFIX.length) as keyof typeof SHARED_NAMES) : null;
    },
  };
}

/** The entrypoint of the list pages' content script (entrypoints/lists.content.ts). */
const LISTS_ENTRYPOINT = 'lists';

function servedSites(script: SiteScript): Plugin {
  return {
    name: 'calm-reader:served-sites',
    enforce: 'pre',
    load(id) {
      return id.split('?')[0] === SERVED_MODULE ? servedModuleSource(script) : null;
    },
  };
}

export default defineWxtModule({
  name: 'calm-reader:site-scripts',
  async setup(wxt) {
    const scripts = await siteScripts();
    const scriptOf = (e: Entrypoint) => scripts.find((s) => e.name === `${READER_ENTRYPOINT}-${s.name}`);

    wxt.hooks.hook('entrypoints:resolved', (_wxt, entrypoints) => {
      const i = entrypoints.findIndex((e) => e.type === 'content-script' && e.name === READER_ENTRYPOINT);
      if (i < 0) return;
      const [reader] = entrypoints.splice(i, 1) as ContentScriptEntrypoint[];
      for (const s of scripts) {
        const name = `${READER_ENTRYPOINT}-${s.name}`;
        // `wxt build -e reader` builds them all, `-e reader-ao3` that one.
        const skipped = reader.skipped && !wxt.config.filterEntrypoints?.has(name);
        entrypoints.push({ ...reader, name, skipped, options: { ...reader.options, matches: s.matches } });
      }
    });

    wxt.hooks.hook('vite:build:extendConfig', (entrypoints, config) => {
      const script = entrypoints.length === 1 ? scriptOf(entrypoints[0]) : undefined;
      if (script) config.plugins = [withoutPolyfill(), servedSites(script), ...(config.plugins ?? [])];
      else if (entrypoints.length === 1 && entrypoints[0].name === LISTS_ENTRYPOINT) config.plugins = [withoutPolyfill(), ...(config.plugins ?? [])];
      else if (entrypoints.length === 1 && entrypoints[0].name === LATE_ENTRYPOINT) config.plugins = [withoutPolyfill(), sharedPreact(), ...(config.plugins ?? [])];
    });
  },
});
