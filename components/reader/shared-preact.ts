/**
 * The one Preact a reader-parts.js loaded on demand must share with the content script that loads
 * it (hooks and components work only within one copy of Preact). The content script puts these
 * objects on its own (isolated) global before loading the file; the file's build resolves `preact`,
 * `preact/hooks` and `preact/jsx-runtime` to them (modules/reader-parts.ts). The names listed here
 * are what that build may import (only what the parts use, so the content script keeps its tree
shaking): a part needing another one fails the build ("is not exported"), not the reader.
 */
import { Fragment } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { jsx, jsxs } from 'preact/jsx-runtime';

export const SHARED_PREACT_GLOBAL = '__calmReaderPreact';
/** Where reader-parts.js leaves the parts it brings. */
export const READER_PARTS_GLOBAL = '__calmReaderParts';

export const SHARED_PREACT = {
  preact: { Fragment },
  'preact/hooks': { useEffect, useRef },
  'preact/jsx-runtime': { jsx, jsxs, Fragment },
};

export type SharedPreact = typeof SHARED_PREACT;

/** Put the shared Preact on `scope` (the content script's global) once. */
export function sharePreact(scope: Record<string, unknown>): void {
  scope[SHARED_PREACT_GLOBAL] ??= SHARED_PREACT;
}
