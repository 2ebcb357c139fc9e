/**
 * Shared helpers for site adapters: turn a chapter-body container into `Block[]`,
 * read plain text, resolve links and report a missing element.
 *
 * Everything here is pure DOM reading: no `browser.*`, no globals beyond the element given.
 * HTML in blocks is the element's outerHTML; sanitising happens later (lib/chapter/extract.ts).
 */
import type { Block, BlockKind, ExtractError, ExtractErrorKind, NoteWhere } from './types';

/** Elements that always start a new block. */
const BLOCK_TAGS = new Set([
  'P', 'DIV', 'BLOCKQUOTE', 'HR', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'UL', 'OL', 'DL', 'TABLE', 'PRE',
  'CENTER', 'SECTION', 'ARTICLE', 'MAIN', 'ASIDE', 'HEADER', 'FOOTER', 'FIGURE', 'DETAILS', 'ADDRESS',
  'FIELDSET', 'NAV', 'FORM',
]);

/** Wrappers that are walked into when they hold block-level children, instead of becoming one block. */
const WRAPPER_TAGS = new Set(['DIV', 'CENTER', 'SECTION', 'ARTICLE', 'MAIN', 'SPAN', 'FONT', 'ASIDE', 'HEADER', 'FOOTER']);

/** Elements that never carry story text. */
const SKIP_TAGS = new Set([
  'SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'IFRAME', 'OBJECT', 'EMBED', 'FORM', 'BUTTON', 'INPUT', 'SELECT',
  'TEXTAREA', 'NAV', 'LINK', 'META', 'SVG', 'CANVAS', 'VIDEO', 'AUDIO',
]);

/** Embedded players and frames: the reader cannot show them, so each becomes a labelled link. */
const EMBED_END = ": the reader view can't play it. Open it on the site]";
const EMBED_TAGS = new Set(['IFRAME', 'VIDEO', 'AUDIO', 'OBJECT', 'EMBED']);

/**
 * "[Embedded video (www.youtube.com): open it on the site]": a paragraph with a link to the embed's
 * source (a podfic's audio file, a video page) or, without one, to the page itself.
 */
export function embedPlaceholder(el: Element, doc: Document): HTMLElement {
  const tag = el.tagName;
  const srcEl = el.getAttribute('src') || el.getAttribute('data') ? el : el.querySelector('source[src], embed[src]');
  const src = srcEl?.getAttribute('src') ?? srcEl?.getAttribute('data') ?? null;
  const page = el.ownerDocument?.URL ?? '';
  // Plugin content (<object>, <embed>: Flash and the like) is never linked to itself: the page has it.
  const plugin = tag === 'OBJECT' || tag === 'EMBED';
  const href = (plugin ? null : absUrl(src, page)) ?? absUrl(page, page);
  let host = '';
  try {
    host = href ? new URL(href).hostname : '';
  } catch {
    host = '';
  }
  const what =
    tag === 'AUDIO' || /\.(mp3|m4a|m4b|ogg|opus|wav)(\?|$)/i.test(src ?? '') || /soundcloud|audiofic|podfic/i.test(src ?? '')
      ? 'Embedded audio (podfic)'
      : tag === 'VIDEO' || /youtube|youtu\.be|vimeo|video/i.test(src ?? '')
        ? 'Embedded video'
        : 'Embedded content';
  const p = doc.createElement('p');
  const label = `[${what}${host ? ` from ${host}` : ''}${EMBED_END}`;
  if (href) {
    const a = doc.createElement('a');
    a.setAttribute('href', href);
    a.setAttribute('title', `${what}: opens ${host || 'the site'} in this tab`);
    a.textContent = label;
    p.appendChild(a);
  } else p.textContent = label;
  return p;
}

/** A block embedPlaceholder made (content of the work, never an author's note). */
export function isEmbedPlaceholder(text: string): boolean {
  const t = text.trim();
  return t.startsWith('[Embedded ') && t.endsWith(EMBED_END);
}

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

const inertDocs = new WeakMap<Document, Document>();

/**
 * A document with no browsing context, for working copies of story HTML. Story HTML is untrusted:
 * a copy made in the live page (cloneNode, createElement) starts loading its images at once and
 * runs their inline handlers (onerror=…) in the page, before anything is sanitised. Copies made
 * here load nothing and run nothing.
 */
export function inertDocument(doc: Document): Document {
  let inert = inertDocs.get(doc);
  if (!inert) {
    inert = doc.implementation.createHTMLDocument('');
    inertDocs.set(doc, inert);
  }
  return inert;
}

