import type { OptionsApi } from '../../lib/options/api';
import { setSiteAllowed, siteSwitches } from '../../lib/options/sites';
import { readerEnabledField } from '../shared/ReadingControls';
import { Switch } from '../shared/Switch';
import type { SettingsProps } from './ReadingSection';
import { t } from '../../lib/i18n';

/** Where the reader view opens: by itself on chapter pages, and per site. */
export function SitesSection({ api, settings, update }: SettingsProps & { api: OptionsApi }) {
  const switches = settings ? siteSwitches(api.sites, settings) : [];
  return (
    <section class="lib-section" id="sites" aria-labelledby="opt-sites-h">
      <h2 id="opt-sites-h">{t('sitesHeading')}</h2>
      {!settings ? (
        <p class="lib-muted">{t('loadingSettings')}</p>
      ) : (
        <div class="lib-settings">
          <Switch
            {...readerEnabledField({ settings, update })}
            description={t('sitesReaderHint')}
          />
          <fieldset class="opt-sites">
            <legend class="cr-label">{t('sitesLegend')}</legend>
            <p class="lib-muted">{t('sitesOffHint')}</p>
            {switches.map((s) => (
              <Switch
                key={s.id}
                label={s.name}
                checked={s.on}
                onChange={(on) => update(setSiteAllowed(settings, s.id, on))}
                testId={`site-${s.id}`}
              />
            ))}
          </fieldset>
        </div>
      )}
    </section>
  );
}
