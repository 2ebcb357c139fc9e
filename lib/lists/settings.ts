/**
 * What the reader chose for the sites' list pages: per site, whether stories they dropped or
 * finished are shown, dimmed or hidden; and hide rules (by tag, author, language or crossover, per
 * site). Kept in storage.local under LIST_SETTINGS_KEY; everything read back is normalised, since
 * storage may hold anything (an older version, a hand edit).
 */
import { t, tn } from '../i18n';
import type { StoryMark } from '../library/list-marks';
import type { StoryRef } from '../sites/story-list';

export const LIST_SETTINGS_KEY = 'listSettings';

export const DONE_MODES = ['show', 'dim', 'hide'] as const;
export type DoneMode = (typeof DONE_MODES)[number];
export const RULE_FIELDS = ['tag', 'author', 'language', 'crossover'] as const;
export type RuleField = (typeof RULE_FIELDS)[number];

export interface HideRule {
  /** Adapter id ("ao3", "ffnet", …), or "*" for every site. */
  site: string;
  field: RuleField;
  /** The tag, author or language (compared without case); ignored for crossover. */
  value: string;
}

export interface ListSettings {
  /** Marks on list pages at all. */
  marks: boolean;
  /** Per site: what happens to stories marked dropped or finished (default: dim). */
  done: Record<string, DoneMode>;
  rules: HideRule[];
}

export const DEFAULT_LIST_SETTINGS: ListSettings = { marks: true, done: {}, rules: [] };
const MAX_RULES = 500;

export function normalizeListSettings(raw: unknown): ListSettings {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof ListSettings, unknown>>;
  const done: Record<string, DoneMode> = {};
  if (r.done && typeof r.done === 'object' && !Array.isArray(r.done)) {
    for (const [site, mode] of Object.entries(r.done as Record<string, unknown>)) {
      if (/^[a-z0-9-]{1,40}$/.test(site) && DONE_MODES.includes(mode as DoneMode)) done[site] = mode as DoneMode;
    }
  }
  const rules: HideRule[] = [];
  if (Array.isArray(r.rules)) {
    for (const x of r.rules.slice(0, MAX_RULES) as Partial<HideRule>[]) {
      if (!x || typeof x !== 'object' || !RULE_FIELDS.includes(x.field as RuleField)) continue;
      if (typeof x.site !== 'string' || !/^(\*|[a-z0-9-]{1,40})$/.test(x.site)) continue;
      const value = typeof x.value === 'string' ? x.value.trim().slice(0, 200) : '';
      if (!value && x.field !== 'crossover') continue;
      rules.push({ site: x.site, field: x.field as RuleField, value });
    }
  }
  return { marks: r.marks !== false, done, rules };
}

export const doneModeOf = (s: ListSettings, site: string): DoneMode => s.done[site] ?? 'dim';

const same = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/** The rule that hides this story on its site, or null. */
export function ruleHiding(ref: StoryRef, rules: readonly HideRule[]): HideRule | null {
  for (const rule of rules) {
    if (rule.site !== '*' && rule.site !== ref.site) continue;
    const v = rule.value;
    if (rule.field === 'crossover' && ref.crossover === true) return rule;
    if (rule.field === 'language' && ref.language && same(ref.language, v)) return rule;
    if (rule.field === 'author' && ref.author && ref.author.split(', ').some((a) => same(a, v))) return rule;
    if (rule.field === 'tag' && [...ref.tags, ...ref.fandoms].some((t) => same(t, v))) return rule;
  }
  return null;
}

export type Treatment = { kind: 'show' } | { kind: 'dim' } | { kind: 'hide'; why: 'done' | 'rule' };

/** What the list does with one story: shown, dimmed (dropped / finished), or hidden. */
export function treatment(ref: StoryRef, mark: StoryMark | undefined, s: ListSettings): Treatment {
  if (ruleHiding(ref, s.rules)) return { kind: 'hide', why: 'rule' };
  const done = mark && (mark.readingStatus === 'dropped' || mark.readingStatus === 'completed');
  if (!done) return { kind: 'show' };
  const mode = doneModeOf(s, ref.site);
  return mode === 'hide' ? { kind: 'hide', why: 'done' } : mode === 'dim' ? { kind: 'dim' } : { kind: 'show' };
}

/** The words of a mark: "dropped", "finished", "3 new", "read to ch. 5 of 12", "in your library". */
export function markLabel(m: StoryMark): string {
  if (m.readingStatus === 'dropped') return t('listMarkDropped');
  if (m.readingStatus === 'completed') return t('listMarkFinished');
  const parts: string[] = [];
  if (m.readTo !== null && m.readTo > 0) parts.push(m.chapterCount ? t('listMarkReadToOf', [m.readTo, m.chapterCount]) : t('listMarkReadTo', m.readTo));
  if (m.newCount > 0) parts.push(tn('badgeNew', m.newCount));
  return parts.length ? parts.join(' · ') : t('listMarkInLibrary');
}

/** The part of browser.storage the settings need (lib/settings-store.ts StorageLike fits). */
export interface ListStorage {
  local: { get(keys: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> };
}

export async function loadListSettings(storage: ListStorage): Promise<ListSettings> {
  return normalizeListSettings((await storage.local.get(LIST_SETTINGS_KEY))[LIST_SETTINGS_KEY]);
}

export async function saveListSettings(storage: ListStorage, next: ListSettings): Promise<ListSettings> {
  const clean = normalizeListSettings(next);
  await storage.local.set({ [LIST_SETTINGS_KEY]: clean });
  return clean;
}

/** The settings with one site's mode for dropped / finished stories. */
export const withDoneMode = (s: ListSettings, site: string, mode: DoneMode): ListSettings => ({ ...s, done: { ...s.done, [site]: mode } });

/** The settings with one more rule (a rule already there is not added twice). */
export function withRule(s: ListSettings, rule: HideRule): ListSettings {
  const value = rule.value.trim();
  if (s.rules.some((r) => r.site === rule.site && r.field === rule.field && r.value.toLowerCase() === value.toLowerCase())) return s;
  return normalizeListSettings({ ...s, rules: [...s.rules, { ...rule, value }] });
}

export const withoutRule = (s: ListSettings, i: number): ListSettings => ({ ...s, rules: s.rules.filter((_, j) => j !== i) });
