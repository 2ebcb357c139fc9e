import { describe, expect, it } from 'vitest';
import { assignKey, DEFAULT_KEYS, isEditable, keyName, keyToAction, normalizeKeys, shortcuts } from '../../../lib/reader/keyboard';
import { normalizeSettings } from '../../../lib/settings/settings';

describe('keyToAction', () => {
  it('maps the reader keys', () => {
    expect(keyToAction({ key: 'ArrowLeft' })).toBe('prev');
    expect(keyToAction({ key: 'ArrowRight' })).toBe('next');
    expect(keyToAction({ key: 'n' })).toBe('toggle-notes');
    expect(keyToAction({ key: 'N', shiftKey: true })).toBe('toggle-notes');
    expect(keyToAction({ key: 'Escape' })).toBe('exit');
    expect(keyToAction({ key: 'j' })).toBeNull();
    expect(keyToAction({ key: ' ' })).toBeNull();
  });

  it('ignores modified keys, composition and handled events', () => {
    expect(keyToAction({ key: 'ArrowRight', altKey: true })).toBeNull();
    expect(keyToAction({ key: 'ArrowLeft', ctrlKey: true })).toBeNull();
    expect(keyToAction({ key: 'n', metaKey: true })).toBeNull();
    expect(keyToAction({ key: 'ArrowRight', shiftKey: true })).toBeNull();
    expect(keyToAction({ key: 'n', isComposing: true })).toBeNull();
    expect(keyToAction({ key: 'Escape', defaultPrevented: true })).toBeNull();
  });

  it('ignores keys typed into inputs, selects and editable content', () => {
    const input = document.createElement('input');
    const checkbox = document.createElement('input');
    checkbox.type = 'checkbox';
    const select = document.createElement('select');
    const editable = document.createElement('div');
    editable.setAttribute('contenteditable', 'true');
    const button = document.createElement('button');
    expect(keyToAction({ key: 'n', target: input })).toBeNull();
    expect(keyToAction({ key: 'ArrowLeft', target: select })).toBeNull();
    expect(keyToAction({ key: 'Escape', target: editable })).toBeNull();
    expect(keyToAction({ key: 'n', target: checkbox })).toBe('toggle-notes');
    expect(keyToAction({ key: 'ArrowRight', target: button })).toBe('next');
    expect(isEditable(document.createElement('textarea'))).toBe(true);
    expect(isEditable(null)).toBe(false);
  });
});

describe('the reader’s own keys (issue 21)', () => {
  it('a changed key map drives keyToAction; the old key does nothing', () => {
    const keys = { ...DEFAULT_KEYS, next: 'j', 'toggle-notes': 'm' };
    expect(keyToAction({ key: 'j' }, keys)).toBe('next');
    expect(keyToAction({ key: 'J', shiftKey: true }, keys)).toBe('next');
    expect(keyToAction({ key: 'ArrowRight' }, keys)).toBeNull();
    expect(keyToAction({ key: 'm' }, keys)).toBe('toggle-notes');
    expect(keyToAction({ key: 'n' }, keys)).toBeNull();
    expect(keyToAction({ key: 'j', ctrlKey: true }, keys)).toBeNull();
  });

  it('assignKey refuses reserved keys and keys another action has', () => {
    expect(assignKey(DEFAULT_KEYS, 'next', 'Tab')).toEqual({ ok: false, reason: 'reserved' });
    expect(assignKey(DEFAULT_KEYS, 'next', ' ')).toEqual({ ok: false, reason: 'reserved' });
    expect(assignKey(DEFAULT_KEYS, 'next', 'ArrowDown')).toEqual({ ok: false, reason: 'reserved' });
    expect(assignKey(DEFAULT_KEYS, 'next', 'F5')).toEqual({ ok: false, reason: 'reserved' });
    expect(assignKey(DEFAULT_KEYS, 'next', 'Shift')).toEqual({ ok: false, reason: 'reserved' });
    expect(assignKey(DEFAULT_KEYS, 'next', 'N')).toEqual({ ok: false, reason: 'conflict', other: 'toggle-notes' });
    const ok = assignKey(DEFAULT_KEYS, 'next', 'J');
    expect(ok).toEqual({ ok: true, keys: { ...DEFAULT_KEYS, next: 'j' } });
    // The same key again for the same action is fine.
    expect(assignKey(DEFAULT_KEYS, 'next', 'ArrowRight').ok).toBe(true);
  });

  it('stored key maps from outside (sync, old versions) are checked: bad or duplicate keys give the defaults', () => {
    expect(normalizeKeys(undefined)).toEqual(DEFAULT_KEYS);
    expect(normalizeKeys({ next: 'J' })).toEqual({ ...DEFAULT_KEYS, next: 'j' });
    expect(normalizeKeys({ next: 'Tab', prev: 42, exit: '<script>' })).toEqual(DEFAULT_KEYS);
    expect(normalizeKeys({ next: 'n' })).toEqual(DEFAULT_KEYS); // would take N from the notes
    expect(normalizeSettings({ keys: { exit: 'q' } }).keys).toEqual({ ...DEFAULT_KEYS, exit: 'q' });
    expect(normalizeSettings({}).keys).toEqual(DEFAULT_KEYS);
  });

  it('names keys for titles and aria-keyshortcuts', () => {
    expect(shortcuts({ ...DEFAULT_KEYS, 'toggle-notes': 'm' })).toEqual({
      prev: { keys: '←', aria: 'ArrowLeft' },
      next: { keys: '→', aria: 'ArrowRight' },
      'toggle-notes': { keys: 'M', aria: 'M' },
      exit: { keys: 'Esc', aria: 'Escape' },
    });
    expect(keyName('Delete')).toBe('Del');
  });
});
