/** Everything the Library page needs from the browser, injected so components run against fakes. */
import { sendToBackground, type BackgroundRequests, type BackgroundResponse, type RuntimeLike } from '../protocol/messages';
import type { StorageLike } from '../settings/store';
import type { BackupReport } from '../protocol/messages';
import type { LibraryDB } from '../library/schema';
import type { LocalReads } from '../library/local';
import type { PopupSnapshot } from '../popup/snapshot';
import { exportBackup, importBackup, previewImport, readBackup, type BackupFile, type ImportMode, type Progress } from '../library/backup';

/**
 * Backup run in the page against the library's IndexedDB (extension pages share the worker's
 * origin): a large library does not fit in one runtime message (Chrome's limit is 64 MiB).
 * The file is the compact, compressed one (version 2); old JSON files are read too.
 */
export interface LocalBackup {
  /** The library as a gzip file; `onProgress` counts records read. */
  export(now: number, onProgress?: Progress): Promise<{ data: Uint8Array; stories: number; chapters: number }>;
  /** A chosen file unpacked and checked whole (throws BackupError when refused); `onProgress` counts records checked. */
  read(bytes: Uint8Array, onProgress?: Progress): Promise<BackupFile>;
  /** What importing a file (from `read`, or a JSON text) would change. */
  preview(file: BackupFile | string, mode: ImportMode): Promise<BackupReport>;
  /** All or nothing, as 'backup/import'; the caller tells the background afterwards. `onProgress` counts records written. */
  import(file: BackupFile | string, mode: ImportMode, onProgress?: Progress): Promise<BackupReport>;
}

/** A LocalBackup that opens the library for each operation and closes it after (never holds upgrades back). */
export function createLocalBackup(open: () => Promise<LibraryDB>): LocalBackup {
  const withDb = async <T,>(work: (db: LibraryDB) => Promise<T>): Promise<T> => {
    const db = await open();
    try {
      return await work(db);
    } finally {
      db.close();
    }
  };
  return {
    export: (now, onProgress) => withDb((db) => exportBackup(db, now, onProgress)),
    read: (bytes, onProgress) => readBackup(bytes, Date.now(), onProgress),
    preview: (file, mode) => withDb((db) => previewImport(db, file, mode)),
    import: (file, mode, onProgress) => withDb((db) => importBackup(db, file, mode, Date.now(), onProgress)),
  };
}

export interface LibraryApi {
  sendToBackground<K extends keyof BackgroundRequests>(
    type: K,
    payload: BackgroundRequests[K]['req'],
  ): Promise<BackgroundResponse<K>>;
  /** Reader settings live here (the page follows the reader's theme). */
  storage: StorageLike;
  /** Open a URL in a new tab. */
  openTab(url: string): Promise<void>;
  /** Save text (or a file's bytes) as a file the user downloads. */
  download(filename: string, text: string | Blob, mime?: string): void;
  /** A site id's display name ("ao3" -> "Archive of Our Own"). */
  siteName(id: string): string;
  now(): number;
  /**
   * Make sure notifications may be shown (asks for an optional permission where the manifest has
   * one; must run in the click). Absent = nothing to ask.
   */
  ensureNotifications?(): Promise<boolean>;
  /** Export and import in the page itself; absent = through the background ('backup/*' messages). */
  backup?: LocalBackup;
  /** The list read by the page itself (see lib/library/local.ts); absent = through the background. */
  library?: Pick<LocalReads, 'recent' | 'all'>;
  /** The popup's first frame, kept right after changes made here (lib/popup/snapshot.ts); absent = not kept. */
  popupSnapshot?: PopupSnapshot;
}

export interface LibraryBrowserLike {
  runtime: RuntimeLike;
  storage: StorageLike;
  tabs: { create(p: { url: string }): Promise<unknown> };
}

export interface DownloadEnv {
  document: Document;
  URL: { createObjectURL(b: Blob): string; revokeObjectURL(url: string): void };
}

/** Blob + object URL + <a download>: works on extension pages in Chrome and Firefox without a permission. */
export function downloadText(env: DownloadEnv, filename: string, text: string | Blob, mime = 'application/json'): void {
  const url = env.URL.createObjectURL(new Blob([text], { type: mime }));
  const a = env.document.createElement('a');
  a.href = url;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  env.document.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Revoke later: some browsers start the download only after the click handler returns.
    setTimeout(() => env.URL.revokeObjectURL(url), 60_000);
  }
}

export function createLibraryApi(
  b: LibraryBrowserLike,
  siteNames: Readonly<Record<string, string>>,
  env: DownloadEnv,
): LibraryApi {
  return {
    sendToBackground: (type, payload) => sendToBackground(b.runtime, type, payload),
    storage: b.storage,
    async openTab(url) {
      await b.tabs.create({ url });
    },
    download: (filename, text, mime) => downloadText(env, filename, text, mime),
    siteName: (id) => siteNames[id] ?? id,
    now: () => Date.now(),
  };
}
