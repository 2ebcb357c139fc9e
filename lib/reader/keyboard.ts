/**
 * In-view keyboard shortcuts, which the reader can change (options page, "Keys"). Pure: a key
 * event and the reader's key map in, an action (or null) out.
 *
 * A key is stored as KeyboardEvent.key: one printable character, lower-cased ("n", "j", "."), or a
 * named key the view allows ("ArrowLeft", "ArrowRight", "Escape", "Delete", "Insert"). Keys that
 * move the focus, scroll, activate a control or belong to the browser are reserved.
 */

export type KeyAction = 'prev' | 'next' | 'toggle-notes' | 'exit';
export const KEY_ACTIONS: readonly KeyAction[] = ['prev', 'next', 'toggle-notes', 'exit'];
export type KeyMap = Record<KeyAction, string>;

export const DEFAULT_KEYS: Readonly<KeyMap> = { prev: 'ArrowLeft', next: 'ArrowRight', 'toggle-notes': 'n', exit: 'Escape' };

/** Named keys a shortcut may use besides printable characters. */
const NAMED = new Set(['ArrowLeft', 'ArrowRight', 'Escape', 'Delete', 'Insert']);

/**
 * Keys the view leaves to the page and the browser: Tab and Enter (focus and activation), Space,
 * ↑ / ↓ / Page Up / Page Down / Home / End (scrolling, the chapter list), Backspace, function keys,
 * and modifiers on their own.
 */
export function isReservedKey(key: string): boolean {
  if (key === ' ' || key === 'Spacebar') return true;
  if (/^F\d{1,2}$/.test(key)) return true;
  return [
    'Tab', 'Enter', 'ArrowUp', 'ArrowDown', 'PageUp', 'PageDown', 'Home', 'End', 'Backspace',
    'Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'OS', 'CapsLock', 'NumLock', 'ScrollLock', 'ContextMenu',
    'Dead', 'Process', 'Unidentified', 'Compose', 'PrintScreen', 'Pause',
  ].includes(key);
}

/** A key as stored: "N" -> "n", "Esc" -> "Escape"; null for a key no shortcut may use. */
export function normalizeKey(key: unknown): string | null {
  if (typeof key !== 'string' || !key) return null;
  const k = key === 'Esc' ? 'Escape' : key === 'Left' ? 'ArrowLeft' : key === 'Right' ? 'ArrowRight' : key === 'Del' ? 'Delete' : key;
  if (isReservedKey(k)) return null;
  if (NAMED.has(k)) return k;
  // One printable character (a letter may come with Shift: stored lower-case).
  if ([...k].length === 1 && /^[^\p{C}\s]$/u.test(k)) return k.toLocaleLowerCase('en-US');
  return null;
}

/** Any stored value -> a valid key map: every action a usable key, no key twice; else the defaults. */
export function normalizeKeys(raw: unknown): KeyMap {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const out = { ...DEFAULT_KEYS };
  for (const a of KEY_ACTIONS) {
    const k = normalizeKey(r[a]);
    if (k) out[a] = k;
  }
  return new Set(Object.values(out)).size === KEY_ACTIONS.length ? out : { ...DEFAULT_KEYS };
}

export type KeyChange =
  | { ok: true; keys: KeyMap }
  | { ok: false; reason: 'reserved' }
  | { ok: false; reason: 'conflict'; other: KeyAction };

/** Give `action` the key pressed: refused when the key is reserved or another action has it. */
export function assignKey(keys: KeyMap, action: KeyAction, pressed: string): KeyChange {
  const k = normalizeKey(pressed);
  if (!k) return { ok: false, reason: 'reserved' };
  const other = KEY_ACTIONS.find((a) => a !== action && keys[a] === k);
  if (other) return { ok: false, reason: 'conflict', other };
  return { ok: true, keys: { ...keys, [action]: k } };
}

/** How a key is shown: "←", "→", "Esc", "N", "Del". */
export function keyName(key: string): string {
  switch (key) {
    case 'ArrowLeft':
      return '←';
    case 'ArrowRight':
      return '→';
    case 'Escape':
      return 'Esc';
    case 'Delete':
      return 'Del';
    case 'Insert':
      return 'Ins';
    default:
      return key.toLocaleUpperCase();
  }
}

/** The aria-keyshortcuts value for a key ("ArrowLeft", "N", "Escape"). */
export function ariaKey(key: string): string {
  return key.length === 1 ? key.toUpperCase() : key;
}

/** Shown in aria-keyshortcuts and titles. */
export function shortcuts(keys: KeyMap = DEFAULT_KEYS): Record<KeyAction, { keys: string; aria: string }> {
  return Object.fromEntries(KEY_ACTIONS.map((a) => [a, { keys: keyName(keys[a]), aria: ariaKey(keys[a]) }])) as Record<
    KeyAction,
    { keys: string; aria: string }
  >;
}

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

export function keyToAction(e: KeyLike, keys: KeyMap = DEFAULT_KEYS): KeyAction | null {
  if (e.defaultPrevented || e.isComposing) return null;
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  if (isEditable(e.target)) return null;
  const k = normalizeKey(e.key);
  if (!k) return null;
  // Shift with a named key (Shift+→ selects text) is not the shortcut; with a letter it is.
  if (e.shiftKey && k.length > 1) return null;
  return KEY_ACTIONS.find((a) => keys[a] === k) ?? null;
}
