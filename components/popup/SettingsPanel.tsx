import type { ReaderSettings } from '../../lib/settings/settings';
import { CheckboxField } from '../shared/CheckboxField';
import { ReadingControls, readerEnabledField } from '../shared/ReadingControls';

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
        Reading settings
      </h2>
      {!settings ? (
        <p class="cr-muted">Loading settings…</p>
      ) : (
        <div class="cr-settings-grid">
          <ReadingControls settings={settings} update={update} />
          <CheckboxField
            label="Show author's notes by default"
            checked={settings.showNotes}
            onChange={(showNotes) => update({ showNotes })}
            testId="show-notes-default"
          />
          <CheckboxField
            label="Show a work's tags open"
            hint="Rating and archive warnings are always shown; fandoms, characters and other tags can start folded."
            checked={settings.tagsOpen}
            onChange={(tagsOpen) => update({ tagsOpen })}
            testId="tags-open-default"
          />
          <CheckboxField
            {...readerEnabledField({ settings, update })}
            hint="On supported sites, chapters open in the calm view automatically."
          />
        </div>
      )}
    </section>
  );
}
