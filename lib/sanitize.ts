/**
 * Story HTML is untrusted. Everything shown in the reader view passes DOMPurify with a strict
 * allow-list: text formatting, links, images, tables, lists. No styles, no forms, no SVG/MathML.
 */
import DOMPurify from 'dompurify';

const ALLOWED_TAGS = [
  'p', 'div', 'span', 'br', 'hr', 'blockquote', 'pre', 'code',
  'b', 'strong', 'i', 'em', 'u', 's', 'strike', 'del', 'ins', 'sub', 'sup', 'small', 'big', 'mark', 'abbr', 'cite', 'q',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'colgroup', 'col',
  'a', 'img', 'figure', 'figcaption', 'details', 'summary', 'center', 'font', 'ruby', 'rt', 'rp',
];
const ALLOWED_ATTR = ['href', 'src', 'alt', 'title', 'align', 'colspan', 'rowspan', 'lang', 'dir', 'width', 'height'];

type Purifier = ReturnType<typeof DOMPurify>;
const purifiers = new WeakMap<object, Purifier>();

function purifierFor(win: Window): Purifier {
  let p = purifiers.get(win);
  if (!p) {
    p = DOMPurify(win as unknown as Parameters<typeof DOMPurify>[0]);
    p.addHook('afterSanitizeAttributes', (node) => {
      const el = node as Element;
      if (el.tagName === 'A') {
        const href = el.getAttribute('href') ?? '';
        if (!/^(https?:|mailto:|#|\/)/i.test(href.trim())) el.removeAttribute('href');
        el.setAttribute('rel', 'noopener noreferrer nofollow');
        el.setAttribute('target', '_blank');
      }
      if (el.tagName === 'IMG') {
        const src = el.getAttribute('src') ?? '';
        if (!/^https?:/i.test(src.trim())) el.removeAttribute('src');
      }
    });
    purifiers.set(win, p);
  }
  return p;
}

const CONFIG = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|\/)/i,
  KEEP_CONTENT: true,
  ADD_ATTR: ['target', 'rel'],
};

/** Sanitise one block of story HTML in the given window (the page's, or happy-dom's in Node). */
export function sanitizeHtml(html: string, win: Window): string {
  return purifierFor(win).sanitize(html, CONFIG) as unknown as string;
}

/**
 * Sanitise many blocks in one DOMPurify pass (one parse and one walk instead of one per block,
 * which dominated extraction on long chapters): each block is wrapped in a <div>, the whole is
 * sanitised to a DOM, and each wrapper's content is serialised back. Should the blocks not come
 * back one per wrapper (HTML that does not round-trip), every block is sanitised on its own.
 */
export function sanitizeMany(htmls: readonly string[], win: Window): string[] {
  // Most story paragraphs are bare formatting (<p>…<em>…</em>…</p>): nothing to remove, kept as is.
  const out: string[] = new Array(htmls.length);
  const rest: number[] = [];
  htmls.forEach((h, i) => {
    if (isBareSafe(h)) out[i] = h;
    else rest.push(i);
  });
  if (rest.length) {
    const clean = sanitizeBatch(rest.map((i) => htmls[i]), win);
    rest.forEach((i, j) => (out[i] = clean[j]));
  }
  return out;
}

/** Allowed tags that are safe with no attributes at all. */
const BARE_SAFE = new Set(ALLOWED_TAGS.filter((t) => t !== 'a' && t !== 'img'));
const TAG_AT = /<(\/?)([a-z][a-z0-9]*)\s*>/y;

/**
 * True when the HTML holds only text and allowed tags without any attribute: DOMPurify would
 * return it unchanged (text never contains a raw '<': serialised HTML escapes it), so it is safe.
 * Anything else (an attribute, a comment, another tag, a stray '<') goes through DOMPurify.
 */
export function isBareSafe(html: string): boolean {
  let i = html.indexOf('<');
  while (i !== -1) {
    TAG_AT.lastIndex = i;
    const m = TAG_AT.exec(html);
    if (!m || !BARE_SAFE.has(m[2])) return false;
    i = html.indexOf('<', TAG_AT.lastIndex);
  }
  return true;
}

function sanitizeBatch(htmls: readonly string[], win: Window): string[] {
  if (htmls.length <= 1) return htmls.map((h) => sanitizeHtml(h, win));
  const joined = htmls.map((h) => `<div>${h}</div>`).join('');
  const body = purifierFor(win).sanitize(joined, { ...CONFIG, RETURN_DOM: true }) as unknown as HTMLElement;
  const wrappers = body.children;
  let ok = wrappers.length === htmls.length && body.childNodes.length === htmls.length;
  for (let i = 0; ok && i < wrappers.length; i++) ok = wrappers[i].tagName === 'DIV';
  if (!ok) return htmls.map((h) => sanitizeHtml(h, win));
  const out: string[] = new Array(htmls.length);
  for (let i = 0; i < wrappers.length; i++) out[i] = wrappers[i].innerHTML;
  return out;
}
