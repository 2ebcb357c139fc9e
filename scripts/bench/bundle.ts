/**
 * Bundle sizes of the built extension (.output/chrome-mv3), raw and gzipped (zlib level 9), and
 * what the largest content script is made of (an esbuild bundle of the same entry for the same
 * site, minified, by module group).
 *
 * There is one content script per site adapter file (modules/site-scripts.ts) and their match
 * patterns are disjoint, so a chapter page loads exactly one: the figure that matters is the
 * largest of them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, transform, type Plugin } from 'esbuild';
import { SERVED_MODULE, servedModuleSource, siteScripts } from '../../modules/site-scripts';

export interface BundleRow {
  name: string;
  files: string[];
  bytes: number;
  gzip: number;
  /** Content scripts only: the script's name (reader-ao3 …). */
  contentScript?: string;
}

const gz = (b: Buffer) => gzipSync(b, { level: 9 }).length;

/**
 * Files a page loads: its scripts, module preloads and stylesheets, and what those scripts import,
 * statically or on start-up (the popup and library page load their UI with import() right away).
 */
function pageAssets(dir: string, html: string): string[] {
  const src = readFileSync(join(dir, html), 'utf8');
  const out = new Set<string>();
  const queue: string[] = [];
  const add = (f: string) => {
    if (!out.has(f) && existsSync(join(dir, f))) {
      out.add(f);
      if (f.endsWith('.js')) queue.push(f);
    }
  };
  for (const m of src.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)) add(m[1]);
  while (queue.length) {
    const f = queue.shift()!;
    const code = readFileSync(join(dir, f), 'utf8');
    // "./x.js" next to this chunk; "chunks/x.js" / "assets/x.css" from the root (Vite's preload list).
    for (const m of code.matchAll(/["']\.\/([\w.-]+\.js)["']/g)) add(join(f, '..', m[1]));
    for (const m of code.matchAll(/["']\/?((?:chunks|assets)\/[\w.-]+\.(?:js|css))["']/g)) add(m[1]);
  }
  return [...out];
}

export function bundleSizes(root: string): BundleRow[] {
  const dir = join(root, '.output/chrome-mv3');
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`no build at ${dir}: run npx wxt build`);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    content_scripts?: Array<{ js?: string[]; css?: string[] }>;
  };
  const rows: BundleRow[] = [];
  const row = (name: string, files: string[], contentScript?: string) => {
    const bufs = files.filter((f) => existsSync(join(dir, f))).map((f) => readFileSync(join(dir, f)));
    const all = Buffer.concat(bufs);
    // Gzip per file (each is fetched/stored on its own), summed.
    rows.push({ name, files, bytes: all.length, gzip: bufs.reduce((n, b) => n + gz(b), 0), ...(contentScript ? { contentScript } : {}) });
  };
  for (const cs of manifest.content_scripts ?? []) {
    const files = [...(cs.js ?? []), ...(cs.css ?? [])];
    const name = basename(cs.js?.[0] ?? files[0] ?? '?', '.js');
    row(`content script ${name}`, files, name);
  }
  if (existsSync(join(dir, 'popup.html'))) row('popup (js+css)', pageAssets(dir, 'popup.html'));
  if (existsSync(join(dir, 'library.html'))) row('library page (js+css)', pageAssets(dir, 'library.html'));
  row('background worker', ['background.js']);
  return rows;
}

export interface ModuleShare {
  group: string;
  bytes: number;
}

/** The content script a chapter page loads that weighs most (gzip): the figure the goal is about. */
export function largestContentScript(rows: readonly BundleRow[]): BundleRow | undefined {
  return rows.filter((r) => r.contentScript).sort((a, b) => b.gzip - a.gzip)[0];
}

/**
 * Minified bytes of one site's content script (default: the first site file) by origin (package or
 * lib/ folder). Built the way WXT builds it: only that site's adapters (lib/sites/served.ts
 * replaced), the reader stylesheet inlined and minified, `wxt/browser` as the browser's own object (no polyfill).
 */
export async function contentScriptComposition(root: string, scriptName?: string): Promise<ModuleShare[]> {
  const scripts = await siteScripts();
  const site = scripts.find((s) => `reader-${s.name}` === scriptName) ?? scripts[0];
  const plugin: Plugin = {
    name: 'as-wxt-builds-it',
    setup(b) {
      b.onLoad({ filter: /[\\/]lib[\\/]sites[\\/]served\.ts$/ }, (args) =>
        args.path === SERVED_MODULE ? { contents: servedModuleSource(site), loader: 'ts', resolveDir: root } : undefined,
      );
      b.onResolve({ filter: /\.css\?inline$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.replace(/\?inline$/, '')), namespace: 'css-inline' }));
      b.onLoad({ filter: /.*/, namespace: 'css-inline' }, async (args) => {
        const css = (await transform(readFileSync(args.path, 'utf8'), { loader: 'css', minify: true })).code;
        return { contents: `export default ${JSON.stringify(css)};`, loader: 'js' };
      });
    },
  };
  const res = await build({
    entryPoints: [resolve(root, 'entrypoints/reader.content.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    write: false,
    metafile: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    logLevel: 'silent',
    absWorkingDir: root,
    plugins: [plugin],
    alias: { 'wxt/browser': '@wxt-dev/browser' },
    define: { 'import.meta.env.BROWSER': '"chrome"', 'import.meta.env.MANIFEST_VERSION': '3' },
  });
  const out = Object.values(res.metafile.outputs)[0];
  const groups = new Map<string, number>();
  for (const [input, info] of Object.entries(out.inputs)) {
    // "css-inline:/abs/lib/reader/reader.css" -> "lib/reader/reader.css"
    const file = input.replace(/^css-inline:/, '').replace(`${root.replace(/\\/g, '/')}/`, '');
    let g: string;
    const nm = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    if (nm) g = nm[1];
    else {
      const parts = file.split('/');
      g = parts.length > 2 ? parts.slice(0, 2).join('/') : parts.join('/');
    }
    groups.set(g, (groups.get(g) ?? 0) + info.bytesInOutput);
  }
  return [...groups].map(([group, bytes]) => ({ group, bytes })).sort((a, b) => b.bytes - a.bytes);
}
