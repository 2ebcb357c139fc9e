/**
 * No flash of the cluttered page: at document_start, before the site has painted anything, the
 * content script hides the page behind the reader's background colour; it shows it again once the
 * reader view is ready (position restored), when the reader stays off, on failure, or after a short
 * safety timeout (the site then shows as it is). Only a <style> element is added, then removed.
 *
 * `visibility: hidden` on <html> hides the host layout; the reader's shadow host sets
 * `visibility: visible !important` on itself, so the view can paint while the page is still hidden.
 */
import { PALETTES, resolveTheme } from './style';
import type { Theme } from '../settings/settings';

export const EARLY_HIDE_ID = 'calm-reader-early-hide';
export const EARLY_HIDE_TIMEOUT_MS = 1500;

/** The hiding stylesheet; without a known theme it follows the system colour scheme. */
export function hideCss(theme: Theme = 'system'): string {
  // <body> undisplayed too: Chromium lays out a hidden (visibility) page all the same, and a huge
  // chapter page's layout takes hundreds of ms. The reader's host hangs off <html>, outside it.
  const rule = (bg: string) => `html{visibility:hidden!important;background:${bg}!important}body{display:none!important}`;
  if (theme !== 'system') return rule(PALETTES[resolveTheme(theme, false)].bg);
  return `${rule(PALETTES.light.bg)}@media (prefers-color-scheme: dark){${rule(PALETTES.dark.bg)}}`;
}

export type RevealReason = 'ready' | 'reader-off' | 'error' | 'timeout' | 'invalidated';

export interface EarlyHide {
  /** Match the cover to the reader's theme once settings are known. */
  setTheme(theme: Theme): void;
  /** Keep this element (the reader's host) hidden too until reveal: no jump when the position is restored. */
  hold(el: HTMLElement): void;
  /** Restart the safety timeout (when the document has arrived: it then covers only our own work). */
  rearm(ms?: number): void;
  /** Show the page again (idempotent). */
  reveal(reason: RevealReason): void;
  readonly revealed: RevealReason | null;
}

export interface EarlyHideTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export interface EarlyHideOptions {
  timeoutMs?: number;
  timers?: EarlyHideTimers;
  onReveal?(reason: RevealReason): void;
}

/** Hide the page now. Safe at document_start (needs only document.documentElement). */
export function hidePage(doc: Document, opts: EarlyHideOptions = {}): EarlyHide {
  const timers: EarlyHideTimers = opts.timers ?? {
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>),
  };
  const style = doc.createElement('style');
  style.id = EARLY_HIDE_ID;
  style.textContent = hideCss();
  (doc.documentElement ?? doc.head ?? doc.body)?.appendChild(style);
  let revealed: RevealReason | null = null;
  const held: HTMLElement[] = [];
  const timeoutMs = opts.timeoutMs ?? EARLY_HIDE_TIMEOUT_MS;
  let timer = timers.setTimeout(() => hide.reveal('timeout'), timeoutMs);
  const hide: EarlyHide = {
    setTheme(theme) {
      if (!revealed) style.textContent = hideCss(theme);
    },
    rearm(ms = timeoutMs) {
      if (revealed) return;
      timers.clearTimeout(timer);
      timer = timers.setTimeout(() => hide.reveal('timeout'), ms);
    },
    hold(el) {
      if (revealed) return;
      held.push(el);
      el.style.setProperty('visibility', 'hidden', 'important');
    },
    reveal(reason) {
      if (revealed) return;
      revealed = reason;
      timers.clearTimeout(timer);
      for (const el of held.splice(0)) el.style.setProperty('visibility', 'visible', 'important');
      style.remove();
      opts.onReveal?.(reason);
    },
    get revealed() {
      return revealed;
    },
  };
  return hide;
}

/**
 * Resolves as soon as the chapter body has arrived: when `ready(doc)` is true (checked as the
 * parser adds nodes), or at DOMContentLoaded at the latest. Resolves at once after parsing.
 */
export function whenContentReady(doc: Document, ready?: (doc: Document) => boolean): Promise<void> {
  if (doc.readyState !== 'loading' || ready?.(doc)) return Promise.resolve();
  return new Promise<void>((resolve) => {
    let observer: MutationObserver | null = null;
    const done = () => {
      observer?.disconnect();
      doc.removeEventListener('DOMContentLoaded', done);
      resolve();
    };
    doc.addEventListener('DOMContentLoaded', done);
    const MO = doc.defaultView?.MutationObserver;
    if (ready && MO) {
      // Mutation records are batched per microtask checkpoint, so this runs a few times per parser chunk.
      observer = new MO(() => {
        if (ready(doc)) done();
      });
      observer.observe(doc, { childList: true, subtree: true });
    }
  });
}
