/**
 * Backup: the whole library as one versioned file, and importing it back (merge: the one merge of
 * records, lib/library/merge.ts; replace: the library becomes the file). One file per job:
 * format (layouts, versions, gzip), validate (hostile input, refused whole; fields.ts checks one
 * field at a time), plan (merge or replace, decided before a write), io (paged reads, batched
 * writes), import, export.
 */
export {
  BACKUP_FORMAT,
  BACKUP_JSON_VERSION,
  BACKUP_META_KEYS,
  BACKUP_VERSION,
  BackupError,
  MAX_BACKUP_CHARS,
  MAX_BACKUP_FILE_BYTES,
  backupFileSizeError,
  backupText,
  type BackupFile,
  type ImportMode,
  type MetaEntry,
} from './format';
export { parseBackup, readBackup } from './validate';
export { planImport, sameRecord, type ImportPlan } from './plan';
export { WRITE_BATCH, type Progress } from './io';
export { importBackup, previewImport } from './import';
export { exportBackup, exportLibrary, exportLibraryJson } from './export';
