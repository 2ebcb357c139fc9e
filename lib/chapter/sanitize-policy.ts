/**
 * Story HTML is untrusted. What may be shown of it in the reader view, whoever sanitises it: the
 * browser's own HTML Sanitizer in the extension (lib/chapter/sanitize-native.ts), a plain allow-list walk in Node, where
 * the CLI, the benchmarks and the unit tests run (lib/chapter/sanitize.ts). A strict allow-list: text
 * formatting, links, images, tables, lists. No scripts, handlers, styles, forms, frames, SVG/MathML;
 * links only to http(s), mailto, #fragments and site-absolute paths, images only over http(s).
 * No DOM library here: this file is in every bundle.
 */

export const ALLOWED_TAGS = [
  'p', 'div', 'span', 'br', 'hr', 'blockquote', 'pre', 'code',
  'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'sub', 'sup', 'small', 'big', 'mark', 'abbr', 'cite', 'q',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col',
  'a', 'img', 'figure', 'figcaption', 'details', 'summary', 'center', 'font', 'ruby', 'rt', 'rp',
];

/** Attributes kept on allowed elements (target and rel are set on links afterwards, never taken from the page). */
export const ALLOWED_ATTR = ['href', 'src', 'alt', 'title', 'align', 'colspan', 'rowspan', 'lang', 'dir', 'width', 'height'];

/**
 * Elements removed together with their content (as DOMPurify's FORBID_CONTENTS): code, media and
 * markup that is not text. Any other element that is not allowed is unwrapped: its text stays.
 */
export const DROPPED_WITH_CONTENT = [
  'script', 'style', 'template', 'noscript', 'noembed', 'noframes', 'plaintext', 'xmp', 'iframe', 'frame', 'frameset',
  'object', 'embed', 'audio', 'video', 'svg', 'math', 'head', 'title', 'annotation-xml', 'desc', 'foreignobject',
  'mi', 'mn', 'mo', 'ms', 'mtext',
];

export const SAFE_HREF = /^(?:https?:|mailto:|#|\/)/i;
export const SAFE_SRC = /^https?:/i;

/** The link and image rules, applied to each element that is kept. */
export function applyUrlRules(el: Element): void {
  if (el.localName === 'a') {
    const href = el.getAttribute('href');
    if (href !== null && !SAFE_HREF.test(href.trim())) el.removeAttribute('href');
    el.setAttribute('rel', 'noopener noreferrer nofollow');
    el.setAttribute('target', '_blank');
  } else if (el.localName === 'img') {
    const src = el.getAttribute('src');
    if (src !== null && !SAFE_SRC.test(src.trim())) el.removeAttribute('src');
  }
}

/** Allowed tags that are safe with no attributes at all. */
const BARE_SAFE = ALLOWED_TAGS.filter((t) => t !== 'a' && t !== 'img');
/** A '<' that does not open or close a bare safe tag: one native scan of the block, no loop over its tags. */
const NOT_BARE = new RegExp(`<(?!/?(?:${BARE_SAFE.join('|')})\\s*>)`);

/**
 * True when the HTML holds only text and allowed tags without any attribute: any sanitiser would
 * return it unchanged (text never contains a raw '<': serialised HTML escapes it), so it is safe.
 * Anything else (an attribute, a comment, another tag, a stray '<') goes through the sanitiser.
 */
export function isBareSafe(html: string): boolean {
  return !NOT_BARE.test(html);
}

/** Sanitises blocks of story HTML, one string out per string in. */
export type BlockSanitizer = (htmls: readonly string[]) => string[];

export interface SanitizeEngine {
  /** One block. */
  one(html: string): string;
  /** Many blocks in one pass: the sanitised children of a container holding `joined`. */
  many(joined: string): ParentNode;
}

/**
 * Sanitise many blocks the fast way: blocks of bare allowed markup (most story paragraphs) are kept
 * as they are; all the others go through the engine in **one** pass (each wrapped in a <div>, the
 * whole sanitised at once, each wrapper's content serialised back), which costs one parse instead of
 * one per block. Should the blocks not come back one per wrapper (HTML that does not round-trip),
 * every block is sanitised on its own.
 */
export function sanitizeBlocks(htmls: readonly string[], engine: SanitizeEngine): string[] {
  const out: string[] = new Array(htmls.length);
  const rest: number[] = [];
  htmls.forEach((h, i) => {
    if (isBareSafe(h)) out[i] = h;
    else rest.push(i);
  });
  if (rest.length === 1) out[rest[0]] = engine.one(htmls[rest[0]]);
  else if (rest.length) {
    const dirty = rest.map((i) => htmls[i]);
    const body = engine.many(dirty.map((h) => `<div>${h}</div>`).join(''));
    const wrappers = body.children;
    let ok = wrappers.length === dirty.length && body.childNodes.length === dirty.length;
    for (let i = 0; ok && i < wrappers.length; i++) ok = wrappers[i].localName === 'div';
    rest.forEach((i, j) => (out[i] = ok ? wrappers[j].innerHTML : engine.one(dirty[j])));
  }
  return out;
}
