/**
 * The options page's list of the reader's note corrections ("This is story" / "This is an author's
 * note"), per story, from the library's note memory; undoing one asks the worker ('notes/correct'
 * with label null and the correction's fingerprint), so sync and open tabs follow as for any write.
 */
import type { LibraryDB, NoteMemoryRecord } from '../library/schema';
import { t, tn } from '../i18n';

export interface CorrectionItem {
  /** The corrected block's fingerprint (lib/notes/fingerprint.ts): the key the library keeps it by. */
  fingerprint: string;
  label: 'story' | 'note';
}

export interface CorrectionGroup {
  storyKey: string;
  title: string;
  site: string;
  items: CorrectionItem[];
}

export interface StoryInfo {
  title?: string | null;
  site?: string;
}

/** Stories with corrections, by title; within a story, "marked as story" first, then notes. Pure. */
export function groupCorrections(
  records: readonly Pick<NoteMemoryRecord, 'storyKey' | 'corrections'>[],
  storyOf: (key: string) => StoryInfo | null | undefined,
): CorrectionGroup[] {
  const groups: CorrectionGroup[] = [];
  for (const r of records) {
    const items = Object.entries(r.corrections ?? {})
      .filter((e): e is [string, 'story' | 'note'] => e[1] === 'story' || e[1] === 'note')
      .map(([fingerprint, label]) => ({ fingerprint, label }))
      .sort((a, b) => (a.label === b.label ? a.fingerprint.localeCompare(b.fingerprint) : a.label === 'story' ? -1 : 1));
    if (!items.length) continue;
    const story = storyOf(r.storyKey);
    const site = story?.site ?? r.storyKey.slice(0, Math.max(0, r.storyKey.indexOf(':')));
    groups.push({ storyKey: r.storyKey, title: story?.title?.trim() || t('untitledStory'), site, items });
  }
  return groups.sort((a, b) => a.title.localeCompare(b.title) || a.storyKey.localeCompare(b.storyKey));
}

/** The groups with one correction taken out (after it was undone); a story left with none goes. Pure. */
export function withoutCorrection(groups: readonly CorrectionGroup[], storyKey: string, fingerprint: string): CorrectionGroup[] {
  return groups
    .map((g) => (g.storyKey === storyKey ? { ...g, items: g.items.filter((i) => i.fingerprint !== fingerprint) } : g))
    .filter((g) => g.items.length > 0);
}

/** What a correction says, in words. */
export function correctionLabel(item: CorrectionItem, n: number): string {
  return item.label === 'story' ? t('passageStory', n) : t('passageNote', n);
}

export function correctionCountText(groups: readonly CorrectionGroup[]): string {
  const n = groups.reduce((sum, g) => sum + g.items.length, 0);
  if (!n) return t('noCorrections');
  return tn('correctionsIn', n, [tn('storyCount', groups.length)]);
}

/** Read every story's corrections from the library's IndexedDB (extension pages share the worker's origin). */
export async function readCorrections(db: LibraryDB): Promise<CorrectionGroup[]> {
  const tx = db.transaction(['noteMemory', 'stories'], 'readonly');
  const records = (await tx.objectStore('noteMemory').getAll()).filter((r) => Object.keys(r.corrections ?? {}).length > 0);
  const stories = new Map<string, StoryInfo>();
  for (const r of records) {
    const s = await tx.objectStore('stories').get(r.storyKey);
    if (s) stories.set(r.storyKey, { title: s.title, site: s.site });
  }
  await tx.done;
  return groupCorrections(records, (k) => stories.get(k));
}
