/**
 * Per-block features of the notes detector: how much a block reads like the author talking to
 * readers (positive score) or like the story itself (negative score).
 *
 * Everything here describes how authors write notes in general (markers, fandom vocabulary,
 * greetings, sign-offs, talk of reviews/updates/betas/Patreon) and how stories are written
 * (dialogue, third-person narration, recurring character names), in English, Spanish,
 * Portuguese, French and German. Each block is scanned by a fixed, small set of regexes,
 * so the cost is linear in the text length.
 */
import { blockShape, type BlockShape } from './html-text';

/** Lower-case, strip accents, unify quotes/apostrophes. */
export function normalizeForMatch(text: string): string {
  let t = text.toLowerCase();
  // eslint-disable-next-line no-control-regex
  if (/[^\x00-\x7f]/.test(t)) t = t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[’‘´]/g, "'").replace(/ß/g, 'ss');
  if (t.indexOf('`') >= 0) t = t.replace(/`/g, "'");
  if (/\s\s|[\t\n\r]/.test(t)) t = t.replace(/\s+/g, ' ');
  return t.trim();
}

// ---------------------------------------------------------------------------------------------
// Lexicons (matched on normalised text: lower case, no accents)

/** Markers that open a note: "A/N:", "Author's note", "N/A", "NdA", "Nota:", "Anmerkung", "Disclaimer"… */
const STRONG_START = new RegExp(
  '^[\\s(\\[*~_-]*(?:' +
    [
      "a\\s*/\\s*n\\b",
      'a\\.\\s?n\\.',
      "author'?s'?\\s*notes?\\b",
      'authors?\\s+notes?\\b',
      'notes? (?:from|by) the (?:author|writer)',
      "writer'?s notes?\\b",
      'n\\s*/\\s*a\\s*[:.\\-–—!)]',
      'n\\.\\s?a\\.',
      'n\\.?\\s?d\\.?\\s?[la]\\.?\\s*[:\\-–—]',
      'nda\\s*[:\\-–—]',
      'notas? d[aoe]l?\\s*(?:la\\s+)?(?:autor|autora|escritor|escritora|traductor|traductora|tradutor|tradutora)\\b',
      "notes? de l'?(?:auteur|auteure|autrice|traducteur|traductrice)\\b",
      'notas?\\s*[:\\-–—]',
      'anmerkung(?:en)?\\b',
      'autorenanmerkung|autorennotiz|vorwort\\s*[:\\-–—]|nachwort\\s*[:\\-–—]',
      'disclaimers?\\b',
      'descargo de responsabilidad',
      'aviso legal',
      'haftungsausschluss',
      'avertissement\\s*[:\\-–—]',
      "i (?:do not|don'?t|dont) own\\b",
      'i own nothing',
      'no (?:me|nos) pertenece',
      'nada (?:me|nos) pertenece',
      'nao (?:me|nos) pertence',
      'rien ne m\'appartient',
      'review (?:replies|responses|corner)',
      'repl(?:y|ies) to reviews?',
      'respuestas? a (?:los )?(?:reviews|comentarios)',
      'respostas? (?:aos|as) (?:reviews|comentarios)',
      'reponses? aux (?:reviews|commentaires)',
      'antworten auf (?:eure )?(?:reviews|kommentare)',
      "beta(?:'?d|ed|-read|read)? by\\b",
      'betaed\\b',
      'beta(?:s| reader| readers)?\\s*[:\\-–—]',
      'edit(?:ed)?(?:\\s*\\d+)?\\s*[:\\-–—]',
      'update(?:d)?(?:\\s*\\d+)?\\s*[:\\-–—]',
      'trigger warnings?\\b',
      'content warnings?\\b',
      '(?:tw|cw)\\s*[:\\-–—/]',
      'warnings?\\s*[:\\-–—]',
      'advertencias?\\s*[:\\-–—]',
      'avisos?\\s*[:\\-–—]',
      'aviso\\s*[:\\-–—]',
      'avertissements?\\s*[:\\-–—]',
      'warnungen?\\s*[:\\-–—]',
      'triggerwarnung',
      'glossary\\s*[:\\-–—]',
      'glosario\\s*[:\\-–—]',
      'glossario\\s*[:\\-–—]',
      'glossaire\\s*[:\\-–—]',
      'glossar\\s*[:\\-–—]',
      'translations?\\s*[:\\-–—]',
      'translation notes?\\b',
      'traducciones\\s*[:\\-–—]',
    ].join('|') +
    ')',
);

/** Inside a bracketed block ("[A/N: …]") only an author's-note marker counts: "[Warning: …]" is a game system message. */
const AUTHOR_START = /^[\s\[【〔{<(]*(?:a\s*\/\s*n\b|a\.\s?n\.|author'?s'?\s*notes?\b|authors?\s+notes?\b|n\s*\/\s*a\s*[:.\-–—!)]|n\.?\s?d\.?\s?[la]\.?\s*[:\-–—]|nda\s*[:\-–—]|notas? d[aoe]l? (?:la )?autora?\b|note de l'?auteure?\b|anmerkung)/;

/** "AN:" / "AN -" only in capitals (German "An:" heads a letter). Checked on the original text. */
const CAPS_AN = /^[\s(\[*~_-]*(?:AN|A\.N|ANs)\s*[:\-–—]/;

/** Ownership and profit disclaimers, anywhere in the block. */
export const DISCLAIMER = new RegExp(
  '\\b(?:' +
  [
    "(?:do not|don'?t|dont|never will|will never) own",
    'own nothing',
    'no copyright',
    'copyright infringement',
    'not (?:making|earning) (?:any )?(?:money|profit)',
    'no (?:money|profit) (?:is )?(?:being )?made',
    'for entertainment purposes',
    '(?:rights|characters|everything) (?:belong|go|goes) to',
    'property of',
    'no (?:me|nos|le|les) pertenece',
    'pertenecen a',
    'fines? de lucro',
    'nao (?:me|nos) pertence',
    'pertencem a',
    'pertence a',
    'fins lucrativos',
    "ne m'appartien",
    "ne m'appartienn",
    'appartiennent (?:a|tous|toutes|entierement)',
    'appartient a',
    'aucun (?:profit|benefice|argent)',
    'gehoren (?:nicht mir|alle|allein|ausschliesslich)',
    'gehort (?:nicht mir|alles)',
    'kein geld',
    'nicht mir',
    'no lucro',
  ].join('|') + ')',
);

/** Closers and pleas that practically never occur in narration. Each hit counts. */
export const STRONG_PHRASES = new RegExp(
  '\\b(?:' +
  [
    'thanks? (?:you )?(?:so much |again |all |everyone |guys )?for reading',
    'please (?:review|r ?& ?r|leave a (?:review|comment|kudos))',
    "(?:don'?t|do not) forget to (?:vote|comment|review|follow|leave)",
    'leave (?:a |me )?(?:review|kudos)',
    'until next (?:time|chapter|update)',
    'see you (?:all |guys )?(?:in the )?next (?:chapter|update|time|week)',
    'hope you (?:all |guys )?(?:enjoy|enjoyed|liked|like) (?:the|this) (?:chapter|update|fic|story|one-?shot)',
    'enjoy the chapter',
    'happy reading',
    'gracias por leer',
    'nos leemos',
    'no olviden (?:votar|comentar|dejar)',
    'votar y comentar|voten y comenten',
    'obrigad[oa]s? por ler',
    'ate o proximo capitulo',
    "merci (?:beaucoup )?(?:d'avoir lu|de (?:m'avoir )?lire)",
    'bonne lecture',
    'danke furs lesen',
    'viel spass beim lesen',
    'bis zum nachsten kapitel',
    '(?:link|links) (?:is|are) (?:on|in) (?:my|the) (?:profile|bio|page)',
    '(?:join|check out) (?:the|my|our) (?:discord|patreon|ko-?fi|server)',
    '(?:patreon|discord|ko-?fi) (?:link|page|server)',
  ].join('|') + ')',
  'g',
);

/** Phrases authors use when talking to readers. Each hit counts. */
export const NOTE_PHRASES = new RegExp(
  '\\b(?:' +
  [
    // answering readers, talk of earlier/later chapters and of the fic's cast
    '(?:to answer|answering|in answer to) (?:the|your|a|some|most|that|this)',
    '(?:most )?(?:common|frequently asked) questions?',
    '(?:some|many|a lot|most|several|a few|one) of you (?:asked|have asked|wanted|noticed|pointed|guessed|wondered|mentioned)',
    '(?:someone|somebody|a (?:reader|reviewer|guest)) (?:asked|pointed out|mentioned|wondered)',
    'regarding (?:the|your|last|chapter|my)',
    '(?:an )?original characters?',
    '(?:from|in|since) (?:the )?(?:last|previous) (?:time|chapter|update|installment)',
    '(?:in|by) (?:the )?(?:next|coming|later) chapters?',
    // reading/thanks/sign-offs
    'thanks? (?:you )?(?:so much |again |all |everyone |guys )?for (?:reading|all the|the (?:reviews|comments|kudos|follows|favs|support|love)|sticking|your (?:patience|support|reviews|comments))',
    'thank you (?:to|all|everyone|so much|guys)',
    'thanks (?:to|again|everyone|guys|all)',
    'special thanks',
    'shout ?out',
    'huge thanks',
    'see you (?:next|soon|in|on|all|guys|again)',
    'until next time',
    "(?:till|'til|til) next time",
    'stay (?:safe|tuned|healthy)',
    'take care',
    'happy reading',
    'hope (?:you|y\'all|everyone)',
    'hope (?:that )?(?:it|this|the chapter) (?:was|is)',
    'let me know',
    'tell me what you think',
    'what do you (?:guys )?think',
    'please (?:review|comment|vote|leave|let)',
    "(?:don'?t|do not) forget to (?:vote|comment|review|follow|like|leave)",
    'leave (?:a |me )?(?:review|comment|kudos|vote)',
    'reviews? (?:are|make|would|keep)',
    'comments? (?:are|make|and crit)',
    'vote and comment|comment and vote',
    'fav(?:orite|ourite)?s? (?:and|or|&) (?:follow|review)',
    'follow (?:and|or|&) (?:fav|review)',
    'enjoy(?: the chapter| reading)?!',
    'sorry (?:for|about) (?:the|this) (?:late|long|delay|wait|short)',
    'sorry (?:it|this) (?:took|is late|has been|was late)',
    'sorry for (?:not updating|the wait|the delay|any)',
    'dedicated to',
    'i dedicate',
    'go (?:follow|check)',
    // fandom meta
    '(?:this|last|next|new|previous|the last|the next|the previous|upcoming|latest) (?:chapter|update|part|one-?shot|fic|story)',
    'chapter \\d+',
    '(?:next|new) update',
    'update (?:schedule|soon|every)',
    'on hiatus|hiatus',
    'my (?:beta|betas|muse|readers|reviewers|patrons|editor|fic|story|stories|other fic)',
    'writer\'?s block',
    'real life|\\birl\\b',
    'comment section',
    'the (?:reviews|comments)',
    'out of character',
    '(?:a|an|the) (?:new )?update[?!]',
    'chapter (?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\\b',
    'advance chapters|early access|read ahead|sneak peeks?|fan ?art',
    'come (?:hang out|join|say hi)',
    'on my (?:profile|tumblr|twitter|page)|in my bio',
    "(?:que|q) (?:les|os|te) (?:parecio|ha parecido)",
    '(?:o )?que (?:voces )?acharam',
    "qu'en (?:avez-vous|pensez-vous)|qu'en dites-vous",
    'was haltet ihr|wie fandet ihr|wie hat es euch',
    'a (?:tres )?vite',
    // Spanish
    'gracias por (?:leer|sus|tus|los|todo|el apoyo|seguir)',
    'muchas gracias',
    'nos leemos',
    'hasta (?:la proxima|el proximo|pronto)',
    'espero que (?:les|os|te) (?:guste|haya|gusten)',
    'perdon(?:en)? por la (?:tardanza|demora)',
    'dejen (?:sus )?(?:reviews|comentarios)',
    '(?:este|el|proximo|siguiente|nuevo|ultimo) capitulo',
    'los leo',
    // Portuguese
    'obrigad[oa]s? (?:por|a todos|pelos|pelas)',
    'ate (?:a proxima|o proximo|breve|mais)',
    'espero que (?:gostem|tenham gostado|voces)',
    'desculpem (?:a|pela) demora',
    'deixem (?:seus )?(?:comentarios|reviews)',
    '(?:esse|este|o proximo|novo|ultimo) capitulo',
    'beijos|beijinhos',
    // French
    "merci (?:d'avoir lu|de lire|pour (?:vos|les|votre|tout)|a (?:tous|toutes|ma beta))",
    'bonne lecture',
    'a (?:la prochaine|bientot)',
    "j'espere que (?:ce chapitre |vous |ca )",
    'desolee? pour (?:le|ce) (?:retard|delai)',
    '(?:ce|le prochain|prochain|nouveau|dernier) chapitre',
    'laissez (?:une |des |vos )?(?:reviews?|commentaires?)',
    'bisous',
    // German
    "danke (?:fur(?:s| das| eure| die| euer)|an alle|euch)",
    'vielen dank',
    'ihr lieben|meine lieben',
    'bis (?:zum )?(?:nachsten|bald|dann)',
    'viel spass beim lesen',
    'ich hoffe,? (?:es|das kapitel|euch)',
    '(?:das|dieses|im) (?:neue |nachste |nachsten |neuen |letzte |letzten )?kapitel',
    'liebe grusse|\\blg\\b',
  ].join('|') +
    ')',
  'g',
);

/** Single words from fandom and site vocabulary. */
const META_WORDS = new Set(
  (
    'review reviews reviewer reviewers reviewing reviewed kudos comments commenting commenters follows followers favs faves favorites ' +
    'favourites favorited favourited fav fave updates updating update updated fic fics fanfic fanfics fanfiction ff ffn ff.net ao3 wattpad ' +
    'oneshot one-shot drabble drabbles crossover fandom fandoms canon canonically ooc au aus pairing pairings otp ship shipping ' +
    'beta betas beta\'d betaed patreon patrons patron ko-fi kofi discord tumblr twitter instagram royalroad spacebattles threadmark ' +
    'hiatus cliffhanger muse readers reader lurkers pm pms inbox upload uploaded uploading posting wordcount prompt prompts oc ocs ' +
    'lol lmao omg haha hahaha xd tbh idk jk rn fluff angst smut lemon ' +
    // es / pt / fr / de
    'capitulo capitulos comentarios comentario lectores lectoras actualizacion actualizar actualice actualizare ' +
    'leitores leitoras comentem atualizacao atualizar atualizo favoritos favoritar ' +
    'chapitre chapitres commentaires commentaire lecteurs lectrices publication publier ' +
    'kapitel kommentare kommentar leser leserinnen favoriten hochladen'
  ).split(' '),
);

/** Addressing the readers. */
export const READER_ADDRESS =
  /\b(?:you guys|y'?all|you all|everyone|everybody|dear readers?|my readers|lovelies|my loves|folks|guys|chicos|chicas|gente|queridos lectores|queridas lectoras|mis lectores|pessoal|galera|queridos leitores|queridas leitoras|tout le monde|les amis|chers lecteurs|cheres lectrices|mes lecteurs|ihr|euch|eure|eurer|leute)\b/;

const GREETING_START =
  /^(?:hi|hey|hello|hiya|heya|howdy|greetings|hola|holi|buenas|ola|oi|bonjour|salut|coucou|hallo|huhu|servus|moin)\b/;

export const SIGNOFF =
  /\b(?:ciao|cheers|xoxo|xx+|hugs|love you all|much love|besos|saludos|abrazos|bisous|gros bisous|a plus|tschuss|adios|bye|byee+)\b/;

export const EMOTICON =
  /(?:^|[\s(])(?::-?\)|:-?\(|:-?d\b|;-?\)|:-?p\b|xd+\b|<3+|:3|\^\^|\^_\^|t_t|>\.<|-_-|uwu|owo)|[♥❤💕💖💗😘😊😂🥺😭💜💙✨😅🙏🥰😍]/;

export const FIRST_PERSON =
  /\b(?:i|i'm|i've|i'll|i'd|me|my|mine|myself|we|our|yo|mi|mis|me|eu|meu|minha|je|j'|mon|ma|mes|ich|mein|meine|mir|mich)\b/;
export const SECOND_PERSON =
  /\b(?:you|your|you're|you've|you'll|ustedes|vosotros|voces|vous|votre|vos|ihr|euch|eure)\b/;

export const SPEECH_VERBS =
  /\b(?:said|says|asked|asks|whispered|replied|murmured|shouted|muttered|called|yelled|answered|snapped|sighed|told|dijo|pregunto|respondio|susurro|grito|murmuro|disse|perguntou|respondeu|sussurrou|gritou|dit|demanda|repondit|murmura|souffla|cria|sagte|fragte|antwortete|flusterte|rief|murmelte)\b/g;

export const THIRD_PERSON =
  /\b(?:he|she|his|him|her|hers|himself|herself|they|them|their|el|ella|ellos|ellas|ele|ela|eles|elas|dele|dela|il|elle|ils|elles|lui|er|ihm|ihn|seine|seinen|seiner)\b/g;

/** A story heading: "Chapter Four: The Thaw", "Capítulo 3", "Part Two", "Prologue". */
const HEADING_WORD =
  /^(?:chapter|chap\.?|ch\.?|part|book|volume|vol\.|prologue|epilogue|interlude|arc|act|capitulo|parte|libro|prologo|epilogo|chapitre|partie|livre|kapitel|teil|buch|prolog|epilog)\b/;

/** Divider lines: ***, * * *, ~~~, xXx, oOo, ---, ===, ###, §, ~*~, "line break". */
const SEPARATOR_TEXT =
  /^(?:[\s*~\-_=+#•·.°oO0xX§¤※◇◆○●□■♦♥♡☆★✦✧❀❁✿❦❧|/\\<>^:;·…—–]{1,60}|(?:[xo0]+[XO0]+[xo0]+\s*)+|(?:line ?break|scene ?break|page ?break|break|separador|trennlinie)\s*)$/;

export interface BlockFeatures {
  text: string;
  /** Rough word count (exact up to 200 words). */
  words: number;
  separator: boolean;
  heading: boolean;
  /** A note-opening marker (A/N, Author's note, Disclaimer, N/A, Nota…). */
  marker: boolean;
  /** A short signature line ("— Wren", "~Moon", "xoxo, Wren"). */
  signature: boolean;
  /** Opens with dialogue punctuation or a dialogue dash. */
  dialogueStart: boolean;
  html: string;
  /** Lazily computed: normalised text and HTML shape (see normOf / shapeOf). */
  _norm?: string;
  _shape?: BlockShape;
}

export function normOf(f: BlockFeatures): string {
  return (f._norm ??= normalizeForMatch(f.text));
}

export function shapeOf(f: BlockFeatures): BlockShape {
  return (f._shape ??= blockShape(f.html));
}

const STOP_CAPS = new Set(
  (
    'I Im Ive Ill Id OK Ok Oh Mr Mrs Ms Dr St God Hey Hi Hello Yes No The A An And But So Then AN A/N PS P.S ' +
    'Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August September October November December ' +
    'Chapter Part Guest Edit Note Disclaimer Thanks Thank Sorry Please Anyway Also Well Okay English'
  ).split(' '),
);

const NAME_RE = /([.!?:;"“”«»—–\-]\s*|^\s*)?\b(\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}?[\p{Ll}]+)?)/gu;

/** Capitalised words that are not the first word of a sentence: a cheap proxy for character and place names. */
export function capitalisedNames(text: string): string[] {
  const out: string[] = [];
  NAME_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = NAME_RE.exec(text))) {
    if (m[1] !== undefined) continue; // sentence-initial or after punctuation
    const w = m[2].replace(/['’]s$/, '');
    if (w.length < 3 || STOP_CAPS.has(w)) continue;
    if (!out.includes(w)) out.push(w);
  }
  return out;
}

function countMatches(re: RegExp, s: string, cap: number): number {
  re.lastIndex = 0;
  let n = 0;
  while (n < cap && re.exec(s)) n++;
  re.lastIndex = 0;
  return n;
}

/** Text outside double quotes, so dialogue does not count as the author talking. */
function outsideQuotes(norm: string): string {
  return norm.replace(/"[^"]{0,400}"|“[^”]{0,400}”|«[^»]{0,400}»|„[^“”]{0,400}[“”]/g, ' ');
}

export function isSeparatorText(text: string): boolean {
  const t = text.trim();
  if (!t) return true;
  if (t.length > 60) return false;
  return SEPARATOR_TEXT.test(t) || /^(?:line ?break|scene ?break|page ?break|separador|trennlinie)$/i.test(t);
}

function countWords(text: string, cap: number): number {
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length && n <= cap; i++) {
    const c = text.charCodeAt(i);
    const space = c === 32 || c === 10 || c === 9 || c === 13 || c === 160;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/** First words a note marker can start with: a cheap gate before the full marker regex. */
const MARKER_GATE =
  /^[\s(\[*~_\-【〔{<]*(?:a|an|author|author's|authors|writer's|writers|note|notes|n|nda|nota|notas|anmerkung|anmerkungen|autorenanmerkung|autorennotiz|vorwort|nachwort|disclaimer|disclaimers|descargo|aviso|avisos|haftungsausschluss|avertissement|avertissements|i|no|nada|n[aã]o|rien|review|reviews|reply|replies|respuesta|respuestas|resposta|respostas|r[ée]ponse|r[ée]ponses|antworten|beta|betas|betaed|beta'd|beta-read|betaread|edit|edited|update|updated|trigger|content|tw|cw|warning|warnings|advertencia|advertencias|warnung|warnungen|triggerwarnung|gloss[aá]ry|glosario|gloss[aá]rio|glossaire|glossar|translation|translations|traducciones)(?![\p{L}])/iu;

/** A divider block: an <hr>, or a short line of symbols ("* * *", "~~~", "xXx", "Line break"). */
export function isSeparatorBlock(html: string, text: string): boolean {
  return (html.charCodeAt(1) | 32) === 104 /* h */ && /^\s*<hr\b/i.test(html) ? true : text.length <= 60 && isSeparatorText(text);
}

function isBracketed(text: string): boolean {
  const c0 = text.charCodeAt(0);
  return (c0 === 91 || c0 === 0x3010 || c0 === 0x3014 || c0 === 123) && /[\]】〕}]\s*$/.test(text);
}

/** A note-opening marker at the start of a (non-divider) block: A/N, Author's note, Disclaimer, N/A, Nota… */
export function hasMarker(html: string, text: string): boolean {
  const bracketed = isBracketed(text);
  if (MARKER_GATE.test(text) || CAPS_AN.test(text.slice(0, 12))) {
    const head = normalizeForMatch(text.slice(0, 80));
    if (bracketed ? AUTHOR_START.test(head.slice(0, 40)) || CAPS_AN.test(text.slice(1, 12)) : STRONG_START.test(head) || CAPS_AN.test(text.slice(0, 12))) return true;
  }
  if (!bracketed && html.indexOf('<', 1) >= 0 && /^\s*<[^>]*>\s*(?:<(?:em|i|u|span)\b[^>]*>\s*)*<(?:strong|b)\b/i.test(html)) {
    // "<b>AN</b> …" as a bold label
    return CAPS_AN.test(blockShape(html).leadBold + ':');
  }
  return false;
}

/** The features of one block (the detector computes them only for the blocks it looks at). */
export function blockFeatures(html: string, text: string): BlockFeatures {
  const len = text.length;
  const words = len <= 200 ? countWords(text, 200) : Math.round(len / 5.5);
  const separator = isSeparatorBlock(html, text);
  const f: BlockFeatures = {
    text,
    html,
    words,
    separator,
    heading: false,
    marker: false,
    signature: false,
    dialogueStart: false,
  };
  if (separator) return f;

  f.marker = hasMarker(html, text);
  const trimmed = len <= 200 ? text.trim() : '';
  if (words <= 12 && len <= 200) {
    const shape = shapeOf(f);
    const head = normalizeForMatch(text.slice(0, 80));
    const endsSentence = /[.!?…:;,)"”»]$/.test(trimmed);
    f.heading =
      !f.marker &&
      words > 0 &&
      !/[!?]/.test(text) &&
      (HEADING_WORD.test(head) || (!endsSentence && (shape.allBold || shape.headingTag || (shape.centered && words <= 8))));
  }
  f.signature =
    words <= 4 &&
    len <= 60 &&
    /^\s*(?:[-–—~]+\s*|(?:xoxo|love|cheers|hugs|besos|beijos|bisous|lg|ciao)\s*,?\s*)[\p{L}][\p{L}\p{N}_ .'-]*$/u.test(trimmed) &&
    !/[.!?]$/.test(trimmed);
  f.dialogueStart = /^\s*["“”„«»‹›]/.test(text) || (!f.signature && /^\s*[—–―-]\s*\S/.test(text));
  return f;
}

/** Breakdown of a block's score, for debugging and tests. */
export interface ScoreParts {
  marker: number;
  disclaimer: number;
  phrases: number;
  meta: number;
  address: number;
  greeting: number;
  signoff: number;
  emoticon: number;
  person: number;
  chatter: number;
  wrapper: number;
  signature: number;
  dialogue: number;
  speech: number;
  narration: number;
  impersonal: number;
  length: number;
  heading: number;
}

/** How much a block reads like a note (> 0) or like story (< 0), from its own text. */
export function scoreParts(f: BlockFeatures): ScoreParts {
  const p: ScoreParts = {
    marker: 0, disclaimer: 0, phrases: 0, meta: 0, address: 0, greeting: 0, signoff: 0, emoticon: 0, person: 0,
    chatter: 0, wrapper: 0, signature: 0, dialogue: 0, speech: 0, narration: 0, impersonal: 0, length: 0, heading: 0,
  };
  if (f.separator) return p;
  const { text } = f;
  const norm = normOf(f);
  const words = norm ? norm.split(' ').length : 0;
  const shape = shapeOf(f);
  if (f.marker) p.marker = 6;
  const free = outsideQuotes(norm);
  if (DISCLAIMER.test(free)) p.disclaimer = 4;

  const strongHits = countMatches(STRONG_PHRASES, free, 3);
  const phraseHits = countMatches(NOTE_PHRASES, free, 4) + strongHits;
  p.phrases = Math.min(strongHits * 2.5 + (phraseHits - strongHits) * 1.6, 5.5);

  let metaHits = 0;
  for (const w of free.split(/[^a-z0-9'.-]+/)) {
    if (w && META_WORDS.has(w.replace(/^[.'-]+|[.'-]+$/g, ''))) metaHits++;
  }
  p.meta = Math.min(metaHits * 1.1, 3.3);

  const addressed = READER_ADDRESS.test(free);
  if (addressed) p.address = 1;
  if (GREETING_START.test(norm)) p.greeting = words <= 6 ? 2.5 : 1.5;
  if (SIGNOFF.test(free)) p.signoff = 1.2;
  if (EMOTICON.test(text.toLowerCase())) p.emoticon = 1.2;
  const first = FIRST_PERSON.test(free);
  const second = SECOND_PERSON.test(free);
  if (first && second) p.person = 0.8;
  if (/[!?][!?]|\.\.\.\s*$|\(ish\)|\b(?:sooo+|ooo+h|ahhh+|omg|lol)\b/.test(norm)) p.chatter = 0.6;
  // Several short rhetorical questions in a short block: chatting, not narrating.
  if (words <= 60 && countMatches(/\?/g, free, 3) >= 3) p.chatter += 1;
  if ((shape.allBold || shape.allItalic) && words > 3) p.wrapper = 0.3;
  if (f.signature) p.signature = 1;

  if (f.dialogueStart) p.dialogue = -3;
  else if (/["“„«][^"“”„«»]*?\s[^"“”„«»]*?\s[^"“”„«»]*?\s[^"“”„«»]*?\s[^"“”„«»]*?["”“»]/.test(text)) p.dialogue = -1;
  p.speech = -1.2 * countMatches(SPEECH_VERBS, norm, 3);
  const third = countMatches(THIRD_PERSON, free, 6);
  if (third >= 2) p.narration = third >= 4 ? -1.6 : -0.8;
  if (!f.marker && !p.disclaimer && !first && !second && !addressed && phraseHits === 0 && metaHits === 0 && !f.signature) {
    p.impersonal = -1.5;
  }
  if (words > 120 && phraseHits + metaHits < 2 && !f.marker) p.length = -1;
  if (f.heading) p.heading = -2;
  return p;
}

export function blockScore(f: BlockFeatures): number {
  const p = scoreParts(f);
  let s = 0;
  for (const k in p) s += p[k as keyof ScoreParts];
  return s;
}
