/** Reader settings: defaults, validation and the mapping to CSS custom properties. */
import { DEFAULT_KEYS, normalizeKeys, type KeyMap } from '../reader/keyboard';

export const FONT_FAMILIES = ['serif', 'sans', 'mono', 'system'] as const;
export const THEMES = ['system', 'light', 'sepia', 'dark', 'black'] as const;
export const ALIGNMENTS = ['start', 'justify'] as const;

export type FontFamily = (typeof FONT_FAMILIES)[number];
export type Theme = (typeof THEMES)[number];
export type Alignment = (typeof ALIGNMENTS)[number];

export interface ReaderSettings {
  /** Show the reader view automatically on supported chapter pages. */
  enabled: boolean;
  fontFamily: FontFamily;
  /** px */
  fontSize: number;
  /** unitless multiplier */
  lineHeight: number;
  /** em between paragraphs */
  paragraphSpacing: number;
  /** ch: maximum text column width */
  width: number;
  align: Alignment;
  theme: Theme;
  /** Show author notes expanded by default. */
  showNotes: boolean;
  /** Show a work's fandoms, relationships, characters and additional tags open on the work card. */
  tagsOpen: boolean;
  /** Site ids (lib/sites registry, e.g. "ao3") where the reader view is off: their pages are left alone. */
  disabledSites: string[];
  /** The reader view's keys (lib/reader/keyboard.ts): previous / next chapter, notes, back to the site. */
  keys: KeyMap;
}

export const DEFAULT_SETTINGS: ReaderSettings = {
  enabled: true,
  fontFamily: 'serif',
  fontSize: 19,
  lineHeight: 1.6,
  paragraphSpacing: 1,
  width: 68,
  align: 'start',
  theme: 'system',
  showNotes: false,
  tagsOpen: false,
  disabledSites: [],
  keys: { ...DEFAULT_KEYS },
};

export const LIMITS = {
  fontSize: { min: 12, max: 40, step: 1 },
  lineHeight: { min: 1, max: 2.6, step: 0.1 },
  paragraphSpacing: { min: 0, max: 3, step: 0.25 },
  width: { min: 30, max: 120, step: 2 },
} as const;

export const SETTINGS_KEY = 'readerSettings';

function clampNum(v: unknown, { min, max }: { min: number; max: number }, fallback: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  if (!Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(min, n));
}

function oneOf<T extends string>(v: unknown, options: readonly T[], fallback: T): T {
  return options.includes(v as T) ? (v as T) : fallback;
}

/** Any stored value -> valid settings; unknown or out-of-range fields fall back to defaults. */
export function normalizeSettings(raw: unknown): ReaderSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const d = DEFAULT_SETTINGS;
  return {
    enabled: typeof r.enabled === 'boolean' ? r.enabled : d.enabled,
    fontFamily: oneOf(r.fontFamily, FONT_FAMILIES, d.fontFamily),
    fontSize: Math.round(clampNum(r.fontSize, LIMITS.fontSize, d.fontSize)),
    lineHeight: Math.round(clampNum(r.lineHeight, LIMITS.lineHeight, d.lineHeight) * 100) / 100,
    paragraphSpacing: clampNum(r.paragraphSpacing, LIMITS.paragraphSpacing, d.paragraphSpacing),
    width: Math.round(clampNum(r.width, LIMITS.width, d.width)),
    align: oneOf(r.align, ALIGNMENTS, d.align),
    theme: oneOf(r.theme, THEMES, d.theme),
    showNotes: typeof r.showNotes === 'boolean' ? r.showNotes : d.showNotes,
    tagsOpen: typeof r.tagsOpen === 'boolean' ? r.tagsOpen : d.tagsOpen,
    disabledSites: siteIds(r.disabledSites),
    keys: normalizeKeys(r.keys),
  };
}

const SITE_ID = /^[a-z0-9][a-z0-9-]{0,39}$/;
const MAX_SITES = 64;

/** A stored list of site ids: strings that look like ids, each once, sorted (stable for sync). */
function siteIds(v: unknown): string[] {
  if (!Array.isArray(v)) return [];
  const ids = v.filter((x): x is string => typeof x === 'string' && SITE_ID.test(x));
  return [...new Set(ids)].sort().slice(0, MAX_SITES);
}

/** Whether the reader view may run on a site's pages at all (the per-site switch). */
export function siteAllowed(s: Pick<ReaderSettings, 'disabledSites'>, siteId: string): boolean {
  return !s.disabledSites.includes(siteId);
}
