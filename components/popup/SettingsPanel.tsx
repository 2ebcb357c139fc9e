import type { ReaderSettings } from '../../lib/settings/settings';
import { CheckboxField } from '../shared/CheckboxField';
import { ReadingControls, readerEnabledField } from '../shared/ReadingControls';
import { t } from '../../lib/i18n';

export function SettingsPanel({
  settings,
  update,
}: {
  settings: ReaderSettings | null;
  update(patch: Partial<ReaderSettings>): unknown;
}) {
  return (
    <section class="cr-panel cr-settings" aria-labelledby="cr-settings-heading">
      <h2 id="cr-settings-heading" class="cr-heading">
        {t('readingSettings')}
      </h2>
      {!settings ? (
        <p class="cr-muted">{t('loadingSettings')}</p>
      ) : (
        <div class="cr-settings-grid">
          <ReadingControls settings={settings} update={update} />
          <CheckboxField
            label={t('showNotesDefault')}
            checked={settings.showNotes}
            onChange={(showNotes) => update({ showNotes })}
            testId="show-notes-default"
          />
          <CheckboxField
            label={t('tagsOpenLabel')}
            hint={t('tagsOpenHint')}
            checked={settings.tagsOpen}
            onChange={(tagsOpen) => update({ tagsOpen })}
            testId="tags-open-default"
          />
          <CheckboxField
            {...readerEnabledField({ settings, update })}
            hint={t('readerEnabledHint')}
          />
        </div>
      )}
    </section>
  );
}
