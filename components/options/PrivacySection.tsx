import { t } from '../../lib/i18n';

/** What Calm Reader stores, syncs and fetches (README's Privacy section, PRIVACY.md), in short. */
export function PrivacySection() {
  return (
    <section class="lib-section opt-privacy" id="privacy" aria-labelledby="opt-privacy-h">
      <h2 id="opt-privacy-h">{t('privacyHeading')}</h2>
      <p>{t('privacyIntro')}</p>
      <dl>
        <dt>{t('privacyStored')}</dt>
        <dd>{t('privacyStoredText')}</dd>
        <dt>{t('privacySynced')}</dt>
        <dd>{t('privacySyncedText')}</dd>
        <dt>{t('privacyFetched')}</dt>
        <dd>{t('privacyFetchedText')}</dd>
        <dt>{t('privacyPrivate')}</dt>
        <dd>{t('privacyPrivateText')}</dd>
      </dl>
    </section>
  );
}
