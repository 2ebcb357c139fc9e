/** In-view keyboard shortcuts. Pure: a key event in, an action (or null) out. */

export type KeyAction = 'prev' | 'next' | 'toggle-notes' | 'exit';

/** Shown in aria-keyshortcuts and titles. */
export const SHORTCUTS: Record<KeyAction, { keys: string; aria: string }> = {
  prev: { keys: '←', aria: 'ArrowLeft' },
  next: { keys: '→', aria: 'ArrowRight' },
  'toggle-notes': { keys: 'N', aria: 'N' },
  exit: { keys: 'Esc', aria: 'Escape' },
};

export interface KeyLike {
  key: string;
  altKey?: boolean;
  ctrlKey?: boolean;
  metaKey?: boolean;
  shiftKey?: boolean;
  isComposing?: boolean;
  defaultPrevented?: boolean;
  /** The focused element the event comes from (inside the shadow root: use composedPath()[0]). */
  target?: EventTarget | null;
}

/** True when typing goes to the element: inputs, textareas, selects, contenteditable. */
export function isEditable(target: EventTarget | null | undefined): boolean {
  const el = target as (Element & { isContentEditable?: boolean }) | null | undefined;
  if (!el || typeof el !== 'object' || typeof el.tagName !== 'string') return false;
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return true;
  if (tag === 'input') {
    const type = ((el as HTMLInputElement).type || 'text').toLowerCase();
    return !['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image'].includes(type);
  }
  if (el.isContentEditable) return true;
  const ce = el.getAttribute?.('contenteditable');
  return ce === '' || ce === 'true' || ce === 'plaintext-only';
}

export function keyToAction(e: KeyLike): KeyAction | null {
  if (e.defaultPrevented || e.isComposing) return null;
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  if (isEditable(e.target)) return null;
  switch (e.key) {
    case 'ArrowLeft':
      return e.shiftKey ? null : 'prev';
    case 'ArrowRight':
      return e.shiftKey ? null : 'next';
    case 'n':
    case 'N':
      return 'toggle-notes';
    case 'Escape':
    case 'Esc':
      return 'exit';
    default:
      return null;
  }
}
