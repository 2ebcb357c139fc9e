/**
 * What the store packages carry besides the code (a local WXT module, loaded by WXT from modules/).
 *
 * - LICENSE, THIRD_PARTY_NOTICES.md and PRIVACY.md from the repository root are copied into every
 *   build, so both zips of `npm run zip` carry them.
 * - Every build records which npm packages actually end up in its bundles (modules with rendered
 *   code, after tree-shaking) in .output/bundled-packages.<browser>.json, outside the extension's
 *   folder. scripts/notices.ts writes THIRD_PARTY_NOTICES.md from these records. A build whose
 *   bundles carry a package that the notices do not name warns; `wxt zip` refuses to package it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { defineWxtModule } from 'wxt/modules';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Files of the repository root that every build carries, in the extension's root folder. */
export const STORE_FILES = ['LICENSE', 'THIRD_PARTY_NOTICES.md', 'PRIVACY.md'];
export const NOTICES_FILE = join(ROOT, 'THIRD_PARTY_NOTICES.md');

export interface BundledPackage {
  name: string;
  /** The package's folder, relative to the repository root (node_modules/…). */
  dir: string;
  /** Its files with code in the bundles, relative to that folder. */
  files?: string[];
}

/** The npm package a module id belongs to (the innermost node_modules folder), or null for the project's own code. */
export function packageOfModule(id: string, root = ROOT): BundledPackage | null {
  const path = id.replace(/^\0/, '').split('?')[0].split(sep).join('/');
  const at = path.lastIndexOf('/node_modules/');
  if (at < 0) return null;
  const rest = path.slice(at + '/node_modules/'.length).split('/');
  const name = rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  if (!name || name.startsWith('.')) return null; // .vite, .pnpm caches
  // From the outermost node_modules on, so that a node_modules linked in from elsewhere (a git
  // worktree sharing one install) names the same folders as a real one.
  const first = path.indexOf('/node_modules/');
  const inside = first >= 0 && path.startsWith(`${root.split(sep).join('/')}/`);
  const dir = inside
    ? relative(root.split(sep).join('/'), `${path.slice(0, at)}/node_modules/${name}`)
    : `${path.slice(first + 1, at)}/node_modules/${name}`.replace(/^\/+/, '');
  return { name, dir, files: [rest.slice(name.split('/').length).join('/')] };
}

/** The package names the notices file has a section for ("## name@version"). */
export function noticedPackages(text: string): Set<string> {
  return new Set([...text.matchAll(/^## (@?[^@\s]+)@\S+/gm)].map((m) => m[1]));
}

export function reportPath(outBaseDir: string, browser: string): string {
  return join(outBaseDir, `bundled-packages.${browser}.json`);
}

function recorder(into: Map<string, BundledPackage>): Plugin {
  return {
    name: 'calm-reader:bundled-packages',
    generateBundle(_options, bundle) {
      for (const out of Object.values(bundle)) {
        if (out.type !== 'chunk') continue;
        for (const [id, info] of Object.entries(out.modules)) {
          if (info.renderedLength === 0) continue;
          const pkg = packageOfModule(id);
          if (!pkg) continue;
          const seen = into.get(pkg.dir);
          if (seen) seen.files = [...new Set([...(seen.files ?? []), ...(pkg.files ?? [])])].sort();
          else into.set(pkg.dir, pkg);
        }
      }
    },
  };
}

export default defineWxtModule({
  name: 'calm-reader:store-files',
  setup(wxt) {
    const bundled = new Map<string, BundledPackage>();

    wxt.hooks.hook('vite:build:extendConfig', (_entrypoints, config) => {
      config.plugins = [...(config.plugins ?? []), recorder(bundled)];
    });

    wxt.hooks.hook('build:publicAssets', (_wxt, files) => {
      for (const name of STORE_FILES) {
        const absoluteSrc = join(ROOT, name);
        if (existsSync(absoluteSrc)) files.push({ absoluteSrc, relativeDest: name });
      }
    });

    const missing = () => {
      const noticed = existsSync(NOTICES_FILE) ? noticedPackages(readFileSync(NOTICES_FILE, 'utf8')) : new Set<string>();
      return [...new Set([...bundled.values()].map((p) => p.name))].filter((n) => !noticed.has(n)).sort();
    };

    wxt.hooks.hook('build:done', () => {
      if (bundled.size === 0) return; // nothing rebuilt (e.g. a dev-server reload of one file)
      if (wxt.config.filterEntrypoints?.size) return; // `wxt build -e …`: a part of the bundles only
      const packages = [...bundled.values()].sort((a, b) => a.dir.localeCompare(b.dir));
      const file = reportPath(wxt.config.outBaseDir, wxt.config.browser);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, `${JSON.stringify(packages, null, 2)}\n`);
      const lacking = missing();
      if (lacking.length) {
        wxt.logger.warn(`THIRD_PARTY_NOTICES.md names no ${lacking.join(', ')} (bundled): run \`npm run notices\`.`);
      }
    });

    wxt.hooks.hook('zip:extension:start', () => {
      const lacking = missing();
      if (lacking.length) {
        throw new Error(`The bundles carry ${lacking.join(', ')}, which THIRD_PARTY_NOTICES.md does not name: run \`npm run notices\` first.`);
      }
    });
  },
});
