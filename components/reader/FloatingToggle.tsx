import { t } from '../../lib/i18n';

/** The small on-page control shown while the reader view is off. */
export function FloatingToggle({ onClick }: { onClick(): void }) {
  return (
    <button
      type="button"
      class="cr-toggle"
      data-testid="reader-toggle"
      aria-label={t('openReaderView')}
      title={t('openReaderViewTitle')}
      onClick={onClick}
    >
      {t('readerView')}
    </button>
  );
}
