/**
 * Previewing and importing a backup: the file checked whole first (a refused file changes nothing),
 * the import planned (plan.ts), then written in batches (io.ts). If a write fails half-way, the
 * library read before the first write is written back.
 */
import { t as tr } from '../../i18n';
import type { BackupReport } from '../types';
import { announceChange } from '../changes';
import type { LibraryDB } from '../schema';
import { withIndexKeys, withoutIndexKeys } from '../derived';
import { BackupError, refusal, type BackupFile, type ImportMode } from './format';
import { checkedFile } from './validate';
import { phase, readStored, writeBatches, type Progress, type Snapshot, type Stored, type Write } from './io';
import { planImport, replaceDiff } from './plan';
import { chaptersOf } from '../chapter-sets';

function refused(err: unknown): BackupReport {
  const error = err instanceof BackupError ? err.message : `The backup could not be imported: ${err instanceof Error ? err.message : String(err)}. Nothing was changed.`;
  return { ok: false, error, added: 0, updated: 0, removed: 0, unchanged: 0, chapters: 0 };
}

const snapshotOf = (stored: Stored): Snapshot => ({
  stories: stored.stories.map(withoutIndexKeys),
  chapters: stored.chapterSets.flatMap(chaptersOf),
  noteMemory: stored.noteMemory,
  meta: stored.meta,
});

/** What importing would change; nothing is written. A refused file gives ok: false and the reason. */
export async function previewImport(db: LibraryDB, json: unknown, mode: ImportMode, now = Date.now()): Promise<BackupReport> {
  const file = checkedInput(json, mode, now);
  if (!('stories' in file)) return file;
  // Replace compares stories only: the chapters stored need not be read.
  const t = performance.now();
  const report = planImport(snapshotOf(await readStored(db, mode === 'merge')), file, mode, now).report;
  phase('preview', t);
  return report;
}

/** The file checked whole with the mode, or the report that refuses it. */
function checkedInput(json: unknown, mode: unknown, now: number): BackupFile | BackupReport {
  try {
    const file = checkedFile(json, now);
    if (mode !== 'merge' && mode !== 'replace') throw refusal('backupChooseMode');
    return file;
  } catch (err) {
    return refused(err);
  }
}

/**
 * Import a backup: checked whole first (a refused file changes nothing), then written in batches.
 * If a write fails half-way, the library as it was before is written back.
 * `json` is the file's text, or a file `readBackup` returned. `onProgress` counts records written.
 */
export async function importBackup(db: LibraryDB, json: unknown, mode: ImportMode, now = Date.now(), onProgress?: Progress): Promise<BackupReport> {
  const report = await importBackupInto(db, json, mode, now, onProgress);
  if (report.ok) announceChange('import');
  return report;
}

async function importBackupInto(db: LibraryDB, json: unknown, mode: ImportMode, now: number, onProgress?: Progress): Promise<BackupReport> {
  const file = checkedInput(json, mode, now);
  if (!('stories' in file)) return file;
  let before: Stored;
  let t = performance.now();
  try {
    before = await readStored(db, true);
  } catch (err) {
    return refused(err);
  }
  phase('read-stored', t);
  t = performance.now();
  const plan = planImport(snapshotOf(before), file, mode, now);
  phase('plan', t);
  t = performance.now();
  let clear = plan.clear;
  let writes: Write[] = [];
  const fileRecords = plan.put.stories.length + plan.sets.length + plan.put.noteMemory.length + plan.put.meta.length;
  // Replace: write only what differs, unless that is more than clearing and writing everything.
  const diff = clear ? replaceDiff(before, plan.put, plan.sets) : null;
  if (diff && diff.length < fileRecords) {
    clear = false;
    writes = diff;
  } else {
    for (const s of plan.put.stories) writes.push({ store: 'stories', value: withIndexKeys(s) });
    for (const c of plan.sets) writes.push({ store: 'chapterSets', value: c });
    for (const n of plan.put.noteMemory) writes.push({ store: 'noteMemory', value: n });
    for (const m of plan.put.meta) writes.push({ store: 'meta', value: m.value, key: m.key });
  }
  phase('diff', t);
  t = performance.now();
  try {
    await writeBatches(db, clear, writes, onProgress);
    phase(`write-${writes.length}`, t);
    return plan.report;
  } catch (err) {
    const report = refused(err);
    try {
      const back: Write[] = [];
      for (const s of before.stories) back.push({ store: 'stories', value: s });
      for (const c of before.chapterSets) back.push({ store: 'chapterSets', value: c });
      for (const n of before.noteMemory) back.push({ store: 'noteMemory', value: n });
      for (const m of before.meta) back.push({ store: 'meta', value: m.value, key: m.key });
      await writeBatches(db, true, back);
    } catch (undo) {
      return {
        ...report,
        error: `${(report.error ?? '').replace(` ${tr('nothingChanged')}`, '')} ${tr('backupNotRestored', undo instanceof Error ? undo.message : String(undo))}`,
      };
    }
    return report;
  }
}
