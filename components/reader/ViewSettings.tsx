/** The small settings panel inside the reader view: width, line height, spacing, font, theme. */
import { FONT_FAMILIES, LIMITS, THEMES, type ReaderSettings } from '../../lib/settings/settings';

const FONT_NAMES = { serif: 'Serif', sans: 'Sans-serif', mono: 'Monospace', system: 'System' } as const;
const THEME_NAMES = { system: 'System', light: 'Light', sepia: 'Sepia', dark: 'Dark', black: 'Black' } as const;

type Num = 'fontSize' | 'width' | 'lineHeight' | 'paragraphSpacing';
const RANGES: [Num, string][] = [
  ['fontSize', 'Text size'],
  ['width', 'Text width'],
  ['lineHeight', 'Line height'],
  ['paragraphSpacing', 'Paragraph spacing'],
];

export function ViewSettings({ settings, patch }: { settings: ReaderSettings; patch(p: Partial<ReaderSettings>, event?: Event): void }) {
  return (
    <div
      class="cr-panel"
      role="group"
      aria-label="Text settings"
      data-testid="view-settings"
      onKeyDown={(e) => {
        // Arrow keys move a slider here; they must not turn the page to another chapter.
        if ((e.target as HTMLInputElement).type === 'range' && /^(Arrow|Home|End|Page)/.test(e.key)) e.stopPropagation();
      }}
    >
      {RANGES.map(([k, label]) => (
        <label key={k}>
          <span>{label}</span>
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
        <span>Font</span>
        <select
          data-testid="view-font"
          value={settings.fontFamily}
          onChange={(e) => patch({ fontFamily: (e.currentTarget as HTMLSelectElement).value as ReaderSettings['fontFamily'] }, e)}
        >
          {FONT_FAMILIES.map((f) => (
            <option key={f} value={f}>
              {FONT_NAMES[f]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>Theme</span>
        <select
          data-testid="theme-select"
          value={settings.theme}
          onChange={(e) => patch({ theme: (e.currentTarget as HTMLSelectElement).value as ReaderSettings['theme'] }, e)}
        >
          {THEMES.map((t) => (
            <option key={t} value={t}>
              {THEME_NAMES[t]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
