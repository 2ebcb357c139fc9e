/**
 * Reader typography and themes: settings -> CSS custom properties on the shadow host (pure),
 * and the reader's stylesheet, which reads only those properties.
 */
import type { FontFamily, ReaderSettings, Theme } from '../settings/settings';
import readerCss from './reader.css?inline';

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

/**
 * The reader's stylesheet (inside the shadow root), from reader.css: minified by the build
 * (vitest.config.ts keeps it as written in unit tests).
 */
export const READER_CSS: string = readerCss;
