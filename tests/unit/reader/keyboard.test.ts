import { describe, expect, it } from 'vitest';
import { isEditable, keyToAction } from '../../../lib/reader/keyboard';

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
