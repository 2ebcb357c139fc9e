import { ALIGN_LABELS, FONT_LABELS, THEME_LABELS } from '../../lib/popup/format';
import { ALIGNMENTS, FONT_FAMILIES, LIMITS, THEMES, type ReaderSettings } from '../../lib/settings';
import { RangeField } from '../shared/RangeField';
import { SegmentedControl } from '../shared/SegmentedControl';
import { SelectField } from '../shared/SelectField';

const fontOptions = FONT_FAMILIES.map((v) => ({ value: v, label: FONT_LABELS[v] }));
const themeOptions = THEMES.map((v) => ({ value: v, label: THEME_LABELS[v] }));
const alignOptions = ALIGNMENTS.map((v) => ({ value: v, label: ALIGN_LABELS[v] }));
const trim = (v: number) => String(Number(v.toFixed(2)));

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
        </div>
      )}
    </section>
  );
}
