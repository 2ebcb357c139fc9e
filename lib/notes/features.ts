/**
 * Per-block features of the notes detector. A block is described by numbers the learned model
 * (model.json, fitted by scripts/train-notes.ts) weighs: how often it uses each shared concept of
 * the lexicons (thanks, review, update, disclaimer, sign-off…, in any language with a lexicon), and
 * its shape (a heading that opens a note, a header field list, a sign-off line, an edit stamp, a
 * dialogue line, quotes, third-person narration, length, emphasis). No word list lives here: words
 * are data (lexicon/<lang>.json); what lives here is structure that holds in every language.
 */
import { blockShape, isPlainText, type BlockShape } from './html-text';
import { CONCEPTS, conceptIndex, findHits, normalizeForMatch, tokenize, type Matcher } from './lexicon';

export { normalizeForMatch } from './lexicon';

/** Divider lines: ***, * * *, ~~~, xXx, oOo, ---, ===, ###, §, ~*~, "line break". */
const SEPARATOR_TEXT =
  /^(?:[\s*~\-_=+#•·.°oO0xX§¤※◇◆○●□■♦♥♡☆★✦✧❀❁✿❦❧|/\\<>^:;·…—–]{1,60}|(?:[xo0]+[XO0]+[xo0]+\s*)+|(?:line ?break|scene ?break|page ?break|break|separador|trennlinie)\s*)$/;

export function isSeparatorText(text: string): boolean {
  const t = text.trim();
  if (!t) return true;
  if (t.length > 60) return false;
  return SEPARATOR_TEXT.test(t) || /^(?:line ?break|scene ?break|page ?break|separador|trennlinie)$/i.test(t);
}

/** A divider block: an <hr>, or a short line of symbols ("* * *", "~~~", "xXx", "Line break"). */
export function isSeparatorBlock(html: string, text: string): boolean {
  return (html.charCodeAt(1) | 32) === 104 /* h */ && /^\s*<hr\b/i.test(html) ? true : text.length <= 60 && isSeparatorText(text);
}

/**
 * Note labels that hold in every language: "A/N", "AN:", "N/A", "NdA", "N.d.A.", "T/N", "[A/N …]",
 * "P.S.", "PD:" (checked on the original text: "AN" only in capitals, German "An:" heads a letter).
 */
const UNIVERSAL_MARK =
  /^[\s(\[【〔{<*~_\-–—]*(?:a\s*\/\s*n\b|a\.\s?n\.|n\s*\/\s*a\s*[:.\-–—!)]|n\.?\s?d\.?\s?[la]\.?\s*[:\-–—]|t\s*\/\s*n\b|n\.\s?d\.\s?[atre]\.|p\.\s?s\.|ps\s*[:\-–—]|pd\s*[:\-–—]|p\.\s?d\.\s)/i;
const CAPS_AN = /^[\s(\[*~_-]*(?:AN|A\.N|ANs)\s*[:\-–—]/;

/** Shared by the detector's cheap pass and the features: a note label at the block's start. */
export function universalMarker(text: string): boolean {
  const head = text.slice(0, 16);
  return CAPS_AN.test(head) || UNIVERSAL_MARK.test(head);
}

/** A story heading: "Chapter Four: The Thaw", "Capítulo 3", "Part Two", "Prologue", "Глава 5". */
const HEADING_WORD =
  /^(?:chapter|chap\.?|ch\.?|part|book|volume|vol\.|prologue|epilogue|interlude|arc|act|capitulo|parte|libro|prologo|epilogo|chapitre|partie|livre|kapitel|teil|buch|prolog|epilog|capitolo|hoofdstuk|rozdzial|bolum|chuong|kabanata|bab|глава|часть|пролог|эпилог)\b/;

const DATE =
  /\b(?:\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{2,4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{2,4}|(?:19|20)\d\d)\b/;
const URL_RE = /(?:https?:\/\/|www\.|\.com\b|\.net\b|\.org\b|\.io\b|bit\.\s?ly|\b[a-z0-9-]+\s?\.\s?(?:com|net|org)\b)/;
const EMOTICON = /(?:^|[\s(])(?::-?\)|:-?\(|:-?d\b|;-?\)|:-?p\b|xd+\b|<3+|:3|\^\^|\^_\^|t_t|>\.<|-_-|uwu|owo)|[♥❤💕💖💗😘😊😂🥺😭💜💙✨😅🙏🥰😍]/;
const SIGNATURE = /^\s*(?:[-–—~]+\s*|(?:xoxo|love|cheers|hugs|besos|beijos|bisous|lg|ciao|regards|yours)\s*,?\s*)[\p{L}][\p{L}\p{N}_ .'-]{0,30}$/u;
/** How a signature starts (checked first: a pattern with Unicode classes costs its compile on first use). */
const SIGNATURE_START = /^\s*(?:[-–—~]|xoxo|love|cheers|hugs|besos|beijos|bisous|lg|ciao|regards|yours)/;
const VALEDICTION = /^\s*[\p{L}][\p{L} ']{1,30},\s*$/u;
const ASTERISK_ACTION = /\*[^*\s][^*]{0,40}\*/;
const QUOTED = /"[^"]{0,400}"|“[^”]{0,400}”|«[^»]{0,400}»|„[^“”]{0,400}[“”]|「[^」]{0,200}」/g;
const LABEL_LEAD = /^[^\s:]{1,40}(?: [^\s:]{1,20}){0,3}\s?(?:\([^)]{0,30}\))?\s?:\s+\S/;

/** Feature names, in vector order. Concept features come first, one per concept. */
export const FEATURES: string[] = /* @__PURE__ */ CONCEPTS.map((c) => `c:${c}`).concat([
  'marker',
  'markerAlone',
  'headerFieldStart',
  'headerFields',
  'stampStart',
  'date',
  'greetingStart',
  'disclaimerStart',
  'firstDensity',
  'secondDensity',
  'thirdDensity',
  'speechDensity',
  'firstAndSecond',
  'logWords',
  'short',
  'long',
  'dialogueStart',
  'quoteShare',
  'emoticon',
  'chatter',
  'questions',
  'url',
  'bracketed',
  'parenthesised',
  'allItalic',
  'allBold',
  'centered',
  'headingShape',
  'storyHeading',
  'signature',
  'valediction',
  'asteriskAction',
  'labelLead',
  'digits',
  'noFirstSecond',
  'presentDensity',
  'pastDensity',
  'tense',
  'signoffLine',
  'titleLine',
  'stampLine',
  'noteConcepts',
  'denseShort',
]);

export const F: Record<string, number> = /* @__PURE__ */ Object.fromEntries(/* @__PURE__ */ FEATURES.map((n, i) => [n, i]));
const NC = CONCEPTS.length;
const FIRST = /* @__PURE__ */ conceptIndex('firstPerson');
const SECOND = /* @__PURE__ */ conceptIndex('secondPerson');
const THIRD = /* @__PURE__ */ conceptIndex('thirdPerson');
const SPEECH = /* @__PURE__ */ conceptIndex('speech');
const HEADING = /* @__PURE__ */ conceptIndex('noteHeading');
const HEADER = /* @__PURE__ */ conceptIndex('headerField');
const STAMP = /* @__PURE__ */ conceptIndex('stamp');
const GREETING = /* @__PURE__ */ conceptIndex('greeting');
const DISCLAIMER = /* @__PURE__ */ conceptIndex('disclaimer');
const PRESENT = /* @__PURE__ */ conceptIndex('present');
const PAST = /* @__PURE__ */ conceptIndex('past');
const SIGNOFF = /* @__PURE__ */ conceptIndex('signoff');
const THANKS = /* @__PURE__ */ conceptIndex('thanks');
const ASK = /* @__PURE__ */ conceptIndex('askFeedback');
const UPDATE = /* @__PURE__ */ conceptIndex('update');
const WRITING = /* @__PURE__ */ conceptIndex('writing');
/** The concepts of author talk (not pronouns, tense or narration verbs): how many a block uses. */
const NOTE_CONCEPTS = /* @__PURE__ */ (
  ['disclaimer', 'own', 'thanks', 'sorry', 'review', 'update', 'chapter', 'story', 'reader', 'beta', 'hiatus', 'enjoy', 'signoff', 'greeting', 'askFeedback', 'recap', 'social', 'stamp', 'writing'] as const
).map(conceptIndex);

export interface BlockInfo {
  /** The feature vector (FEATURES order). */
  x: Float64Array;
  words: number;
  /** A note label opens the block (A/N, Author's note:, Nota de autor:…). */
  marker: boolean;
  /** A story heading or a short heading-shaped line. */
  heading: boolean;
  /** A short line in title case with no sentence end ("Memories Are Gold", a story's title or a scene heading). */
  title: boolean;
  dialogueStart: boolean;
  shape: BlockShape;
}

function countQuotedChars(text: string): number {
  QUOTED.lastIndex = 0;
  let n = 0;
  let m: RegExpExecArray | null;
  while ((m = QUOTED.exec(text))) n += m[0].length;
  return n;
}

/**
 * The features of one block, with the page's matcher. `text` is the block's plain text (white space
 * collapsed); `html` its markup (for emphasis, centring, <br> lines).
 */
export function blockInfo(html: string, text: string, matcher: Matcher): BlockInfo {
  const x = new Float64Array(FEATURES.length);
  // A long paragraph is read from its first 1,500 characters (what it is about shows there; the
  // rest would only cost time on a 300k-word page).
  const long = text.length > 1500;
  const norm = normalizeForMatch(long ? text.slice(0, 1500) : text);
  const tok = tokenize(norm, 300);
  const words = long ? Math.round(text.length / 5.5) : tok.words.length;
  // Quotes: dialogue is the characters speaking, not the author.
  const head = long ? text.slice(0, 1500) : text;
  const quoted = head.length ? countQuotedChars(head) / head.length : 0;
  const counts = new Array<number>(NC).fill(0);
  const atStart = new Array<boolean>(NC).fill(false);
  const followedByColon = new Array<boolean>(NC).fill(false);
  let headerColons = 0;
  findHits(matcher, tok.words, (h) => {
    counts[h.concept]++;
    if (h.from <= 1 && (h.from === 0 || tok.words[0].length <= 2)) atStart[h.concept] = true;
    // What follows the hit matters only at the block's start and for header fields (most hits
    // are pronouns and tense words in mid-sentence).
    if (h.from > 1 && h.concept !== HEADER) return;
    const after = norm.slice(tok.end[h.to - 1], tok.end[h.to - 1] + 3);
    const colon = /^\s?[:\-–—)\]]/.test(after) || (h.to === tok.words.length && after.trim() === '');
    if (h.from <= 1 && colon) followedByColon[h.concept] = true;
    if (h.concept === HEADER && /^\s?:/.test(after)) headerColons++;
  });
  for (let c = 0; c < NC; c++) x[c] = Math.log1p(counts[c]);
  const shape = blockShape(html);
  const uni = universalMarker(text);
  const marker = uni || (atStart[HEADING] && followedByColon[HEADING]) || (atStart[DISCLAIMER] && followedByColon[DISCLAIMER]);
  x[F.marker] = marker ? 1 : 0;
  x[F.markerAlone] = marker && words <= 4 ? 1 : 0;
  x[F.headerFieldStart] = atStart[HEADER] && followedByColon[HEADER] ? 1 : 0;
  x[F.headerFields] = Math.min(headerColons, 5) / 2;
  x[F.stampStart] = atStart[STAMP] ? 1 : 0;
  x[F.date] = /\d/.test(norm) && DATE.test(norm) ? 1 : 0;
  x[F.greetingStart] = atStart[GREETING] ? 1 : 0;
  x[F.disclaimerStart] = atStart[DISCLAIMER] ? 1 : 0;
  const w = Math.max(tok.words.length, 1);
  const unquoted = 1 - Math.min(quoted, 1);
  x[F.firstDensity] = Math.min((counts[FIRST] / w) * 10, 3) * unquoted;
  x[F.secondDensity] = Math.min((counts[SECOND] / w) * 10, 3) * unquoted;
  x[F.thirdDensity] = Math.min((counts[THIRD] / w) * 10, 3);
  x[F.speechDensity] = Math.min((counts[SPEECH] / w) * 10, 3);
  x[F.firstAndSecond] = counts[FIRST] && counts[SECOND] && quoted < 0.3 ? 1 : 0;
  x[F.noFirstSecond] = !counts[FIRST] && !counts[SECOND] ? 1 : 0;
  x[F.presentDensity] = Math.min((counts[PRESENT] / w) * 10, 3) * unquoted;
  x[F.pastDensity] = Math.min((counts[PAST] / w) * 10, 3);
  x[F.tense] = (counts[PRESENT] - counts[PAST]) / (counts[PRESENT] + counts[PAST] + 2);
  x[F.logWords] = Math.log1p(words) / 3;
  x[F.short] = words <= 6 ? 1 : 0;
  x[F.long] = words > 120 ? 1 : 0;
  const dialogueStart = /^\s*["“”„«»‹›「]/.test(head) || /^\s*[—–―]\s*\S/.test(head) || (/^\s*-\s*\S/.test(head) && words > 6);
  x[F.dialogueStart] = dialogueStart ? 1 : 0;
  x[F.quoteShare] = Math.min(quoted, 1);
  const low = head.toLowerCase();
  x[F.emoticon] = EMOTICON.test(low) ? 1 : 0;
  x[F.chatter] = /[!?][!?]|\(ish\)|\b(?:sooo+|ooo+h|ahhh+|omg|lol|lmao|haha\w*|xd)\b/.test(norm) ? 1 : 0;
  let q = 0;
  for (let k = 0; k < head.length && q < 5; k++) if (head.charCodeAt(k) === 63) q++;
  x[F.questions] = q / 5;
  x[F.url] = norm.indexOf('.') >= 0 || norm.indexOf('/') >= 0 ? (URL_RE.test(norm) ? 1 : 0) : 0;
  const t = long ? '' : text.trim();
  const c0 = t.charCodeAt(0);
  x[F.bracketed] = (c0 === 91 || c0 === 0x3010 || c0 === 123) && /[\]】}]\s*$/.test(t) ? 1 : 0;
  x[F.parenthesised] = c0 === 40 && /\)\s*$/.test(t) ? 1 : 0;
  x[F.allItalic] = shape.allItalic && words > 2 ? 1 : 0;
  x[F.allBold] = shape.allBold && words > 2 ? 1 : 0;
  x[F.centered] = shape.centered ? 1 : 0;
  let heading = false;
  if (words <= 12 && text.length <= 200 && !marker && words > 0 && !/[!?]/.test(text)) {
    const endsSentence = /[.!?…:;,)"”»]$/.test(t);
    const storyHeading = HEADING_WORD.test(norm);
    x[F.storyHeading] = storyHeading ? 1 : 0;
    heading = storyHeading || (!endsSentence && (shape.allBold || shape.headingTag || (shape.centered && words <= 8)));
  }
  x[F.headingShape] = heading ? 1 : 0;
  const title = !long && !marker && isTitleLine(t, words);
  x[F.titleLine] = title ? 1 : 0;
  const sig = words <= 5 && t.length <= 60 && SIGNATURE_START.test(t) && SIGNATURE.test(t) && !/[.!?]$/.test(t);
  x[F.signature] = sig ? 1 : 0;
  // A short closing line: "Un bacio, Luna", "Hugs — Sam", "Thanks again!", "Review please!".
  x[F.signoffLine] = words <= 6 && (counts[SIGNOFF] > 0 || counts[THANKS] > 0 || counts[ASK] > 0) ? 1 : 0;
  x[F.valediction] = words <= 5 && /,\s*$/.test(t) && VALEDICTION.test(t) ? 1 : 0;
  // An update or edit stamp on its own line: "Updated 11/04/2011", "Publicado 3/5/12", "Edit (2014):".
  x[F.stampLine] = words <= 8 && x[F.date] && (atStart[STAMP] || counts[UPDATE] || counts[WRITING]) ? 1 : 0;
  // Author talk packs several of its concepts into a short line ("I'd like to thank my beta").
  let distinct = 0;
  for (const c of NOTE_CONCEPTS) if (counts[c]) distinct++;
  x[F.noteConcepts] = Math.min(distinct, 4) / 2;
  x[F.denseShort] = words <= 12 && distinct >= 2 ? 1 : 0;
  x[F.asteriskAction] = ASTERISK_ACTION.test(head) ? 1 : 0;
  x[F.labelLead] = LABEL_LEAD.test(t) ? 1 : 0;
  let digits = 0;
  const lim = Math.min(text.length, 400);
  for (let k = 0; k < lim; k++) {
    const cc = text.charCodeAt(k);
    if (cc >= 48 && cc <= 57) digits++;
  }
  x[F.digits] = lim ? Math.min((digits / lim) * 10, 1) : 0;
  return { x, words, marker, heading, title, dialogueStart, shape };
}

const CAPITAL_START = /^[^\p{L}]*\p{Lu}/u;
/** The same on plain text (html-text.ts isPlainText), where the Unicode classes are ASCII's. */
const CAPITAL_START_PLAIN = /^[^A-Za-z]*[A-Z]/;

/**
 * A title-like line: 2–10 words, no sentence end, no digits, and most of its longer words
 * capitalised ("Memories are Gold and Death is Cheap"). Holds in every language that writes
 * capitals; the story's title or a scene heading under a note looks like this, notes rarely do.
 */
export function isTitleLine(t: string, words: number): boolean {
  if (words < 2 || words > 10 || t.length > 90 || /[.!?:;,…)\]"”»]$/.test(t) || /\d/.test(t)) return false;
  const plain = isPlainText(t);
  const capital = plain ? CAPITAL_START_PLAIN : CAPITAL_START;
  if (!capital.test(t)) return false;
  let long = 0;
  let caps = 0;
  for (const w of t.split(/\s+/)) {
    if (w.replace(plain ? /[^A-Za-z]/g : /[^\p{L}]/gu, '').length <= 3) continue;
    long++;
    if (capital.test(w)) caps++;
  }
  return long >= 2 && caps >= 0.75 * long && t !== t.toUpperCase();
}

const NAME_RE = /([.!?:;"“”«»—–\-]\s*|^\s*)?\b(\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}]+)?)/gu;
const NAME_RE_PLAIN = /([.!?:;"“”«»—–\-]\s*|^\s*)?\b([A-Z][a-z'’]+(?:-[A-Z]?[a-z]+)?)/g;
const STOP_CAPS = /* @__PURE__ */ new Set(
  /* @__PURE__ */ (
    'I Im Ive Ill Id OK Ok Oh Mr Mrs Ms Dr St God Hey Hi Hello Yes No The A An And But So Then AN A/N PS P.S ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December ' +
    'Chapter Part Guest Edit Note Disclaimer Thanks Thank Sorry Please Anyway Also Well Okay English'
  ).split(' '),
);

/** Capitalised words that are not the first word of a sentence: a cheap proxy for character and place names. */
export function capitalisedNames(text: string): string[] {
  const out: string[] = [];
  const re = isPlainText(text) ? NAME_RE_PLAIN : NAME_RE;
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (m[1] !== undefined) continue;
    const w = m[2].replace(/['’]s$/, '');
    if (w.length < 3 || STOP_CAPS.has(w)) continue;
    if (!out.includes(w)) out.push(w);
  }
  return out;
}
