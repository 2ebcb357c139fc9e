import { describe, expect, it } from 'vitest';
import { ViewState, watchColorScheme, DARK_QUERY } from '../../../lib/reader/view-state';
import { groupBlocks, noteGroups } from '../../../lib/reader/notes';
import { DEFAULT_SETTINGS, LIMITS, type ReaderSettings } from '../../../lib/settings/settings';
import { settingsToCss } from '../../../lib/reader/style';
import { makeChapter, note, story } from './fixtures';

const settings = (patch: Partial<ReaderSettings> = {}): ReaderSettings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('ViewState', () => {
  it('starts off, with the notes as the settings say', () => {
    expect(new ViewState(settings({ showNotes: false })).isOn).toBe(false);
    expect(new ViewState(settings({ showNotes: false })).areNotesShown).toBe(false);
    expect(new ViewState(settings({ showNotes: true })).areNotesShown).toBe(true);
    const v = new ViewState(settings());
    v.setOn(true);
    expect(v.isOn).toBe(true);
  });

  it('opens one note on its own; showing or hiding all notes drops the one-by-one choices', () => {
    const v = new ViewState(settings({ showNotes: false }));
    v.toggleNote('0');
    expect(v.isNoteOpen('0')).toBe(true);
    expect(v.isNoteOpen('5')).toBe(false);
    v.toggleNote('0');
    expect(v.isNoteOpen('0')).toBe(false);
    v.toggleNote('5');
    v.toggleNotes();
    expect(v.areNotesShown).toBe(true);
    expect(v.isNoteOpen('0')).toBe(true);
    v.toggleNote('0');
    expect(v.isNoteOpen('0')).toBe(false);
    v.toggleNotes();
    expect([v.isNoteOpen('0'), v.isNoteOpen('5')]).toEqual([false, false]);
  });

  it('keeps a note\'s choice while the note still exists after a correction, and only then', () => {
    const v = new ViewState(settings({ showNotes: false }));
    const before = groupBlocks([note('a'), story('b'), note('c')]);
    const [first, last] = noteGroups(before).map((g) => g.id);
    v.toggleNote(first);
    v.toggleNote(last);
    // the last note was story text after all; the first is still a note
    v.keepNotesOf(groupBlocks([note('a'), story('b'), story('c')]));
    expect(v.isNoteOpen(first)).toBe(true);
    expect(v.isNoteOpen(last)).toBe(false);
    v.keepNotesOf(groupBlocks([story('a'), story('b'), note('c')]));
    expect(v.isNoteOpen(first)).toBe(false);
    expect(v.isNoteOpen(last)).toBe(false);
  });

  it('applies new settings; a changed "show notes" applies to every note again, another change keeps choices', () => {
    const v = new ViewState(settings({ showNotes: false, fontSize: 18 }));
    v.toggleNote('3');
    v.applySettings(settings({ showNotes: false, fontSize: 22 }));
    expect(v.settings.fontSize).toBe(22);
    expect(v.isNoteOpen('3')).toBe(true);
    v.applySettings(settings({ showNotes: true, fontSize: 22 }));
    expect(v.areNotesShown).toBe(true);
    v.toggleNote('3');
    expect(v.isNoteOpen('3')).toBe(false);
    v.applySettings(settings({ showNotes: false, fontSize: 22 }));
    expect(v.isNoteOpen('3')).toBe(false);
    expect(v.isNoteOpen('7')).toBe(false);
  });

  it('resolves the system theme by the colour scheme, and carries it into the CSS variables', () => {
    const v = new ViewState(settings({ theme: 'system' }));
    expect(v.theme).toBe('light');
    v.setPrefersDark(true);
    expect(v.theme).toBe('dark');
    expect(v.cssVars).toEqual(settingsToCss(settings({ theme: 'system' }), true));
    expect(v.cssVars).not.toEqual(settingsToCss(settings({ theme: 'system' }), false));
    v.applySettings(settings({ theme: 'sepia' }));
    expect(v.theme).toBe('sepia');
  });

  it('steps the font size within its limits', () => {
    const v = new ViewState(settings({ fontSize: 20 }));
    expect(v.fontSizeBy(1)).toBe(21);
    expect(v.fontSizeBy(-1)).toBe(19);
    expect(v.fontSizeBy(1000)).toBe(LIMITS.fontSize.max);
    expect(v.fontSizeBy(-1000)).toBe(LIMITS.fontSize.min);
  });

  it('tells the popup the tab\'s state, story and notes', () => {
    const v = new ViewState(settings({ showNotes: false }));
    const ch = makeChapter();
    const items = groupBlocks(ch.blocks);
    expect(v.status(ch, items)).toEqual({
      state: 'off',
      site: 'ao3',
      storyKey: 'ao3:123',
      title: 'The Long Way Home',
      author: 'quietwriter',
      chapterIndex: 2,
      chapterCount: 5,
      chapterTitle: 'Rain',
      whole: false,
      notesShown: false,
      noteCount: noteGroups(items).length,
    });
    expect(noteGroups(items).length).toBe(2);
    v.setOn(true);
    v.toggleNotes();
    expect(v.status({ ...ch, chapterId: 'full' }, items)).toMatchObject({ state: 'reader', whole: true, notesShown: true });
  });
});

describe('watchColorScheme', () => {
  function schemeWindow(dark: boolean) {
    const listeners = new Set<(e: MediaQueryListEvent) => void>();
    const queries: string[] = [];
    const win = {
      matchMedia: (q: string) => {
        queries.push(q);
        return {
          matches: dark,
          addEventListener: (_: string, fn: (e: MediaQueryListEvent) => void) => listeners.add(fn),
          removeEventListener: (_: string, fn: (e: MediaQueryListEvent) => void) => listeners.delete(fn),
        };
      },
    } as unknown as Window;
    const change = (matches: boolean) => listeners.forEach((fn) => fn({ matches } as MediaQueryListEvent));
    return { win, listeners, queries, change };
  }

  it('answers the scheme now, hears each change until stopped', () => {
    const w = schemeWindow(true);
    const heard: boolean[] = [];
    const s = watchColorScheme(w.win, (d) => heard.push(d));
    expect(s.dark).toBe(true);
    expect(w.queries).toEqual([DARK_QUERY]);
    w.change(false);
    w.change(true);
    expect(heard).toEqual([false, true]);
    s.stop();
    expect(w.listeners.size).toBe(0);
    w.change(false);
    expect(heard).toEqual([false, true]);
  });

  it('is light and silent without matchMedia', () => {
    const s = watchColorScheme({} as Window, () => {
      throw new Error('no changes');
    });
    expect(s.dark).toBe(false);
    s.stop();
  });
});
