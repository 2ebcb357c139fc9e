/**
 * Sync reacts to the library's writes (issue 22), not to message names: every store write that
 * changes what sync carries is announced once it committed, reads announce nothing, and a sync
 * pass's own merges announce nothing (so one sync never starts another).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { announceChange, onLibraryChange, type LibraryChange } from '../../../lib/library/changes';
import { exportLibraryJson, importBackup } from '../../../lib/library/backup';
import { correctNote, learnEdges } from '../../../lib/library/note-memory';
import { openLibrary } from '../../../lib/library/schema';
import { deleteStory, getStory, listStories, readPosition, recordVisit, savePosition, setFollowed, setReadingStatus } from '../../../lib/library/store';
import { createMemorySyncBackend } from '../../../lib/sync/memory-area';
import { ao3, device, T0 } from '../sync/helpers';
import { freshName, visit } from './helpers';

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
});

function listen(): LibraryChange[] {
  const heard: LibraryChange[] = [];
  stop = onLibraryChange((c) => heard.push(c));
  return heard;
}

describe('library changes', () => {
  it('announces each write that sync carries, after it committed, and nothing for reads', async () => {
    const db = await openLibrary(freshName('changes'));
    const heard = listen();
    const v = visit();
    const saved = recordVisit(db, v, 1000);
    expect(heard).toEqual([]); // not before the transaction is done
    await saved;
    await savePosition(db, 'ao3:123', 'c1', { blockIndex: 3, offsetRatio: 0.5, updatedAt: 2000 }, 2000);
    await setFollowed(db, 'ao3:123', true);
    await setReadingStatus(db, 'ao3:123', 'reading');
    await learnEdges(db, 'ao3:123', 'c1', ['a'.repeat(16)], 3000);
    await correctNote(db, 'ao3:123', 'A note the reader marked.', 'note', 3000);
    expect(heard).toEqual(['visit', 'position', 'follow', 'status', 'notes', 'notes']);

    const before = heard.length;
    await getStory(db, 'ao3:123');
    await listStories(db);
    await readPosition(db, 'ao3:123', 'c1');
    await exportLibraryJson(db, 4000);
    expect(heard.length).toBe(before);

    await deleteStory(db, 'ao3:123');
    expect(heard.at(-1)).toBe('delete');
    db.close();
  });

  it('names the stories each write touched (sync passes only those); a restored backup names none (a full pass)', async () => {
    const db = await openLibrary(freshName('changes-keys'));
    const heard: Array<[LibraryChange, readonly string[] | null]> = [];
    stop = onLibraryChange((c, keys) => heard.push([c, keys]));
    await recordVisit(db, visit(), 1000);
    await savePosition(db, 'ao3:123', 'c1', { blockIndex: 3, offsetRatio: 0.5, updatedAt: 2000 }, 2000);
    await setFollowed(db, 'ao3:123', true);
    await setReadingStatus(db, 'ao3:123', 'reading');
    await learnEdges(db, 'ao3:123', 'c1', ['a'.repeat(16)], 3000);
    await deleteStory(db, 'ao3:123');
    expect(heard).toEqual([
      ['visit', ['ao3:123']],
      ['position', ['ao3:123']],
      ['follow', ['ao3:123']],
      ['status', ['ao3:123']],
      ['notes', ['ao3:123']],
      ['delete', ['ao3:123']],
    ]);
    announceChange('import');
    expect(heard.at(-1)).toEqual(['import', null]);
    db.close();
  });

  it('announces a restored backup, and nothing for a refused one', async () => {
    const source = await openLibrary(freshName('changes-src'));
    await recordVisit(source, visit(), 1000);
    const { json } = await exportLibraryJson(source, 2000);
    const target = await openLibrary(freshName('changes-dst'));
    const heard = listen();
    expect((await importBackup(target, '{"not a backup": true}', 'merge')).ok).toBe(false);
    expect(heard).toEqual([]);
    expect((await importBackup(target, json, 'merge')).ok).toBe(true);
    expect(heard).toEqual(['import']);
    source.close();
    target.close();
  });

  it("a sync pass's own writes are not announced: one sync never starts another", async () => {
    const backend = createMemorySyncBackend();
    const a = await device(backend, 'A');
    const b = await device(backend, 'B');
    await a.visit(T0, ao3('1', 1));
    await setFollowed(a.db, 'ao3:1', true);
    await a.sync(T0 + 1000_000);
    const heard = listen();
    await b.sync(T0 + 2000_000); // B takes the story from the sync area
    expect((await b.story('ao3:1')).story).toMatchObject({ followed: true });
    expect(heard).toEqual([]);
  });

  it('a listener that throws does not keep the others from hearing, and one that stopped hears nothing', () => {
    const heard: LibraryChange[] = [];
    const stopBad = onLibraryChange(() => {
      throw new Error('boom');
    });
    const stopGood = onLibraryChange((c) => heard.push(c));
    announceChange('follow');
    stopGood();
    announceChange('status');
    stopBad();
    expect(heard).toEqual(['follow']);
  });
});
