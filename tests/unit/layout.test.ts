/**
 * The layout's one-way rule: lib/ is the logic and never imports the views (components/) or the
 * wiring (entrypoints/); the entrypoints join a lib session to its components.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const FORBIDDEN = ['components', 'entrypoints'];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    if (d.isDirectory()) return sources(p);
    return /\.(ts|tsx|mts|js|mjs)$/.test(d.name) ? [p] : [];
  });
}

/** Every module specifier of a source (static and dynamic imports, re-exports). */
export function specifiers(source: string): string[] {
  const out: string[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"]+)\1/g;
  for (let m = re.exec(source); m; m = re.exec(source)) out.push(m[2]);
  return out;
}

/** The imports of `file` (absolute) that land in a forbidden top-level folder, as "file -> specifier". */
export function forbiddenImports(file: string, source: string, root = ROOT): string[] {
  return specifiers(source)
    .filter((s) => s.startsWith('.') || s.startsWith('@/') || s.startsWith('~/'))
    .filter((s) => {
      const target = s.startsWith('.') ? resolve(dirname(file), s) : join(root, s.slice(2));
      const top = relative(root, target).split(/[\\/]/)[0];
      return FORBIDDEN.includes(top);
    })
    .map((s) => `${relative(root, file)} -> ${s}`);
}

describe('lib/ never imports components/ or entrypoints/', () => {
  it('holds for every file in lib/', () => {
    const found = sources(join(ROOT, 'lib')).flatMap((f) => forbiddenImports(f, readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('catches static, type-only, dynamic and alias imports of either', () => {
    const file = join(ROOT, 'lib/reader/x.ts');
    const src = [
      "import { ReaderView } from '../../components/reader/ReaderView';",
      "import type { X } from '../../entrypoints/reader.content';",
      "const m = await import('../../components/popup/Popup');",
      "export { y } from '@/components/shared/Switch';",
      "import { fine } from '../sites/types';",
      "import 'preact';",
    ].join('\n');
    expect(forbiddenImports(file, src)).toEqual([
      'lib/reader/x.ts -> ../../components/reader/ReaderView',
      'lib/reader/x.ts -> ../../entrypoints/reader.content',
      'lib/reader/x.ts -> ../../components/popup/Popup',
      'lib/reader/x.ts -> @/components/shared/Switch',
    ]);
  });
});

describe('storage does not import the wire protocol', () => {
  it('holds for every file in lib/library/', () => {
    const found = sources(join(ROOT, 'lib/library')).flatMap((f) =>
      specifiers(readFileSync(f, 'utf8'))
        .filter((s) => s.startsWith('.') && relative(ROOT, resolve(dirname(f), s)).split(/[\\/]/).slice(0, 2).join('/') === 'lib/protocol')
        .map((s) => `${relative(ROOT, f)} -> ${s}`),
    );
    expect(found).toEqual([]);
  });
});
