/**
 * The story-HTML policy (lib/chapter/sanitize-policy.ts) with DOMPurify, for Node: the CLI, the benchmarks
 * and the unit tests (happy-dom has no HTML Sanitizer). The extension itself uses the browser's
 * sanitizer (lib/chapter/sanitize-native.ts) and carries no DOMPurify.
 */
import DOMPurify from 'dompurify';
import { ALLOWED_ATTR, ALLOWED_TAGS, applyUrlRules, sanitizeBlocks, SAFE_HREF, type BlockSanitizer } from './sanitize-policy';

export { isBareSafe } from './sanitize-policy';

type Purifier = ReturnType<typeof DOMPurify>;
const purifiers = new WeakMap<object, Purifier>();

function purifierFor(win: Window): Purifier {
  let p = purifiers.get(win);
  if (!p) {
    p = DOMPurify(win as unknown as Parameters<typeof DOMPurify>[0]);
    p.addHook('afterSanitizeAttributes', (node) => applyUrlRules(node as Element));
    purifiers.set(win, p);
  }
  return p;
}

const CONFIG = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOWED_URI_REGEXP: SAFE_HREF,
  // DOMPurify checks every attribute that is not "URI safe" against ALLOWED_URI_REGEXP: these are
  // plain values, not addresses (without this, align="center" or colspan="2" were dropped).
  ADD_URI_SAFE_ATTR: ['align', 'colspan', 'rowspan', 'lang', 'dir', 'width', 'height'],
  KEEP_CONTENT: true,
  ADD_ATTR: ['target', 'rel'],
};

/** Sanitise one block of story HTML in the given window (happy-dom's, or a page's). */
export function sanitizeHtml(html: string, win: Window): string {
  return purifierFor(win).sanitize(html, CONFIG) as unknown as string;
}

/** Sanitise many blocks in one DOMPurify pass (see sanitizeBlocks). */
export function sanitizeMany(htmls: readonly string[], win: Window): string[] {
  return sanitizeBlocks(htmls, {
    one: (h) => sanitizeHtml(h, win),
    many: (joined) => purifierFor(win).sanitize(joined, { ...CONFIG, RETURN_DOM: true }) as unknown as HTMLElement,
  });
}

/** A BlockSanitizer over `win` with DOMPurify. */
export function purifySanitizer(win: Window): BlockSanitizer {
  return (htmls) => sanitizeMany(htmls, win);
}
