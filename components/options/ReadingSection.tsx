import type { ReaderSettings } from '../../lib/settings/settings';
import { ReadingControls } from '../shared/ReadingControls';
import { t } from '../../lib/i18n';

export interface SettingsProps {
  settings: ReaderSettings | null;
  update(patch: Partial<ReaderSettings>): unknown;
}

/** Typography and theme: the popup's controls, applied at once to every open reader view. */
export function ReadingSection({ settings, update }: SettingsProps) {
  return (
    <section class="lib-section" id="reading" aria-labelledby="opt-reading-h">
      <h2 id="opt-reading-h">{t('readingHeading')}</h2>
      <p class="lib-muted">{t('readingIntro')}</p>
      {!settings ? (
        <p class="lib-muted">{t('loadingSettings')}</p>
      ) : (
        <div class="lib-settings">
          <ReadingControls settings={settings} update={update} />
        </div>
      )}
    </section>
  );
}
