/**
 * The block model and the site-adapter contract.
 *
 * Adapters are pure: (document, url) -> Chapter | ExtractError. They never touch
 * `browser.*`, IndexedDB or the live page beyond reading the document they are given,
 * so they run in happy-dom, in the content script and in the background alike.
 */

export type BlockKind = 'story' | 'note' | 'separator';

/** Where a note sits relative to the chapter text. */
export type NoteWhere = 'before' | 'inline' | 'after';

export interface Block {
  kind: BlockKind;
  /** Sanitised HTML of one block element (a <p>, <blockquote>, <hr>, …). */
  html: string;
  /** Plain text, whitespace collapsed, entities decoded. */
  text: string;
  /** Notes only: where the note sits. */
  noteWhere?: NoteWhere;
  /**
   * Notes only: a heading for the note disclosure ("Chapter notes", "Work notes",
   * "End notes"). Absent for detector-found notes.
   */
  label?: string;
  /** 1 for notes the site marks up; the detector's confidence otherwise. */
  confidence?: number;
  /**
   * 'structured': the site marks this block's kind (AO3 notes module, Royal Road portlet).
   * 'body': a block of the chapter body whose kind the notes detector decides.
   */
  source: 'structured' | 'body';
  /** Detector only: true when the decision was close, so the reader may want to correct it. */
  unsure?: boolean;
}

export interface Chapter {
  /** Adapter id; part of stored keys, never renamed. */
  site: string;
  storyId: string;
  title: string;
  /** Several authors joined with ", "; null when anonymous. */
  author: string | null;
  /** 1-based position; null on a whole-work page or when the page does not reveal it. */
  chapterIndex: number | null;
  /** Total chapters the page states; null when unknown ("2/?"). */
  chapterCount: number | null;
  /** Without the "Chapter N:" / "N." prefix the site adds; null when none. */
  chapterTitle: string | null;
  /**
   * A stable id for this chapter within the story: the site's chapter id when it has one,
   * else the index as a string; 'full' for an entire-work page.
   */
  chapterId: string;
  /** Canonical URL of this chapter (absolute, no fragment). */
  url: string;
  /** URL of the story's main page (absolute). */
  storyUrl: string;
  prevUrl: string | null;
  nextUrl: string | null;
  /** Story/chapter summary as plain text, shown as a summary (never hidden as a note). */
  summary: string | null;
  /** Chapter body and author notes in reading order. */
  blocks: Block[];
  /** Optional metadata the page states. */
  words?: number | null;
  status?: 'complete' | 'in-progress' | null;
  /** Tags / fandoms where the site gives them. */
  tags?: string[];
  /** The story's chapter list when the page shows it (FFN chapter select, AO3 chapter index). */
  toc?: { id: string; title: string | null; url: string; words?: number | null }[];
  /**
   * The language of the chapter text (a BCP 47 tag or its base, "es", "pt-BR"): what the page says
   * when an adapter reads it; after the notes detector ran, the language it read the text in.
   */
  lang?: string | null;
  /** When the site says the story was last updated (ms since epoch). */
  siteUpdatedAt?: number | null;
  /** What the site says about the work (the reader view's work card). */
  meta?: WorkMeta;
}

/**
 * A work's metadata as the site states it, for the work card at the top of the reader view.
 * Every field is optional: an adapter fills in what its site gives.
 */
export interface WorkMeta {
  /** "Teen And Up Audiences", "T", "Mature". */
  rating?: string | null;
  /** AO3 archive warnings (always shown, never collapsed). */
  warnings?: string[];
  /** AO3 categories ("F/M", "Gen"). */
  categories?: string[];
  /** Genres (FFN "Romance/Drama", Royal Road, Wattpad). */
  genres?: string[];
  fandoms?: string[];
  relationships?: string[];
  characters?: string[];
  /** Additional / free-form tags. */
  tags?: string[];
  language?: string | null;
  words?: number | null;
  /** Chapters posted. */
  chaptersPosted?: number | null;
  /** Chapters planned; null when unknown ("?"). */
  chaptersTotal?: number | null;
  status?: 'complete' | 'in-progress' | null;
  /** ms since epoch. */
  published?: number | null;
  updated?: number | null;
  /** The site's own page for kudos / comments / reviews of this chapter, and what to call it. */
  feedbackUrl?: string | null;
  feedbackLabel?: string;
}

export type ExtractErrorKind =
  /** The page is a known non-chapter page the kinds below do not name. */
  | 'not-chapter'
  /** The site shows this story to logged-in readers only (AO3 "registered users" works). */
  | 'login-required'
  /** The site says the story or page does not exist (deleted, mistyped: AO3 404, FFN "Story Not Found"). */
  | 'not-found'
  /** The site asks to retry later (AO3 "Retry later", HTTP 429). */
  | 'rate-limited'
  /** A bot check stands in front of the page (Cloudflare "Just a moment...", "Checking your browser"). */
  | 'bot-check'
  /** The site asks to confirm adult content first (AO3 interstitial; continueUrl goes on). */
  | 'adult-warning'
  /** A list of stories or chapters (series, tag listing, chapter index), not a chapter. */
  | 'listing'
  /** The URL matched but a required element was missing: the site's layout changed. */
  | 'layout-changed'
  /** No adapter claims this URL. */
  | 'unsupported';

export interface ExtractError {
  error: string;
  site: string;
  kind: ExtractErrorKind;
  /** The field that could not be read, and the selector that was tried. */
  field?: string;
  selector?: string;
  /** A link the site itself offers to get to the chapter (AO3 "Yes, Continue"). */
  continueUrl?: string;
}

export function isExtractError(x: Chapter | ExtractError): x is ExtractError {
  return typeof (x as ExtractError).error === 'string';
}

export interface ParsedUrl {
  storyId: string;
  /** Site chapter id or 1-based index as a string, when the URL names one. */
  chapterId?: string | null;
}

export interface SiteAdapter {
  /** Stable id, part of stored keys: never rename. */
  id: string;
  name: string;
  /**
   * The adapter's version ("2026.12-1"): bumped whenever its reading of a site changes, and named
   * in the diagnostic a reader copies from the popup when the adapter fails on a live page.
   */
  version?: string;
  /** Match patterns (https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns). */
  matches: string[];
  /** URLs that parseUrl must accept (checked by the registry test). */
  exampleUrls: string[];
  /** null when the URL is not a story page of this site. */
  parseUrl(url: string): ParsedUrl | null;
  extract(doc: Document, url: string): Chapter | ExtractError;
}
