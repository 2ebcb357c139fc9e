/**
 * `npm run notices`: writes THIRD_PARTY_NOTICES.md, the licences of the third-party code that the
 * extension's bundles carry. Every build records the npm packages with code in its bundles in
 * .output/bundled-packages.<browser>.json (modules/store-files.ts); this script builds both
 * browsers, reads those records, adds the runtime dependencies of package.json, and the packages
 * inlined in prebuilt bundles (linkedom/worker.js carries htmlparser2, css-select and the rest),
 * then writes one section per package with its licence text from node_modules.
 *
 *   npm run notices                 build both browsers, then write the file
 *   npm run notices -- --no-build   use the records of the last builds
 *   npm run notices -- --check      write nothing; exit 1 if the file is not up to date
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NOTICES_FILE, reportPath, type BundledPackage } from '../modules/store-files';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BROWSERS = ['chrome', 'firefox'];

/**
 * Files of packages that are themselves bundles of their package's dependencies: when one of them
 * is in our bundles, so is (a tree-shaken part of) each dependency's code, and each gets a notice.
 */
const PREBUILT_BUNDLES: Record<string, string[]> = {
  linkedom: ['worker.js'],
};

interface PackageJson {
  name: string;
  version: string;
  license?: string | { type: string };
  licenses?: { type: string }[];
  author?: string | { name: string; email?: string; url?: string };
  homepage?: string;
  repository?: string | { url: string };
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

export interface Notice {
  name: string;
  version: string;
  license: string;
  source: string;
  author: string;
  /** The licence files' texts, or a line saying that the package ships none. */
  texts: { file: string; text: string }[];
  /** Why it is listed. */
  via: string;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/** Node's resolution of `name` from a package folder: its own node_modules, then each parent's. */
function resolvePackageDir(name: string, fromDir: string): string | null {
  let dir = fromDir;
  for (;;) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir || relative(ROOT, parent).startsWith('..')) return null;
    dir = parent;
  }
}

function licenseOf(pkg: PackageJson): string {
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license?.type) return pkg.license.type;
  if (pkg.licenses?.length) return pkg.licenses.map((l) => l.type).join(' OR ');
  return 'UNKNOWN';
}

