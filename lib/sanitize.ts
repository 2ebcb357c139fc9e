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

/** Sanitise one block of story HTML in the given window (the page's, or happy-dom's in Node). */
export function sanitizeHtml(html: string, win: Window): string {
  return purifierFor(win).sanitize(html, {
    ALLOWED_TAGS,
    ALLOWED_ATTR,
    ALLOW_DATA_ATTR: false,
    ALLOW_ARIA_ATTR: false,
    ALLOWED_URI_REGEXP: /^(?:https?:|mailto:|#|\/)/i,
    KEEP_CONTENT: true,
    ADD_ATTR: ['target', 'rel'],
  }) as unknown as string;
}
