import { ALIGN_LABELS, FONT_LABELS, THEME_LABELS } from '../../lib/popup/format';
import { ALIGNMENTS, FONT_FAMILIES, LIMITS, THEMES, type ReaderSettings } from '../../lib/settings/settings';
import { RangeField } from './RangeField';
import { SegmentedControl } from './SegmentedControl';
import { SelectField } from './SelectField';

const fontOptions = FONT_FAMILIES.map((v) => ({ value: v, label: FONT_LABELS[v] }));
const themeOptions = THEMES.map((v) => ({ value: v, label: THEME_LABELS[v] }));
const alignOptions = ALIGNMENTS.map((v) => ({ value: v, label: ALIGN_LABELS[v] }));

const trim = (v: number) => String(Number(v.toFixed(2)));

export interface ReadingControlsProps {
  settings: ReaderSettings;
  update(patch: Partial<ReaderSettings>): unknown;
}

/**
 * The theme and typography controls shared by the popup and the options page.
 * Rendered as a fragment, so each control stays a direct child of the caller's grid.
 */
export function ReadingControls({ settings, update }: ReadingControlsProps) {
  return (
    <>
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
    </>
  );
}

/**
 * The label, state and test id of the "open chapters in reader view" control,
 * drawn as a checkbox in the popup and as a switch on the options page.
 */
export function readerEnabledField({ settings, update }: ReadingControlsProps) {
  return {
    label: 'Open chapters in reader view',
    checked: settings.enabled,
    onChange: (enabled: boolean) => update({ enabled }),
    testId: 'reader-enabled',
  };
}
