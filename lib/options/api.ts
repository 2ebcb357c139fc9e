/** What the options page needs from the browser: the library page's API plus its own few calls. */
import type { LibraryApi } from '../library-page/api';
import type { LibraryDB } from '../library/schema';
import { readCorrections, type CorrectionGroup } from './corrections';

export interface CorrectionsApi {
  list(): Promise<CorrectionGroup[]>;
  /** Undo one correction: the worker removes it ('notes/correct', label null), so sync follows. */
  undo(storyKey: string, fingerprint: string): Promise<void>;
}

export interface OptionsApi extends LibraryApi {
  corrections: CorrectionsApi;
  /** Every supported site, [id, display name], in registry order. */
  sites: ReadonlyArray<readonly [id: string, name: string]>;
  /** Open the library page in a tab. */
  openLibrary(): Promise<void>;
  /**
   * Ask for host permission for the WebDAV server at `url` (its origin only). Called first thing in
   * the click, as permissions.request needs the user's gesture. Throws on an address that is not one.
   */
  requestHost(url: string): Promise<boolean>;
}

/** Corrections read from the library's IndexedDB in the page (as the library page reads its list), undone through the worker. */
export function createCorrectionsApi(open: () => Promise<LibraryDB>, send: LibraryApi['sendToBackground']): CorrectionsApi {
  return {
    async list() {
      const db = await open();
      try {
        return await readCorrections(db);
      } finally {
        db.close();
      }
    },
    async undo(storyKey, fingerprint) {
      await send('notes/correct', { storyKey, fingerprint, label: null });
    },
  };
}
