import { alignLabel, fontLabel, themeLabel } from '../../lib/popup/format';
import { num, t, tn } from '../../lib/i18n';
import { ALIGNMENTS, FONT_FAMILIES, LIMITS, THEMES, type ReaderSettings } from '../../lib/settings/settings';
import { RangeField } from './RangeField';
import { SegmentedControl } from './SegmentedControl';
import { SelectField } from './SelectField';

const fontOptions = () => FONT_FAMILIES.map((v) => ({ value: v, label: fontLabel(v) }));
const themeOptions = () => THEMES.map((v) => ({ value: v, label: themeLabel(v) }));
const alignOptions = () => ALIGNMENTS.map((v) => ({ value: v, label: alignLabel(v) }));

const trim = (v: number) => num(Number(v.toFixed(2)));

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
        legend={t('theme')}
        value={settings.theme}
        options={themeOptions()}
        onChange={(theme) => update({ theme })}
        testIdPrefix="theme-"
      />
      <SelectField
        label={t('font')}
        value={settings.fontFamily}
        options={fontOptions()}
        onChange={(fontFamily) => update({ fontFamily })}
        testId="font-family"
      />
      <RangeField
        label={t('textSize')}
        less={t('lessTextSize')}
        more={t('moreTextSize')}
        value={settings.fontSize}
        {...LIMITS.fontSize}
        format={(v) => t('valuePx', v)}
        onChange={(fontSize) => update({ fontSize })}
        testId="font-size"
      />
      <RangeField
        label={t('lineHeight')}
        less={t('lessLineHeight')}
        more={t('moreLineHeight')}
        value={settings.lineHeight}
        {...LIMITS.lineHeight}
        format={trim}
        onChange={(lineHeight) => update({ lineHeight })}
        testId="line-height"
      />
      <RangeField
        label={t('paragraphSpacing')}
        less={t('lessParagraphSpacing')}
        more={t('moreParagraphSpacing')}
        value={settings.paragraphSpacing}
        {...LIMITS.paragraphSpacing}
        format={(v) => t('valueEm', trim(v))}
        onChange={(paragraphSpacing) => update({ paragraphSpacing })}
        testId="paragraph-spacing"
      />
      <RangeField
        label={t('textWidth')}
        less={t('lessTextWidth')}
        more={t('moreTextWidth')}
        value={settings.width}
        {...LIMITS.width}
        format={(v) => tn('valueCharacters', v)}
        onChange={(width) => update({ width })}
        testId="text-width"
      />
      <SelectField
        label={t('alignment')}
        value={settings.align}
        options={alignOptions()}
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
    label: t('openInReader'),
    checked: settings.enabled,
    onChange: (enabled: boolean) => update({ enabled }),
    testId: 'reader-enabled',
  };
}