/** A copy of `node` (deep unless told otherwise) in the page's inert document: see inertDocument. */
export function inertCopy<T extends Node>(node: T, deep = true): T {
  const doc = node.ownerDocument;
  if (!doc) return node.cloneNode(deep) as T;
  return inertDocument(doc).importNode(node, deep) as T;
}

/**
 * Anything collapse() changes besides the ends, with a double space looked for apart (indexOf is far
 * cheaper than a regex over every character): a zero-width character, white space other than a
 * plain space (JavaScript's \s: tabs, line breaks, &nbsp;, the Unicode spaces, U+FEFF).
 */
const UNCOLLAPSED = /[\t-\r\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000\ufeff]/;
/** Only the runs that change: matching every single space between words made this the adapters' slowest line. */
const WHITE_RUN = /\s{2,}|[^\S ]/g;

/** Collapse whitespace (including &nbsp;) and drop zero-width characters. */
export function collapse(s: string): string {
  if (s.indexOf('  ') < 0 && !UNCOLLAPSED.test(s)) return s.trim();
  return s.replace(/[\u200b-\u200d\u2060\ufeff]/g, '').replace(WHITE_RUN, ' ').trim();
}

/** Text that collapse() turns into nothing. */
const BLANK = /^[\s\u200b-\u200d\u2060]*$/;

/** Descendants that make a node's text more than its textContent: spaces at <br> and block edges, skipped code. */
const COMPLEX_TEXT =
  'br,p,div,blockquote,hr,h1,h2,h3,h4,h5,h6,ul,ol,dl,table,pre,center,section,article,main,aside,header,footer,' +
  'figure,details,address,fieldset,nav,form,li,tr,td,th,script,style,template,noscript';

/**
 * Plain text of a node: entities decoded, whitespace collapsed, a space at <br> and at block
 * boundaries (so "one<br>two" reads "one two"), scripts and styles ignored.
 */
