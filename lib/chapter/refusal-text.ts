/**
 * Plain words for a page the reader view does not show, by the adapter's typed reason
 * (ExtractErrorKind): why, and what the reader can do. The popup and the on-page notice say the
 * same thing. Pure text: no adapter code, so the popup bundles none.
 */
import { SITE_NAMES } from '../sites/names';

/** The short name readers use ("AO3"), else the display name, else "The site". */
function siteName(site: string): string {
  if (site === 'ao3') return 'AO3';
  return SITE_NAMES[site] ?? 'The site';
}

export const LAYOUT_CHANGED_TEXT = "Calm Reader can't read this page: the site's layout may have changed.";

/** The headline for a refusal; null for kinds that have no words of their own (not-chapter, unsupported). */
export function refusalText(kind: string, site: string): string | null {
  const name = siteName(site);
  switch (kind) {
    case 'login-required':
      return site === 'ao3'
        ? 'AO3 shows this work to logged-in users only — log in on AO3, then reload.'
        : `${name} shows this story to logged-in readers only — log in on ${name}, then reload.`;
    case 'not-found':
      return `${name} says this ${site === 'ao3' ? 'work' : 'story'} doesn't exist — it may have been deleted, or the address is mistyped.`;
    case 'rate-limited':
      return `${name} asks to retry later — it is getting too many requests. Wait a minute, then reload.`;
    case 'bot-check':
      return `${name} is checking your browser — finish the check, the reader view opens after.`;
    case 'adult-warning':
      return 'This work is marked for adult content. The site asks you to confirm before it shows the chapter.';
    case 'listing':
      return 'This is a list of stories, not a chapter — open a chapter to read it in the reader view.';
    case 'layout-changed':
      return LAYOUT_CHANGED_TEXT;
    default:
      return null;
  }
}

/** Kinds the on-page notice speaks up for: the reader expected a chapter and can do something. */
export const NOTICE_KINDS: ReadonlySet<string> = new Set(['login-required', 'not-found', 'rate-limited', 'bot-check']);
