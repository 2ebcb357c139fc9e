/**
 * FROZEN REFERENCE (do not edit): text() and isSeparatorText() of lib/sites/blocks.ts as they were
 * before their fast paths (commit 7e227ad). tests/unit/sites/blocks-reference.test.ts checks that
 * the current ones answer exactly the same on random and real input.
 */
/** Elements that always start a new block. */
const BLOCK_TAGS = new Set([
  'P', 'DIV', 'BLOCKQUOTE', 'HR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'DL', 'TABLE', 'PRE',
  'CENTER', 'SECTION', 'ARTICLE', 'MAIN', 'ASIDE', 'HEADER', 'FOOTER', 'FIGURE', 'DETAILS', 'ADDRESS',
  'FIELDSET', 'NAV', 'FORM',
]);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

export function collapse(s: string): string {
  return s
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

/**
 * Plain text of a node: entities decoded, whitespace collapsed, a space at <br> and at block
 * boundaries (so "one<br>two" reads "one two"), scripts and styles ignored.
 */
export function text(node: Node | null | undefined): string {
  if (!node) return '';
  const parts: string[] = [];
  const walk = (n: Node): void => {
    if (n.nodeType === TEXT_NODE) {
      parts.push(n.nodeValue ?? '');
      return;
    }
    if (n.nodeType !== ELEMENT_NODE && n.nodeType !== 9 && n.nodeType !== 11) return;
    const tag = (n as Element).tagName;
    if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'TEMPLATE' || tag === 'NOSCRIPT') return;
    if (tag === 'BR') {
      parts.push(' ');
      return;
    }
    const isBlock = tag !== undefined && (BLOCK_TAGS.has(tag) || tag === 'LI' || tag === 'TR' || tag === 'TD' || tag === 'TH');
    if (isBlock) parts.push(' ');
    for (let c = n.firstChild; c; c = c.nextSibling) walk(c);
    if (isBlock) parts.push(' ');
  };
  walk(node);
  return collapse(parts.join(''));
}

/**
 * True for a paragraph that is only a divider: `* * *`, `~~~`, `-----`, `###`, `xXx`, `oOo`, `o0o`, `XXX`.
 * Quotes, ellipses and lone ?/! are speech, not dividers.
 */
export function isSeparatorText(t: string): boolean {
  const c = t.replace(/[\s\u00a0\u200b]+/g, '');
  if (!c) return false;
  if (/^[\p{P}\p{S}]+$/u.test(c)) {
    if (/["'“”‘’«»„‚]/u.test(c)) return false;
    if (/^[.…?!,;:]+$/u.test(c)) return false;
    return true;
  }
  const m = /^[\p{P}\p{S}]*([xXoO0]{3,})[\p{P}\p{S}]*$/u.exec(c);
  if (!m) {
    // Repeated short units with symbols between: "x-x-x", "o~o~o".
    return /^(?:[\p{P}\p{S}]*[xXoO0]{1,2}[\p{P}\p{S}]+){2,}[xXoO0]{0,2}[\p{P}\p{S}]*$/u.test(c) && /[\p{P}\p{S}]/u.test(c);
  }
  const letters = m[1];
  if (/^x+$/i.test(letters)) return true; // xxx, XXX, xXx
  // "Ooo" / "ooo" / "OOO" alone may be an exclamation; mixed forms (oOo, o0o, xox) are dividers.
  return !/^[oO]o*$/.test(letters) && !/^O+$/.test(letters);
}