function sourceOf(pkg: PackageJson): string {
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (repo) {
    const url = repo
      .replace(/^git\+/, '')
      .replace(/^git:\/\//, 'https://')
      .replace(/^ssh:\/\/git@github\.com/, 'https://github.com')
      .replace(/^github:/, 'https://github.com/')
      .replace(/\.git$/, '');
    return /^[\w.-]+\/[\w.-]+$/.test(url) ? `https://github.com/${url}` : url;
  }
  return pkg.homepage ?? `https://www.npmjs.com/package/${pkg.name}`;
}

function authorOf(pkg: PackageJson): string {
  if (!pkg.author) return '';
  return typeof pkg.author === 'string' ? pkg.author.replace(/\s*<[^>]*>/, '') : pkg.author.name;
}

function licenseTexts(dir: string): { file: string; text: string }[] {
  return readdirSync(dir)
    .filter((f) => /^(licen[cs]e|copying|notice)(\.(md|txt|markdown))?$/i.test(f) || /^licen[cs]e[-.]/i.test(f))
    .sort()
    .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8').replace(/\r\n/g, '\n').trim() }));
}

function noticeFor(dir: string, via: string): Notice {
  const pkg = readJson<PackageJson>(join(dir, 'package.json'));
  return {
    name: pkg.name,
    version: pkg.version,
    license: licenseOf(pkg),
    source: sourceOf(pkg),
    author: authorOf(pkg),
    texts: licenseTexts(dir),
    via,
  };
}

/** Every package with code in the bundles (from the build records), with the reason it is there. */
export function collectNotices(reports: BundledPackage[][], runtimeDependencies: string[]): Notice[] {
  const found = new Map<string, { dir: string; via: string }>(); // by absolute dir
  const add = (dir: string, via: string) => {
    if (!found.has(dir)) found.set(dir, { dir, via });
  };
  const addTree = (dir: string, via: string) => {
    const pkg = readJson<PackageJson>(join(dir, 'package.json'));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      const depDir = resolvePackageDir(dep, dir);
      if (!depDir || found.has(depDir)) continue;
      if (dep.startsWith('@types/')) continue; // declarations only, never code
      add(depDir, via);
      addTree(depDir, via);
    }
  };
  for (const report of reports) {
    for (const p of report) {
      const dir = join(ROOT, p.dir);
      add(dir, 'bundled');
      const prebuilt = PREBUILT_BUNDLES[p.name] ?? [];
      if (p.files?.some((f) => prebuilt.includes(f))) addTree(dir, `inlined in ${p.name}/${p.files.find((f) => prebuilt.includes(f))}`);
    }
  }
  for (const name of runtimeDependencies) {
    const dir = resolvePackageDir(name, ROOT);
    if (!dir) throw new Error(`${name} is a dependency in package.json but is not installed: run npm ci.`);
    add(dir, 'runtime dependency');
  }
  const notices = [...found.values()].map(({ dir, via }) => noticeFor(dir, via));
  const unique = new Map(notices.map((n) => [`${n.name}@${n.version}`, n]));
  return [...unique.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
}

export function renderNotices(notices: Notice[]): string {
  const out: string[] = [
    '# Third-party notices',
    '',
    'Calm Reader (MIT, see LICENSE) carries code from the open-source packages below in its bundles.',
    'Each section gives the package, its licence and the licence text it ships with.',
    '',
    'Generated by `npm run notices` (scripts/notices.ts) from the packages the build puts in the',
    'bundles and their files in node_modules. Do not edit by hand.',
    '',
    '| Package | Version | Licence | In the bundles because |',
    '| --- | --- | --- | --- |',
    ...notices.map((n) => `| ${n.name} | ${n.version} | ${n.license} | ${n.via} |`),
    '',
  ];
  for (const n of notices) {
    out.push(`## ${n.name}@${n.version}`, '', `- Licence: ${n.license}`, `- Source: ${n.source}`);
    if (n.author) out.push(`- Author: ${n.author}`);
    out.push('');
    if (!n.texts.length) out.push(`The package ships no licence file; its package.json declares ${n.license}.`, '');
    for (const t of n.texts) out.push(`${t.file}:`, '', '```text', t.text, '```', '');
  }
  return out.join('\n');
}

function main() {
  const args = new Set(process.argv.slice(2));
  if (!args.has('--no-build') && !args.has('--check')) {
    const wxt = join(ROOT, 'node_modules/.bin/wxt');
    for (const b of BROWSERS) execFileSync(wxt, ['build', '-b', b], { cwd: ROOT, stdio: 'inherit' });
  }
  const reports = BROWSERS.map((b) => {
    const file = reportPath(join(ROOT, '.output'), b);
    if (!existsSync(file)) throw new Error(`${relative(ROOT, file)} is missing: build with \`wxt build -b ${b}\` first.`);
    return readJson<BundledPackage[]>(file);
  });
  const pkg = readJson<{ dependencies?: Record<string, string> }>(join(ROOT, 'package.json'));
  const text = renderNotices(collectNotices(reports, Object.keys(pkg.dependencies ?? {})));
  const current = existsSync(NOTICES_FILE) ? readFileSync(NOTICES_FILE, 'utf8') : '';
  if (args.has('--check')) {
    if (current !== text) {
      console.error('THIRD_PARTY_NOTICES.md is not up to date: run `npm run notices`.');
      process.exit(1);
    }
    console.log('THIRD_PARTY_NOTICES.md is up to date.');
    return;
  }
  writeFileSync(NOTICES_FILE, text);
  console.log(`THIRD_PARTY_NOTICES.md: ${text.match(/^## /gm)?.length ?? 0} packages.`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
