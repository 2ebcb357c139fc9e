/**
 * Plain words for a page the reader view does not show, by the adapter's typed reason
 * (ExtractErrorKind): why, and what the reader can do. The popup and the on-page notice say the
 * same thing. Pure text: no adapter code, so the popup bundles none.
 */
import { SITE_NAMES } from '../sites/names';
import { t } from '../i18n';

/** The short name readers use ("AO3"), else the display name, else "The site". */
function siteName(site: string): string {
  if (site === 'ao3') return 'AO3';
  return SITE_NAMES[site] ?? t('theSite');
}

export const layoutChangedText = () => t('layoutChanged');

/** The headline for a refusal; null for kinds that have no words of their own (not-chapter, unsupported). */
export function refusalText(kind: string, site: string): string | null {
  const name = siteName(site);
  switch (kind) {
    case 'login-required':
      return site === 'ao3' ? t('refusalLoginAo3') : t('refusalLogin', name);
    case 'not-found':
      return site === 'ao3' ? t('refusalNotFoundAo3') : t('refusalNotFound', name);
    case 'rate-limited':
      return t('refusalRateLimited', name);
    case 'bot-check':
      return t('refusalBotCheck', name);
    case 'adult-warning':
      return t('refusalAdult');
    case 'listing':
      return t('refusalListing');
    case 'layout-changed':
      return layoutChangedText();
    default:
      return null;
  }
}

/** Kinds the on-page notice speaks up for: the reader expected a chapter and can do something. */
export const NOTICE_KINDS: ReadonlySet<string> = new Set(['login-required', 'not-found', 'rate-limited', 'bot-check']);
