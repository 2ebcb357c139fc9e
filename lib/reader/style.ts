/**
 * Reader typography and themes: settings -> CSS custom properties on the shadow host (pure),
 * and the reader's stylesheet, which reads only those properties.
 */
import type { FontFamily, ReaderSettings, Theme } from '../settings';

export type ResolvedTheme = Exclude<Theme, 'system'>;

export interface Palette {
  /** page background */
  bg: string;
  /** body text */
  fg: string;
  /** secondary text (author, meta, note previews) */
  muted: string;
  link: string;
  linkVisited: string;
  /** focus ring */
  focus: string;
  /** toolbar and note background */
  surface: string;
  /** hairlines and button borders */
  border: string;
}

/**
 * Contrast (WCAG): fg, muted, link and visited links >= 4.5:1 on bg and on surface,
 * focus ring >= 3:1 on both (tests/unit/reader/style.test.ts checks it).
 */
export const PALETTES: Record<ResolvedTheme, Palette> = {
  light: {
    bg: '#fbfbf8',
    fg: '#1d1d1b',
    muted: '#55554f',
    link: '#0a55c4',
    linkVisited: '#6b3aa0',
    focus: '#0a55c4',
    surface: '#f0f0eb',
    border: '#c9c9c1',
  },
  sepia: {
    bg: '#f4ecd8',
    fg: '#33291a',
    muted: '#5c4a30',
    link: '#84370f',
    linkVisited: '#6a2c6e',
    focus: '#84370f',
    surface: '#ebe0c6',
    border: '#bfae88',
  },
  dark: {
    bg: '#1c1d21',
    fg: '#e4e4e2',
    muted: '#a9aab0',
    link: '#8ab4f8',
    linkVisited: '#c9a3f5',
    focus: '#8ab4f8',
    surface: '#27282d',
    border: '#4a4b52',
  },
  black: {
    bg: '#000000',
    fg: '#d8d8d8',
    muted: '#9d9d9d',
    link: '#80b3ff',
    linkVisited: '#c7a0ff',
    focus: '#ffd166',
    surface: '#121212',
    border: '#3d3d3d',
  },
};

export const FONT_STACKS: Record<FontFamily, string> = {
  serif: "'Iowan Old Style', 'Palatino Linotype', Palatino, 'Book Antiqua', Georgia, Cambria, 'Noto Serif', serif",
  sans: "'Source Sans 3', 'Segoe UI', 'Helvetica Neue', Arial, 'Noto Sans', 'Liberation Sans', sans-serif",
  mono: "'iA Writer Mono S', 'IBM Plex Mono', 'JetBrains Mono', 'Cascadia Mono', 'SF Mono', Menlo, Consolas, 'Liberation Mono', monospace",
  system: "system-ui, -apple-system, 'Segoe UI', Roboto, Ubuntu, Cantarell, 'Noto Sans', sans-serif",
};

/** 'system' follows prefers-color-scheme; every other theme is itself. */
export function resolveTheme(theme: Theme, prefersDark: boolean): ResolvedTheme {
  if (theme === 'system') return prefersDark ? 'dark' : 'light';
  return theme;
}

/** Settings -> CSS custom properties (name -> value) for the shadow host. Pure. */
export function settingsToCss(settings: ReaderSettings, prefersDark = false): Record<string, string> {
  const p = PALETTES[resolveTheme(settings.theme, prefersDark)];
  const justify = settings.align === 'justify';
  return {
    '--cr-font-family': FONT_STACKS[settings.fontFamily],
    '--cr-font-size': `${settings.fontSize}px`,
    '--cr-line-height': String(settings.lineHeight),
    '--cr-paragraph-spacing': `${settings.paragraphSpacing}em`,
    '--cr-width': `${settings.width}ch`,
    '--cr-align': justify ? 'justify' : 'start',
    '--cr-hyphens': justify ? 'auto' : 'manual',
    '--cr-bg': p.bg,
    '--cr-fg': p.fg,
    '--cr-muted': p.muted,
    '--cr-link': p.link,
    '--cr-link-visited': p.linkVisited,
    '--cr-focus': p.focus,
    '--cr-surface': p.surface,
    '--cr-border': p.border,
  };
}

