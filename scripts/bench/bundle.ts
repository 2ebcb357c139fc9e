/**
 * Bundle sizes of the built extension (.output/chrome-mv3), raw and gzipped (zlib level 9), and
 * what the content script is made of (an esbuild bundle of the same entry, minified, by module group).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export interface BundleRow {
  name: string;
  files: string[];
  bytes: number;
  gzip: number;
}

const gz = (b: Buffer) => gzipSync(b, { level: 9 }).length;

/** Files a page loads: its scripts, module preloads and stylesheets. */
function pageAssets(dir: string, html: string): string[] {
  const src = readFileSync(join(dir, html), 'utf8');
  const out: string[] = [];
  for (const m of src.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)) out.push(m[1]);
  return out;
}

export function bundleSizes(root: string): BundleRow[] {
  const dir = join(root, '.output/chrome-mv3');
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error(`no build at ${dir}: run npx wxt build`);
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as {
    content_scripts?: Array<{ js?: string[]; css?: string[] }>;
  };
  const rows: BundleRow[] = [];
  const row = (name: string, files: string[]) => {
    const bufs = files.filter((f) => existsSync(join(dir, f))).map((f) => readFileSync(join(dir, f)));
    const all = Buffer.concat(bufs);
    // Gzip per file (each is fetched/stored on its own), summed.
    rows.push({ name, files, bytes: all.length, gzip: bufs.reduce((n, b) => n + gz(b), 0) });
  };
  (manifest.content_scripts ?? []).forEach((cs, i) =>
    row(`content script${(manifest.content_scripts?.length ?? 0) > 1 ? ` #${i + 1}` : ''}`, [...(cs.js ?? []), ...(cs.css ?? [])]),
  );
  if (existsSync(join(dir, 'popup.html'))) row('popup (js+css)', pageAssets(dir, 'popup.html'));
  if (existsSync(join(dir, 'library.html'))) row('library page (js+css)', pageAssets(dir, 'library.html'));
  row('background worker', ['background.js']);
  return rows;
}

export interface ModuleShare {
  group: string;
  bytes: number;
}

/** Minified bytes of the content script by origin (package or lib/ folder). */
export async function contentScriptComposition(root: string): Promise<ModuleShare[]> {
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
    define: { 'import.meta.env.BROWSER': '"chrome"', 'import.meta.env.MANIFEST_VERSION': '3' },
  });
  const out = Object.values(res.metafile.outputs)[0];
  const groups = new Map<string, number>();
  for (const [file, info] of Object.entries(out.inputs)) {
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
