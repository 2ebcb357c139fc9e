import type { PopupApi } from '../../lib/popup/api';
import { ALIGN_LABELS, FONT_LABELS, THEME_LABELS } from '../../lib/popup/format';
import { ALIGNMENTS, FONT_FAMILIES, LIMITS, THEMES, type ReaderSettings } from '../../lib/settings';
import { CheckboxField } from '../shared/CheckboxField';
import { RangeField } from '../shared/RangeField';
import { SegmentedControl } from '../shared/SegmentedControl';
import { SelectField } from '../shared/SelectField';

const fontOptions = FONT_FAMILIES.map((v) => ({ value: v, label: FONT_LABELS[v] }));
const themeOptions = THEMES.map((v) => ({ value: v, label: THEME_LABELS[v] }));
const alignOptions = ALIGNMENTS.map((v) => ({ value: v, label: ALIGN_LABELS[v] }));

const trim = (v: number) => String(Number(v.toFixed(2)));

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
          <SegmentedControl
            legend="Theme"
            value={settings.theme}
            options={themeOptions}
            onChange={(theme) => update({ theme })}
            testIdPrefix="theme-"
          />
          <SelectField
            label="Font"
            value={settings.fontFamily}
            options={fontOptions}
            onChange={(fontFamily) => update({ fontFamily })}
            testId="font-family"
          />
          <RangeField
            label="Text size"
            value={settings.fontSize}
            {...LIMITS.fontSize}
            format={(v) => `${v} px`}
            onChange={(fontSize) => update({ fontSize })}
            testId="font-size"
          />
          <RangeField
            label="Line height"
            value={settings.lineHeight}
            {...LIMITS.lineHeight}
            format={trim}
            onChange={(lineHeight) => update({ lineHeight })}
            testId="line-height"
          />
          <RangeField
            label="Paragraph spacing"
            value={settings.paragraphSpacing}
            {...LIMITS.paragraphSpacing}
            format={(v) => `${trim(v)} em`}
            onChange={(paragraphSpacing) => update({ paragraphSpacing })}
            testId="paragraph-spacing"
          />
          <RangeField
            label="Text width"
            value={settings.width}
            {...LIMITS.width}
            format={(v) => `${v} characters`}
            onChange={(width) => update({ width })}
            testId="text-width"
          />
          <SelectField
            label="Alignment"
            value={settings.align}
            options={alignOptions}
            onChange={(align) => update({ align })}
            testId="align"
          />
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
            label="Open chapters in reader view"
            hint="On supported sites, chapters open in the calm view automatically."
            checked={settings.enabled}
            onChange={(enabled) => update({ enabled })}
            testId="reader-enabled"
          />
        </div>
      )}
    </section>
  );
}
