/** The small settings panel inside the reader view: width, line height, spacing, font, theme. */
import { FONT_FAMILIES, LIMITS, THEMES, type ReaderSettings } from '../../lib/settings/settings';
import { fontLabel, themeLabel } from '../../lib/popup/format';
import { t, type MessageKey } from '../../lib/i18n';

type Num = 'fontSize' | 'width' | 'lineHeight' | 'paragraphSpacing';
const RANGES: [Num, MessageKey][] = [
  ['fontSize', 'textSize'],
  ['width', 'textWidth'],
  ['lineHeight', 'lineHeight'],
  ['paragraphSpacing', 'paragraphSpacing'],
];

export function ViewSettings({ settings, patch }: { settings: ReaderSettings; patch(p: Partial<ReaderSettings>, event?: Event): void }) {
  return (
    <div
      class="cr-panel"
      role="group"
      aria-label={t('textSettings')}
      data-testid="view-settings"
      onKeyDown={(e) => {
        // Arrow keys move a slider here; they must not turn the page to another chapter.
        if ((e.target as HTMLInputElement).type === 'range' && /^(Arrow|Home|End|Page)/.test(e.key)) e.stopPropagation();
      }}
    >
      {RANGES.map(([k, label]) => (
        <label key={k}>
          <span>{t(label)}</span>
          <input
            type="range"
            data-testid={`view-${k}`}
            min={LIMITS[k].min}
            max={LIMITS[k].max}
            step={LIMITS[k].step}
            value={settings[k]}
            onInput={(e) => patch({ [k]: Number((e.currentTarget as HTMLInputElement).value) }, e)}
          />
        </label>
      ))}
      <label>
        <span>{t('font')}</span>
        <select
          data-testid="view-font"
          value={settings.fontFamily}
          onChange={(e) => patch({ fontFamily: (e.currentTarget as HTMLSelectElement).value as ReaderSettings['fontFamily'] }, e)}
        >
          {FONT_FAMILIES.map((f) => (
            <option key={f} value={f}>
              {fontLabel(f)}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('theme')}</span>
        <select
          data-testid="theme-select"
          value={settings.theme}
          onChange={(e) => patch({ theme: (e.currentTarget as HTMLSelectElement).value as ReaderSettings['theme'] }, e)}
        >
          {THEMES.map((th) => (
            <option key={th} value={th}>
              {themeLabel(th)}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
