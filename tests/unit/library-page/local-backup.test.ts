/** The library page's own backup (createLocalBackup): same database, same all-or-nothing import. */
import { describe, expect, it } from 'vitest';
import { createLocalBackup } from '../../../lib/library-page/api';
import { openLibrary } from '../../../lib/library/schema';
import { listStories, recordVisit } from '../../../lib/library/store';
import { freshName, visit } from '../library/helpers';

describe('createLocalBackup', () => {
  it('exports, previews and imports against the library, closing each connection', async () => {
    const source = freshName('local-src');
    const target = freshName('local-dst');
    const db = await openLibrary(source);
    await recordVisit(db, visit({ storyId: 'a' }), 1000);
    await recordVisit(db, visit({ storyId: 'b' }), 2000);
    db.close();

    const opened: { close(): void }[] = [];
    let closed = 0;
    const track = (name: string) => async () => {
      const d = await openLibrary(name);
      const close = d.close.bind(d);
      d.close = () => {
        closed++;
        close();
      };
      opened.push(d);
      return d;
    };
    const exported = await createLocalBackup(track(source)).export(3000);
    expect(exported).toMatchObject({ stories: 2, chapters: 2 });

    const into = createLocalBackup(track(target));
    const refused = await into.import('{"format":"something else"}', 'merge');
    expect(refused.ok).toBe(false);
    const file = await into.read(exported.data);
    expect(await into.preview(file, 'merge')).toMatchObject({ ok: true, added: 2 });
    const progress: number[] = [];
    expect(await into.import(file, 'merge', (done) => progress.push(done))).toMatchObject({ ok: true, added: 2 });
    expect(progress.at(-1)).toBe(4);
    expect(closed).toBe(opened.length);

    const check = await openLibrary(target);
    expect((await listStories(check)).map((s) => s.key)).toEqual(['ao3:b', 'ao3:a']);
    check.close();
  });
});
