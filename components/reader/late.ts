/**
 * The content script's side of the late parts (lib/reader/late.ts): which of them have arrived, a
 * hook that asks for them after the first frame and redraws when they arrive, and the Preact the
 * late script runs on.
 */
import { Fragment, jsx, jsxs } from 'preact/jsx-runtime';
import { useEffect, useRef, useState } from 'preact/hooks';
import { SHARED_KEY } from '../../lib/reader/late';
import type { ChapterList } from './ChapterList';
import type { EndOfChapter } from './EndOfChapter';
import type { ViewSettings } from './ViewSettings';

export interface LateParts {
  ChapterList: typeof ChapterList;
  ViewSettings: typeof ViewSettings;
  EndOfChapter: typeof EndOfChapter;
  /** Their stylesheet (lib/reader/reader-late.css), drawn into the shadow root with them. */
  css: string;
}

let parts: LateParts | null = null;
let load: (() => Promise<unknown>) | null = null;
let asked: Promise<unknown> | null = null;
/** Whether a view on screen asks by itself (after a frame), or only when a panel is opened. */
let started = false;
const waiting = new Set<() => void>();

/** The late parts are here (the late script, or at once where size does not matter: the generic reader, tests). */
export function registerLateParts(p: LateParts): void {
  parts = p;
  for (const redraw of [...waiting]) redraw();
}

/**
 * How this content script gets the late parts (a message to the worker, which injects the late
 * script), and the Preact that script runs on, left where it looks for it.
 */
export function setLateLoader(loader: () => Promise<unknown>, scope: Record<string, unknown> = globalThis as never): void {
  load = loader;
  scope[SHARED_KEY] = { jsx, jsxs, Fragment, useEffect, useRef, register: registerLateParts };
}

/**
 * From now on a reader view asks for the late parts a frame after it is drawn. The content script
 * calls it once the page's first frame with the view is painted (or when the view stays off), so
 * that injecting and drawing them never delays that frame; before that only opening the chapter
 * list or the settings asks.
 */
export function startLateParts(): void {
  started = true;
  if (waiting.size) ask();
}

/**
 * The late parts' rules join the reader's one stylesheet (lib/reader/host.ts), after its own
 * rules: no second <style> in the view (tests/e2e/reliability.test.ts holds it to one).
 */
export function addLateStyles(inView: Node | null, css: string): void {
  const style = (inView?.getRootNode() as ParentNode | undefined)?.querySelector?.('style');
  if (style && css && !(style.textContent ?? '').endsWith(css)) style.textContent += css;
}

/** Tests: as before any part arrived. */
export function resetLateParts(): void {
  parts = null;
  load = null;
  asked = null;
  started = false;
  waiting.clear();
}

function ask(): void {
  if (parts || !load || asked) return;
  // A failed load is asked again on the next use (opening the list or the settings).
  asked = load().catch(() => (asked = null));
}

/**
 * The late parts, or null until they arrive. Asked for after the first frame (startLateParts), or
 * at once when `now` (the reader opened the list or the settings before they came).
 */
export function useLateParts(now: boolean): LateParts | null {
  const [, redraw] = useState(0);
  useEffect(() => {
    if (parts) return;
    const arrived = () => redraw((n) => n + 1);
    waiting.add(arrived);
    // A frame after a view drawn later (the reader turned it on), whatever redraws it before that.
    const frame = requestAnimationFrame(() => setTimeout(() => started && ask(), 0));
    return () => {
      cancelAnimationFrame(frame);
      waiting.delete(arrived);
    };
  }, []);
  if (now) ask();
  return parts;
}
