/**
 * The story-HTML policy (lib/chapter/sanitize-policy.ts) with the browser's own HTML Sanitizer
 * (`Element.setHTML`, Chrome 146+, Firefox 148+): what the extension uses in pages. The browser
 * removes everything that can run whatever the configuration says (scripts, frames, handlers,
 * javascript: URLs); the configuration narrows that to the allow-list. Parsing happens in a
 * document without a browsing context, so nothing in the HTML loads while it is sanitised.
 *
 * Where the Sanitizer is missing (an old or unusual browser) the reader shows each block as plain
 * text: the story stays readable, only its formatting is lost.
 */
import { htmlToText } from '../notes/html-text';
import {
  ALLOWED_ATTR,
  ALLOWED_TAGS,
  DROPPED_WITH_CONTENT,
  applyUrlRules,
  sanitizeBlocks,
  type BlockSanitizer,
} from './sanitize-policy';

interface SanitizerConfig {
  elements: string[];
  replaceWithChildrenElements: string[];
  attributes: string[];
  comments: boolean;
  dataAttributes: boolean;
}

type SetHtml = (this: Element, html: string, options: { sanitizer: SanitizerConfig | object }) => void;

const KNOWN = new Set([...ALLOWED_TAGS, ...DROPPED_WITH_CONTENT]);
/**
 * Opening tags of elements that are neither allowed nor dropped with their content (section, label,
 * tt, a custom element, Word's <o:p>…). They are unwrapped, as DOMPurify does: the Sanitizer removes
 * an unlisted element with its text, so each batch lists the ones it holds. Matches nothing in the
 * usual story paragraph, so the scan is one native pass.
 */
const OTHER_TAG = new RegExp(`<(?!(?:${[...KNOWN].join('|')})[\\s/>])([a-z][^\\s/>]*)`, 'gi');

/** The Sanitizer configuration for one batch of HTML (exported for tests). */
export function configFor(html: string, unwrapOthers = true): SanitizerConfig {
  const unwrap = new Set<string>();
  if (unwrapOthers) {
    for (const m of html.matchAll(OTHER_TAG)) {
      const name = m[1].toLowerCase();
      if (!KNOWN.has(name)) unwrap.add(name);
    }
  }
  return {
    elements: ALLOWED_TAGS,
    replaceWithChildrenElements: [...unwrap],
    attributes: ALLOWED_ATTR,
    comments: false,
    dataAttributes: false,
  };
}

/** `setHTML` of this window's elements, or null when the browser has no HTML Sanitizer. */
function setHtmlOf(win: Window): SetHtml | null {
  const proto = (win as unknown as { Element?: { prototype: { setHTML?: SetHtml } } }).Element?.prototype;
  return typeof proto?.setHTML === 'function' ? proto.setHTML : null;
}

/** Whether this window can sanitise natively. */
export function hasNativeSanitizer(win: Window): boolean {
  return setHtmlOf(win) !== null;
}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The fallback: every block as a plain paragraph of its text (a rule stays a rule). */
export function textOnlyBlocks(htmls: readonly string[]): string[] {
  return htmls.map((h) => {
    if (/^\s*<hr\b/i.test(h)) return '<hr>';
    const words = h
      .replace(/<(script|style|template|noscript)\b[\s\S]*?<\/\1\s*>/gi, '')
      .replace(/<\/?(?:p|div|li|tr|td|th|h[1-6]|blockquote|dt|dd)\b[^>]*>/gi, ' ');
    return `<p>${escapeText(htmlToText(words))}</p>`;
  });
}

/** A BlockSanitizer for pages of `doc`'s window: the browser's Sanitizer, else plain text. */
export function nativeSanitizer(doc: Document): BlockSanitizer {
  const win = doc.defaultView;
  const setHtml = win ? setHtmlOf(win) : null;
  if (!setHtml) return textOnlyBlocks;
  // A document without a browsing context: images in it never load, nothing in it runs.
  const inert = doc.implementation.createHTMLDocument('');
  const sanitize = (html: string): Element => {
    const box = inert.createElement('div');
    try {
      setHtml.call(box, html, { sanitizer: configFor(html) });
    } catch {
      // A tag name the Sanitizer refuses to list: such elements then go with their content.
      setHtml.call(box, html, { sanitizer: configFor(html, false) });
    }
    for (const el of Array.from(box.querySelectorAll('a, img'))) applyUrlRules(el);
    return box;
  };
  return (htmls) => sanitizeBlocks(htmls, { one: (h) => sanitize(h).innerHTML, many: sanitize });
}