/** Apply custom properties to an element's inline style (removes none it does not set). */
export function applyCssVars(el: HTMLElement, vars: Record<string, string>): void {
  for (const [k, v] of Object.entries(vars)) el.style.setProperty(k, v);
}

/** Relative luminance / contrast ratio (WCAG 2.x), for tests and sanity checks. */
export function contrastRatio(a: string, b: string): number {
  const lum = (hex: string) => {
    const h = hex.replace('#', '');
    const full = h.length === 3 ? h.split('').map((c) => c + c).join('') : h;
    const [r, g, bl] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16) / 255).map((c) =>
      c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4,
    );
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)].sort((m, n) => n - m);
  return (x + 0.05) / (y + 0.05);
}

/** The reader's stylesheet (inside the shadow root). Everything themable reads a --cr-* property. */
export const READER_CSS = `
:host {
  all: initial;
  color-scheme: light dark;
}
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.cr-view {
  position: absolute;
  inset: 0;
  overflow-y: auto;
  overscroll-behavior: contain;
  background: var(--cr-bg);
  color: var(--cr-fg);
  font-family: var(--cr-font-family);
  font-size: var(--cr-font-size);
  line-height: var(--cr-line-height);
  -webkit-text-size-adjust: 100%;
  text-rendering: optimizeLegibility;
}
.cr-view[data-theme='dark'], .cr-view[data-theme='black'] { color-scheme: dark; }
.cr-view[data-theme='light'], .cr-view[data-theme='sepia'] { color-scheme: light; }
.cr-view:focus { outline: none; }
.cr-view a { color: var(--cr-link); text-underline-offset: 0.15em; }
.cr-view a:visited { color: var(--cr-link-visited); }
.cr-view :focus-visible, .cr-toggle:focus-visible, .cr-notice :focus-visible {
  outline: 3px solid var(--cr-focus);
  outline-offset: 2px;
  border-radius: 3px;
}
.cr-toolbar {
  position: sticky;
  top: 0;
  z-index: 1;
  display: flex;
  flex-wrap: wrap;
  align-items: center;
  gap: 0.4rem;
  padding: 0.45rem 0.75rem;
  background: var(--cr-surface);
  border-bottom: 1px solid var(--cr-border);
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  font-size: 14px;
  line-height: 1.3;
}
.cr-toolbar .cr-spacer { flex: 1 1 auto; }
.cr-toolbar .cr-group { display: inline-flex; gap: 0.25rem; align-items: center; }
.cr-btn, .cr-view select {
  font: inherit;
  color: var(--cr-fg);
  background: var(--cr-bg);
  border: 1px solid var(--cr-border);
  border-radius: 6px;
  padding: 0.3rem 0.65rem;
  min-height: 2rem;
  cursor: pointer;
  text-decoration: none;
  display: inline-flex;
  align-items: center;
  gap: 0.3rem;
}
.cr-view a.cr-btn, .cr-view a.cr-btn:visited { color: var(--cr-fg); }
.cr-btn[aria-disabled='true'] { opacity: 0.55; cursor: default; }
.cr-btn[aria-pressed='true'] { background: var(--cr-surface); font-weight: 600; border-color: var(--cr-fg); }
.cr-btn:hover:not([aria-disabled='true']) { border-color: var(--cr-fg); }
.cr-sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
.cr-article {
  max-width: var(--cr-width);
  margin: 0 auto;
  padding: 2.5rem 1.25rem 4rem;
}
.cr-header { margin-bottom: 2rem; }
.cr-story-title { font-size: 1em; font-weight: 600; margin: 0 0 0.2rem; }
.cr-story-title a, .cr-story-title a:visited { color: inherit; }
.cr-author { color: var(--cr-muted); margin: 0 0 1.2rem; font-size: 0.9em; }
.cr-chapter-title { font-size: 1.6em; line-height: 1.25; margin: 0 0 0.4rem; font-weight: 600; }
.cr-meta { color: var(--cr-muted); font-size: 0.85em; margin: 0 0 1rem; }
.cr-summary {
  border-left: 3px solid var(--cr-border);
  padding: 0.2rem 0 0.2rem 1rem;
  margin: 1.2rem 0;
  font-size: 0.92em;
}
.cr-summary-text { white-space: pre-line; margin: 0.4rem 0 0; color: var(--cr-fg); }
.cr-disclosure {
  font: inherit;
  font-weight: 600;
  color: var(--cr-fg);
  background: none;
  border: 0;
  padding: 0.15rem 0;
  cursor: pointer;
  display: flex;
  align-items: baseline;
  gap: 0.5rem;
  text-align: start;
  width: 100%;
}
.cr-disclosure .cr-caret { display: inline-block; transition: transform 120ms ease; font-size: 0.75em; }
.cr-disclosure[aria-expanded='true'] .cr-caret { transform: rotate(90deg); }
.cr-note-label { flex: none; white-space: nowrap; }
.cr-preview {
  font-weight: 400;
  color: var(--cr-muted);
  font-size: 0.9em;
  overflow: hidden;
  text-overflow: ellipsis;
  white-space: nowrap;
  min-width: 0;
  flex: 1 1 auto;
}
.cr-body { text-align: var(--cr-align); hyphens: var(--cr-hyphens); -webkit-hyphens: var(--cr-hyphens); overflow-wrap: break-word; }
.cr-block > :first-child { margin-top: 0; }
.cr-block > :last-child { margin-bottom: 0; }
.cr-block { margin: 0 0 var(--cr-paragraph-spacing); }
/* Huge chapters: paragraphs off screen skip layout and paint. Not on the few blocks whose
   correction button hangs below them (paint containment would clip it). */
.cr-block:not([data-markable]):not([data-unsure]) { content-visibility: auto; contain-intrinsic-size: auto 8em; }
.cr-block p { margin: 0 0 var(--cr-paragraph-spacing); }
.cr-block p:last-child { margin-bottom: 0; }
.cr-block img { max-width: 100%; height: auto; }
.cr-block table { border-collapse: collapse; max-width: 100%; display: block; overflow-x: auto; }
.cr-block td, .cr-block th { border: 1px solid var(--cr-border); padding: 0.2em 0.5em; }
.cr-block blockquote { margin: 0 0 0 1.5em; padding-left: 1em; border-left: 2px solid var(--cr-border); }
.cr-block hr, .cr-block[data-kind='separator'] hr { border: 0; border-top: 1px solid var(--cr-border); margin: 1.5em auto; width: 40%; }
.cr-block[data-kind='separator'] { text-align: center; }
.cr-block[data-unsure='true'] { position: relative; }
.cr-unsure {
  display: inline-block;
  margin-inline-start: 0.4em;
  font-family: system-ui, sans-serif;
  font-size: 0.7em;
  color: var(--cr-muted);
  border: 1px dotted var(--cr-muted);
  border-radius: 999px;
  padding: 0 0.45em;
  vertical-align: middle;
  cursor: help;
}
.cr-note {
  background: var(--cr-surface);
  border: 1px solid var(--cr-border);
  border-radius: 8px;
  padding: 0.5rem 0.9rem;
  margin: 0 0 var(--cr-paragraph-spacing);
  font-size: 0.92em;
}
.cr-note-content { padding-top: 0.6rem; }
.cr-note-head { display: flex; align-items: center; gap: 0.5rem; }
.cr-note-head .cr-disclosure { flex: 1 1 auto; min-width: 0; }
/* Corrections of the notes detector: quiet until the reader points at or tabs to them. */
.cr-mark {
  font: 500 12px/1.2 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: var(--cr-fg);
  background: var(--cr-bg);
  border: 1px solid var(--cr-border);
  border-radius: 999px;
  padding: 0.25rem 0.6rem;
  cursor: pointer;
  white-space: nowrap;
  user-select: none;
  opacity: 0;
  transition: opacity 120ms ease;
}
.cr-mark:hover { border-color: var(--cr-fg); }
.cr-note-head .cr-mark { flex: none; }
.cr-note:hover .cr-mark, .cr-note:focus-within .cr-mark, .cr-note[data-unsure='true'] .cr-mark,
.cr-note[data-expanded='true'] .cr-mark { opacity: 1; }
.cr-block[data-markable='true'] { position: relative; }
.cr-block[data-markable='true'] > .cr-mark {
  position: absolute;
  inset-inline-end: 0;
  top: 100%;
  z-index: 1;
  pointer-events: none;
}
.cr-block[data-markable='true']:hover > .cr-mark, .cr-block[data-markable='true'] > .cr-mark:focus-visible {
  opacity: 1;
  pointer-events: auto;
}
.cr-note-content .cr-block:last-child { margin-bottom: 0.3rem; }
.cr-nav {
  display: flex;
  justify-content: space-between;
  gap: 1rem;
  margin: 3rem 0 1rem;
  padding-top: 1.5rem;
  border-top: 1px solid var(--cr-border);
  font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  font-size: 15px;
}
.cr-empty { color: var(--cr-muted); font-style: italic; }
.cr-toggle {
  font: 600 13px/1.2 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: #ffffff;
  background: #1f3b63;
  border: 1px solid #ffffff;
  border-radius: 999px;
  padding: 0.5rem 0.9rem;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.35);
  cursor: pointer;
  opacity: 0.85;
}
.cr-toggle:hover, .cr-toggle:focus-visible { opacity: 1; }
.cr-toggle:focus-visible { outline: 3px solid #ffd166; outline-offset: 2px; }
.cr-notice {
  max-width: 36rem;
  display: flex;
  gap: 0.75rem;
  align-items: flex-start;
  font: 14px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif;
  color: #f2f2f2;
  background: #26272b;
  border: 1px solid #55565c;
  border-radius: 8px;
  padding: 0.7rem 0.9rem;
  box-shadow: 0 2px 10px rgba(0, 0, 0, 0.3);
  transition: opacity 600ms ease;
}
.cr-notice[data-fading='true'] { opacity: 0; }
.cr-notice button {
  font: inherit;
  color: #f2f2f2;
  background: transparent;
  border: 1px solid #8a8b91;
  border-radius: 6px;
  padding: 0.1rem 0.55rem;
  cursor: pointer;
}
.cr-notice :focus-visible { outline: 3px solid #ffd166; outline-offset: 2px; }
@media (prefers-reduced-motion: reduce) {
  .cr-notice, .cr-disclosure .cr-caret, .cr-mark { transition: none; }
}
@media (max-width: 640px) {
  .cr-toolbar .cr-label-long { display: none; }
}
/* Touch screens and phone widths: every control is a target of at least 44 x 44 px. */
@media (pointer: coarse), (max-width: 480px) {
  .cr-toolbar { padding: 0.35rem 0.5rem; gap: 0.3rem; }
  .cr-btn, .cr-view select { min-height: 44px; min-width: 44px; justify-content: center; }
  .cr-disclosure { min-height: 44px; align-items: center; }
  .cr-mark { min-height: 44px; min-width: 44px; padding: 0.5rem 0.8rem; }
  .cr-toggle, .cr-notice button { min-height: 44px; min-width: 44px; }
  .cr-note { padding: 0.25rem 0.75rem; }
  .cr-nav { flex-wrap: wrap; }
}
@media (max-width: 480px) {
  .cr-article { padding: 1.5rem 1rem 3rem; }
}
`;
