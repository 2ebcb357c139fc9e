/** The options page's logic: per-site switches, the corrections list and undoing one through the worker. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHandlers } from '../../../lib/background/handlers';
import { dispatch, type BackgroundRequests } from '../../../lib/protocol/messages';
import { openLibrary, type LibraryDB } from '../../../lib/library/schema';
import { fingerprint } from '../../../lib/notes/fingerprint';
import { createCorrectionsApi } from '../../../lib/options/api';
import { correctionCountText, groupCorrections, readCorrections, withoutCorrection } from '../../../lib/options/corrections';
import { setSiteAllowed, siteSwitches } from '../../../lib/options/sites';
import { DEFAULT_SETTINGS, normalizeSettings, siteAllowed } from '../../../lib/settings/settings';
import { freshName, visit } from '../library/helpers';

describe('per-site switches', () => {
  const sites = [
    ['ao3', 'Archive of Our Own'],
    ['ffnet', 'FanFiction.Net'],
  ] as const;

  it('are all on by default, and one turned off is kept as a sorted, deduplicated list', () => {
    expect(DEFAULT_SETTINGS.disabledSites).toEqual([]);
    expect(siteSwitches(sites, DEFAULT_SETTINGS).map((s) => s.on)).toEqual([true, true]);
    const off = setSiteAllowed(DEFAULT_SETTINGS, 'ffnet', false);
    expect(off).toEqual({ disabledSites: ['ffnet'] });
    expect(siteSwitches(sites, off)).toEqual([
      { id: 'ao3', name: 'Archive of Our Own', on: true },
      { id: 'ffnet', name: 'FanFiction.Net', on: false },
    ]);
    expect(setSiteAllowed(setSiteAllowed(off, 'ao3', false), 'ffnet', true)).toEqual({ disabledSites: ['ao3'] });
    expect(setSiteAllowed(off, 'ffnet', false)).toEqual({ disabledSites: ['ffnet'] });
    expect(siteAllowed(off, 'ffnet')).toBe(false);
    expect(siteAllowed(off, 'ao3')).toBe(true);
  });

  it('survive storage and sync only as valid site ids', () => {
    expect(normalizeSettings({ disabledSites: ['wattpad', 'ao3', 'ao3', 5, '__proto__', 'A B', 'x'.repeat(80)] }).disabledSites).toEqual([
      'ao3',
      'wattpad',
    ]);
    expect(normalizeSettings({ disabledSites: 'ao3' }).disabledSites).toEqual([]);
    expect(normalizeSettings(undefined).disabledSites).toEqual([]);
  });
});

describe('the corrections list', () => {
  it('groups corrections per story by title, story text first, and drops undone ones', () => {
    const groups = groupCorrections(
      [
        { storyKey: 'ffnet:2', corrections: { b: 'note', a: 'story' } },
        { storyKey: 'ao3:1', corrections: { c: 'note' } },
        { storyKey: 'ao3:9', corrections: {} },
        { storyKey: 'ao3:3', corrections: { d: 'story' } },
      ],
      (k) => (k === 'ffnet:2' ? { title: 'Alpha', site: 'ffnet' } : k === 'ao3:1' ? { title: 'Beta', site: 'ao3' } : null),
    );
    expect(groups).toEqual([
      { storyKey: 'ffnet:2', title: 'Alpha', site: 'ffnet', items: [{ fingerprint: 'a', label: 'story' }, { fingerprint: 'b', label: 'note' }] },
      { storyKey: 'ao3:1', title: 'Beta', site: 'ao3', items: [{ fingerprint: 'c', label: 'note' }] },
      { storyKey: 'ao3:3', title: 'Untitled story', site: 'ao3', items: [{ fingerprint: 'd', label: 'story' }] },
    ]);
    expect(correctionCountText(groups)).toBe('4 corrections in 3 stories.');
    const after = withoutCorrection(groups, 'ao3:1', 'c');
    expect(after.map((g) => g.storyKey)).toEqual(['ffnet:2', 'ao3:3']);
    expect(correctionCountText([])).toMatch(/not corrected/);
  });
});

describe('undoing a correction through the worker', () => {
  let db: LibraryDB;
  let name: string;
  let send: (m: unknown) => Promise<unknown> | undefined;
  beforeEach(async () => {
    name = freshName('options');
    db = await openLibrary(name);
    const handlers = createHandlers({ db: Promise.resolve(db), now: () => 1000 });
    send = (m) => dispatch<BackgroundRequests>(handlers, m);
  });
  afterEach(() => db.close());

  it('reads the corrections with their story titles, and removes one by its fingerprint', async () => {
    await send({ type: 'chapter/visited', chapter: visit({ title: 'The Long Road' }) });
    const story = 'Then the door opened.';
    const note = 'Thanks for reading! Reviews make my day.';
    await send({ type: 'notes/correct', storyKey: 'ao3:123', text: story, label: 'story' });
    await send({ type: 'notes/correct', storyKey: 'ao3:123', text: note, label: 'note' });

    const api = createCorrectionsApi(() => openLibrary(name), (type, payload) => send({ type, ...payload }) as never);
    const groups = await api.list();
    expect(groups).toEqual([
      {
        storyKey: 'ao3:123',
        title: 'The Long Road',
        site: 'ao3',
        items: [
          { fingerprint: fingerprint(story), label: 'story' },
          { fingerprint: fingerprint(note), label: 'note' },
        ],
      },
    ]);

    await api.undo('ao3:123', fingerprint(note));
    expect(await readCorrections(db)).toEqual([{ ...groups[0], items: [{ fingerprint: fingerprint(story), label: 'story' }] }]);
    // Unknown fingerprints change nothing; a fingerprint with a label is refused.
    await api.undo('ao3:123', 'nope');
    expect((await readCorrections(db))[0].items).toHaveLength(1);
    await expect(send({ type: 'notes/correct', storyKey: 'ao3:123', fingerprint: fingerprint(story), label: 'note' })).rejects.toThrow(/fingerprint/);
    await api.undo('ao3:123', fingerprint(story));
    expect(await readCorrections(db)).toEqual([]);
  });

  it('sends notes/correct with label null', async () => {
    const sendToBackground = vi.fn(async () => ({ memory: { noteFingerprints: [], corrections: {} } }));
    await createCorrectionsApi(() => openLibrary(name), sendToBackground as never).undo('ao3:1', 'fp');
    expect(sendToBackground).toHaveBeenCalledWith('notes/correct', { storyKey: 'ao3:1', fingerprint: 'fp', label: null });
  });
});
