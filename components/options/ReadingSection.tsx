import type { ReaderSettings } from '../../lib/settings/settings';
import { ReadingControls } from '../shared/ReadingControls';

export interface SettingsProps {
  settings: ReaderSettings | null;
  update(patch: Partial<ReaderSettings>): unknown;
}

/** Typography and theme: the popup's controls, applied at once to every open reader view. */
export function ReadingSection({ settings, update }: SettingsProps) {
  return (
    <section class="lib-section" id="reading" aria-labelledby="opt-reading-h">
      <h2 id="opt-reading-h">Reading</h2>
      <p class="lib-muted">Changes apply at once to every open reader view.</p>
      {!settings ? (
        <p class="lib-muted">Loading settings…</p>
      ) : (
        <div class="lib-settings">
          <ReadingControls settings={settings} update={update} />
        </div>
      )}
    </section>
  );
}
