/**
 * The story-HTML policy (lib/chapter/sanitize-policy.ts) for Node: the CLI, the benchmarks and the
 * unit tests (happy-dom has no HTML Sanitizer). The extension itself uses the browser's sanitizer
 * (lib/chapter/sanitize-native.ts).
 *
 * A plain allow-list walk over the parsed HTML, not DOMPurify: DOMPurify does not support happy-dom
 * (cure53/DOMPurify#1457), and on happy-dom 20 it skipped nodes, so handlers (`onerror`), scripts and
 * the first paragraph's tag came through unchanged (tests/unit/chapter/sanitize.test.ts). The walk
 * keeps only allowed elements (in the HTML namespace) and allowed attributes, drops code and
 * media with their content, unwraps every other element (its text stays) and removes comments.
 * Parsing happens in a document without a browsing context, so nothing in the HTML loads or runs.
 */
import {
  ALLOWED_ATTR,
  ALLOWED_TAGS,
  DROPPED_WITH_CONTENT,
  applyUrlRules,
  sanitizeBlocks,
  type BlockSanitizer,
} from './sanitize-policy';

export { isBareSafe } from './sanitize-policy';

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const ALLOWED = new Set(ALLOWED_TAGS);
const DROPPED = new Set(DROPPED_WITH_CONTENT);
const ATTRS = new Set(ALLOWED_ATTR);
const ELEMENT = 1;
const TEXT = 3;

const inertDocs = new WeakMap<object, Document>();

function inertOf(win: Window): Document {
  let doc = inertDocs.get(win);
  if (!doc) {
    doc = win.document.implementation.createHTMLDocument('');
    inertDocs.set(win, doc);
  }
  return doc;
}

/** Cleans `parent`'s children in place (children are listed before any change). */
function clean(parent: Node): void {
  for (const node of Array.from(parent.childNodes)) {
    if (node.nodeType === TEXT) continue;
    if (node.nodeType !== ELEMENT) {
      node.parentNode?.removeChild(node); // comments, processing instructions, doctype
      continue;
    }
    const el = node as Element;
    const name = el.tagName.toLowerCase(); // the qualified name: "o:p" is not a "p"
    if (el.namespaceURI !== HTML_NS || DROPPED.has(name)) {
      el.parentNode?.removeChild(el);
      continue;
    }
    clean(el);
    if (!ALLOWED.has(name)) {
      const kids = Array.from(el.childNodes);
      for (const kid of kids) el.parentNode?.insertBefore(kid, el);
      el.parentNode?.removeChild(el);
      continue;
    }
    for (const attr of Array.from(el.attributes)) {
      if (!ATTRS.has(attr.name.toLowerCase())) el.removeAttribute(attr.name);
    }
    applyUrlRules(el);
  }
}

function sanitizeToBox(html: string, win: Window): HTMLElement {
  const box = inertOf(win).createElement('div');
  box.innerHTML = html;
  clean(box);
  return box;
}

/** Sanitise one block of story HTML with the given window's DOM (happy-dom's, or a page's). */
export function sanitizeHtml(html: string, win: Window): string {
  return sanitizeToBox(html, win).innerHTML;
}

/** Sanitise many blocks in one pass (see sanitizeBlocks). */
export function sanitizeMany(htmls: readonly string[], win: Window): string[] {
  return sanitizeBlocks(htmls, {
    one: (h) => sanitizeHtml(h, win),
    many: (joined) => sanitizeToBox(joined, win),
  });
}

/** A BlockSanitizer over `win`. */
export function purifySanitizer(win: Window): BlockSanitizer {
  return (htmls) => sanitizeMany(htmls, win);
}
