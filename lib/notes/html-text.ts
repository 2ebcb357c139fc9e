/**
 * Tiny HTML helpers for the notes detector. No DOM: they run in a service worker.
 * They only need to understand one block element (a <p>, <div>, <hr>, <blockquote>).
 */

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  hellip: '…',
  mdash: '—',
  ndash: '–',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  laquo: '«',
  raquo: '»',
  bdquo: '„',
  hearts: '♥',
  middot: '·',
  bull: '•',
};

export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
    }
    const v = NAMED[e.toLowerCase()];
    return v ?? m;
  });
}

/** Plain text of one block's HTML: tags dropped (<br> as a space), entities decoded, whitespace collapsed. */
export function htmlToText(html: string): string {
  return decodeEntities(html.replace(/<br\s*\/?>/gi, ' ').replace(/<[^>]*>/g, ''))
    .replace(/\s+/g, ' ')
    .trim();
}

export interface BlockShape {
  /** An <hr> element. */
  rule: boolean;
  /** Centred (align="center" or text-align: center, or <center>). */
  centered: boolean;
  /** Every letter of the block sits inside <strong>/<b>. */
  allBold: boolean;
  /** Every letter of the block sits inside <em>/<i>. */
  allItalic: boolean;
  /** A heading element (<h1>…<h6>). */
  headingTag: boolean;
  /** A <blockquote>. */
  quoteTag: boolean;
  /** Text of the leading <strong>/<b> run, if the block starts with one ("Disclaimer:", "Guest:"). */
  leadBold: string;
}

const HAS_LETTER = /[\p{L}\p{N}]/u;

/**
 * Text made only of ASCII and General Punctuation (U+2000–206F: curly quotes, dashes, ellipsis,
 * special spaces). No letter or digit lives there but ASCII's, so on such text `\p{L}` is
 * `[A-Za-z]`, `\p{Lu}` `[A-Z]`, `\p{Ll}` `[a-z]` and `\p{N}` `[0-9]`
 * (tests/unit/notes/html-text.test.ts checks every code point): the notes detector tests it with
 * plain patterns there. A pattern with a Unicode property class costs Chromium 0.2–2 ms to compile
 * on first use, several of them on every page the reader opens.
 */
export function isPlainText(s: string): boolean {
  return PLAIN.test(s);
}
const PLAIN = /^[\x00-\x7f\u2000-\u206f]*$/;

/** Whether `s` holds a letter or digit of any script. */
export function hasLetter(s: string): boolean {
  return /[A-Za-z0-9]/.test(s) || (!isPlainText(s) && HAS_LETTER.test(s));
}

const BOLD_RUN = /<(strong|b)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const ITALIC_RUN = /<(em|i)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

/** Does every letter of `inner` sit inside a run matched by `re`? */
function allInside(inner: string, re: RegExp): boolean {
  re.lastIndex = 0;
  if (!re.test(inner)) return false;
  re.lastIndex = 0;
  const outside = inner.replace(re, '').replace(/<[^>]*>/g, '');
  return !hasLetter(decodeEntities(outside));
}

const END_TAG = /^<\/[a-z0-9]+\s*>\s*$/i;

/**
 * The markup without its closing tag at the very end (`</p>`, trailing white space). Only the last
 * `<` can start it (nothing but white space follows it), so only that is tried: an anchored pattern
 * searched for over the whole block tried every position of a long paragraph.
 */
export function withoutEndTag(s: string): string {
  const k = s.lastIndexOf('<');
  return k >= 0 && END_TAG.test(s.slice(k)) ? s.slice(0, k) : s;
}

export function blockShape(html: string): BlockShape {
  const open = /^\s*<([a-z0-9]+)\b([^>]*)>/i.exec(html);
  const tag = open ? open[1].toLowerCase() : '';
  const attrs = open ? open[2] : '';
  const inner = open ? withoutEndTag(html.slice(open[0].length)) : html;
  const hasTags = inner.indexOf('<') >= 0;
  const lead = hasTags ? /^\s*(?:<(?:em|i|u|span)\b[^>]*>\s*)*<(strong|b)\b[^>]*>([\s\S]*?)<\/\1\s*>/i.exec(inner) : null;
  return {
    rule: tag === 'hr' || (/^\s*<hr\b/i.test(inner) && !hasLetter(htmlToText(inner))),
    centered:
      /align\s*=\s*["']?center/i.test(attrs) ||
      /text-align\s*:\s*center/i.test(attrs) ||
      tag === 'center' ||
      /^\s*<center\b/i.test(inner),
    allBold: hasTags && allInside(inner, BOLD_RUN),
    allItalic: hasTags && allInside(inner, ITALIC_RUN),
    headingTag: /^h[1-6]$/.test(tag),
    quoteTag: tag === 'blockquote',
    leadBold: lead ? htmlToText(lead[2]) : '',
  };
}