export function text(node: Node | null | undefined): string {
  if (!node) return '';
  // Most story paragraphs hold only text and inline formatting: their textContent is the text.
  if (node.nodeType === TEXT_NODE) return collapse(node.nodeValue ?? '');
  if (node.nodeType === ELEMENT_NODE) {
    const el = node as Element;
    const tag = el.tagName;
    if (tag === 'SCRIPT' || tag === 'STYLE' || tag === 'TEMPLATE' || tag === 'NOSCRIPT' || tag === 'BR') return '';
    if (el.firstElementChild === null || el.querySelector(COMPLEX_TEXT) === null) return collapse(el.textContent ?? '');
  }
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

/** Absolute URL of `href` resolved against `base`, without its #fragment; null when empty or not http(s). */
export function absUrl(href: string | null | undefined, base: string): string | null {
  if (href == null) return null;
  const h = href.trim();
  if (!h || h.startsWith('#')) return null;
  try {
    const u = new URL(h, base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

/**
 * The error an adapter returns when a required element is missing: the site's layout changed.
 * Also logged with console.warn so breakage shows in the extension's log.
 */
export function missing(site: string, field: string, selector: string): ExtractError {
  const error = `${site}: could not find the ${field} on this page (selector "${selector}"). The site's layout may have changed.`;
  console.warn(`[calm-reader] ${error}`);
  return { error, site, kind: 'layout-changed', field, selector };
}

/** An error for a page the adapter recognises but that holds no chapter (index page, interstitial). */
export function notChapter(site: string, error: string, continueUrl?: string | null): ExtractError {
  const e: ExtractError = { error, site, kind: 'not-chapter' };
  if (continueUrl) e.continueUrl = continueUrl;
  return e;
}

/** An error for a page the adapter recognises as no chapter, with the reason typed. */
export function refused(
  site: string,
  kind: Exclude<ExtractErrorKind, 'layout-changed' | 'unsupported'>,
  error: string,
  continueUrl?: string | null,
): ExtractError {
  const e: ExtractError = { error, site, kind };
  if (continueUrl) e.continueUrl = continueUrl;
  return e;
}

/**
 * Pages any site may serve instead of a chapter, told apart by their own markup: a bot check
 * (Cloudflare's "Just a moment..." / "Checking your browser") or a bare "Retry later" answer to too
 * many requests. Null for anything else. Adapters ask only once their chapter text is missing.
 */
export function servedInstead(doc: Document): { kind: 'bot-check' | 'rate-limited'; what: string } | null {
  const title = (doc.title ?? '').trim();
  if (
    doc.querySelector('#challenge-form, .cf-browser-verification, #cf-content, #challenge-running, #challenge-stage, #cf-challenge-running, .cf-turnstile') ||
    /^(just a moment|attention required!? \| cloudflare|please wait)/i.test(title) ||
    /checking (if the site connection is secure|your browser before accessing)/i.test(text(doc.body).slice(0, 2000))
  ) {
    return { kind: 'bot-check', what: 'a browser check (Cloudflare)' };
  }
  const body = text(doc.body);
  if (body.length < 300 && /\b(retry later|too many requests|rate limit(ed)?)\b/i.test(body)) {
    return { kind: 'rate-limited', what: `"${body.slice(0, 60)}"` };
  }
  return null;
}

/**
 * True for a paragraph that is only a divider: `* * *`, `~~~`, `-----`, `###`, `xXx`, `oOo`, `o0o`, `XXX`.
 * Quotes, ellipses and lone ?/! are speech, not dividers.
 */
export function isSeparatorText(t: string): boolean {
  // An ASCII letter or digit other than x/o/0 among the first characters: text, not a divider.
  // Most blocks stop here, before any of the Unicode-class regexes below is even compiled.
  for (let i = 0; i < t.length && i < 4; i++) {
    const c = t.charCodeAt(i) | 32; // ASCII upper case to lower case; nothing else lands on a-z
    if ((c >= 97 && c <= 122 && c !== 111 && c !== 120) || (c >= 49 && c <= 57)) return false;
  }
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

export interface BlockOptions {
  /** 'body' (default): the notes detector decides later; 'structured': the site marks the kind. */
  source?: 'body' | 'structured';
  /** Kind of every non-separator block (default 'story'). */
  kind?: BlockKind;
  noteWhere?: NoteWhere;
  label?: string;
  confidence?: number;
  /** Elements to leave out entirely (site chrome inside the body, hidden anti-piracy lines…). */
  skip?: (el: Element) => boolean;
}

const BLOCK_SELECTOR = Array.from(BLOCK_TAGS, (t) => t.toLowerCase()).join(',');

function hasBlockDescendant(el: Element): boolean {
  return el.firstElementChild !== null && el.querySelector(BLOCK_SELECTOR) !== null;
}

function hasBr(el: Element): boolean {
  return el.firstElementChild !== null && el.querySelector('br') !== null;
}

function hasEmbed(el: Element): boolean {
  return el.firstElementChild !== null && el.querySelector('iframe,video,audio,object,embed') !== null;
}

function hasMedia(el: Element): boolean {
  return el.tagName === 'IMG' || (el.firstElementChild !== null && el.querySelector('img') !== null);
}

/**
 * Turn a container (chapter body, note module) into blocks in reading order:
 * - one block per block-level child (<p>, <blockquote>, <hr>, headings, lists, tables, <pre>…);
 * - wrappers (<div>, <center>, <span>, <font>…) holding block-level children are walked into;
 * - loose inline content is split at every <br>/<hr> into separate paragraphs (forum posts,
 *   older FFN chapters: text<br><br>text);
 * - empty and &nbsp;-only paragraphs are dropped;
 * - <hr> and symbol-only paragraphs become kind 'separator' (except in structured notes, which stay notes).
 */
export function blocksFrom(container: Element, opts: BlockOptions = {}): Block[] {
  // Paragraphs are assembled from copies, which are made in the inert document (see inertDocument).
  const doc = inertDocument(container.ownerDocument);
  const out: Block[] = [];
  const source = opts.source ?? 'body';
  const baseKind: BlockKind = opts.kind ?? 'story';

  const push = (html: string, t: string, hr = false): void => {
    let kind: BlockKind = baseKind;
    if (hr || isSeparatorText(t)) {
      if (baseKind === 'note' && source === 'structured') {
        if (hr) return; // a rule inside a note module adds nothing
      } else kind = 'separator';
    }
    const b: Block = { kind, html, text: t, source };
    if (kind === 'note') {
      if (opts.noteWhere) b.noteWhere = opts.noteWhere;
      if (opts.label) b.label = opts.label;
      b.confidence = opts.confidence ?? (source === 'structured' ? 1 : undefined);
      if (b.confidence === undefined) delete b.confidence;
    }
    out.push(b);
  };

  // The current inline run; each node remembers the inline elements it sat in (<i>…<br><br>…</i>).
  let run: { node: Node; wrappers: Element[] }[] = [];
  // Blank text before any content (the white space between block elements: one per paragraph):
  // held apart, and joins the run only if inline content follows before the next block.
  let leads: { node: Node; wrappers: Element[] }[] = [];
  const add = (node: Node, wrappers: Element[]): void => {
    if (leads.length) {
      for (const l of leads) run.push(l);
      leads = [];
    }
    run.push({ node, wrappers });
  };
  const flush = (): void => {
    if (leads.length) leads = [];
    if (!run.length) return;
    // White space between block elements (every paragraph has some): nothing to build.
    if (run.every(({ node }) => node.nodeType === TEXT_NODE && BLANK.test(node.nodeValue ?? ''))) {
      run = [];
      return;
    }
    const p = doc.createElement('p');
    for (const { node, wrappers } of run) {
      let piece: Node = inertCopy(node);
      for (let i = wrappers.length - 1; i >= 0; i--) {
        const w = inertCopy(wrappers[i], false);
        w.appendChild(piece);
        piece = w;
      }
      p.appendChild(piece);
    }
    run = [];
    const t = text(p);
    if (!t && !hasMedia(p)) return;
    push(p.outerHTML, t);
  };

  const walk = (parent: Element, wrappers: Element[]): void => {
    for (let n = parent.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === TEXT_NODE) {
        if (!run.length && BLANK.test(n.nodeValue ?? '')) leads.push({ node: n, wrappers });
        else add(n, wrappers);
        continue;
      }
      if (n.nodeType !== ELEMENT_NODE) continue;
      const el = n as Element;
      const tag = el.tagName;
      if (EMBED_TAGS.has(tag) && !opts.skip?.(el)) {
        // Lost content is said: a labelled link in its place, never a silent gap.
        flush();
        const ph = embedPlaceholder(el, doc);
        push(ph.outerHTML, text(ph));
        continue;
      }
      if (SKIP_TAGS.has(tag) || opts.skip?.(el)) continue;
      if (tag === 'BR') {
        flush();
        continue;
      }
      if (tag === 'HR') {
        flush();
        push(el.outerHTML, '', true);
        continue;
      }
      if (!BLOCK_TAGS.has(tag)) {
        if (hasBlockDescendant(el) || hasEmbed(el)) {
          // an inline wrapper around paragraphs (<span><p>…</p></span>, <font>…): walk into it
          flush();
          walk(el, []);
          flush();
        } else if (hasBr(el)) {
          // inline formatting spanning several <br>-separated runs: split, keeping the formatting
          walk(el, [...wrappers, el]);
        } else {
          add(el, wrappers);
        }
        continue;
      }
      flush();
      if ((WRAPPER_TAGS.has(tag) && (hasBlockDescendant(el) || hasBr(el))) || hasEmbed(el)) {
        walk(el, []); // a wrapper: its children are the blocks
        flush();
        continue;
      }
      const t = text(el);
      if (!t && !hasMedia(el)) continue;
      push(el.outerHTML, t);
    }
  };

  walk(container, []);
  flush();
  return out;
}

/** Blocks of a note module the site marks up (AO3 notes, Royal Road author-note portlet). */
export function noteBlocks(container: Element, noteWhere: NoteWhere, label?: string, skip?: (el: Element) => boolean): Block[] {
  return blocksFrom(container, { source: 'structured', kind: 'note', noteWhere, label, confidence: 1, skip });
}

/**
 * The chapter's comments section on the site's own page (`#id`), for the end of the chapter:
 * `{ meta: { feedbackUrl, feedbackLabel } }`, or nothing when the page has none.
 */
export function commentsMeta(doc: Document, chapterUrl: string, id: string, label: string): { meta?: { feedbackUrl: string; feedbackLabel: string } } {
  return doc.getElementById(id) ? { meta: { feedbackUrl: `${chapterUrl}#${id}`, feedbackLabel: label } } : {};
}

/** A site's tags for the work card: strings only, trimmed, each once, none over 100 characters, at most `max`. */
export function distinctTags(values: readonly unknown[], max = 40): string[] {
  const out = new Set<string>();
  for (const v of values) {
    const t = typeof v === 'string' ? v.replace(/\s+/g, ' ').trim() : '';
    if (t && t.length <= 100) out.add(t);
    if (out.size >= max) break;
  }
  return [...out];
}

/** querySelector that tolerates a null root. */
export function $(root: ParentNode | null | undefined, selector: string): Element | null {
  return root ? root.querySelector(selector) : null;
}

/** Parse "55,275" / "1.234" / "12 345" to a number; null when there is no number. */
export function parseCount(s: string | null | undefined): number | null {
  if (!s) return null;
  const m = /\d[\d,.\s\u00a0]*/.exec(s);
  if (!m) return null;
  const n = parseInt(m[0].replace(/[^\d]/g, ''), 10);
  return Number.isFinite(n) ? n : null;
}
