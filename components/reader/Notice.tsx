import { t } from '../../lib/i18n';

/** A quiet, dismissible notice (the page could not be read). */
export function Notice({ message, fading, onDismiss }: { message: string; fading: boolean; onDismiss(): void }) {
  return (
    <div class="cr-notice" role="status" aria-live="polite" data-testid="notice" data-fading={fading ? 'true' : 'false'}>
      <span>{message}</span>
      <button type="button" data-testid="notice-dismiss" aria-label={t('dismissNotice')} onClick={onDismiss}>
        {t('ok')}
      </button>
    </div>
  );
}
