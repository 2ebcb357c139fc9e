import type { OptionsApi } from '../../lib/options/api';
import { setSiteAllowed, siteSwitches } from '../../lib/options/sites';
import { Switch } from '../shared/Switch';
import type { SettingsProps } from './ReadingSection';

/** Where the reader view opens: by itself on chapter pages, and per site. */
export function SitesSection({ api, settings, update }: SettingsProps & { api: OptionsApi }) {
  const switches = settings ? siteSwitches(api.sites, settings) : [];
  return (
    <section class="lib-section" id="sites" aria-labelledby="opt-sites-h">
      <h2 id="opt-sites-h">Sites</h2>
      {!settings ? (
        <p class="lib-muted">Loading settings…</p>
      ) : (
        <div class="lib-settings">
          <Switch
            label="Open chapters in reader view"
            description="On the sites turned on below, chapters open in the calm view by themselves. Off: the toolbar button or Alt+Shift+R opens it."
            checked={settings.enabled}
            onChange={(enabled) => update({ enabled })}
            testId="reader-enabled"
          />
          <fieldset class="opt-sites">
            <legend class="cr-label">Reader view on these sites</legend>
            <p class="lib-muted">A site turned off is left exactly as it is: no reader view, nothing recorded from it.</p>
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
