import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, THEMES, type ReaderSettings } from '../../../lib/settings/settings';
import { contrastRatio, FONT_STACKS, PALETTES, resolveTheme, settingsToCss } from '../../../lib/reader/style';

const s = (patch: Partial<ReaderSettings>): ReaderSettings => ({ ...DEFAULT_SETTINGS, ...patch });

describe('settingsToCss', () => {
  it('maps typography settings to custom properties with units', () => {
    const css = settingsToCss(s({ fontSize: 21, lineHeight: 1.8, paragraphSpacing: 1.5, width: 60, fontFamily: 'mono' }));
    expect(css['--cr-font-size']).toBe('21px');
    expect(css['--cr-line-height']).toBe('1.8');
    expect(css['--cr-paragraph-spacing']).toBe('1.5em');
    expect(css['--cr-width']).toBe('60ch');
    expect(css['--cr-font-family']).toBe(FONT_STACKS.mono);
    expect(css['--cr-font-family']).toMatch(/monospace$/);
  });

  it('maps alignment, with hyphenation only for justified text', () => {
    expect(settingsToCss(s({ align: 'start' }))['--cr-align']).toBe('start');
    expect(settingsToCss(s({ align: 'start' }))['--cr-hyphens']).toBe('manual');
    expect(settingsToCss(s({ align: 'justify' }))['--cr-align']).toBe('justify');
    expect(settingsToCss(s({ align: 'justify' }))['--cr-hyphens']).toBe('auto');
  });

  it('gives every font family its own stack', () => {
    const stacks = (['serif', 'sans', 'mono', 'system'] as const).map((f) => settingsToCss(s({ fontFamily: f }))['--cr-font-family']);
    expect(new Set(stacks).size).toBe(4);
    expect(stacks[0]).toMatch(/serif$/);
    expect(stacks[3]).toMatch(/^system-ui/);
  });

  it('uses the theme palette, and "system" follows prefers-color-scheme', () => {
    expect(settingsToCss(s({ theme: 'sepia' }))['--cr-bg']).toBe(PALETTES.sepia.bg);
    expect(settingsToCss(s({ theme: 'black' }), false)['--cr-bg']).toBe('#000000');
    expect(settingsToCss(s({ theme: 'system' }), false)['--cr-bg']).toBe(PALETTES.light.bg);
    expect(settingsToCss(s({ theme: 'system' }), true)['--cr-bg']).toBe(PALETTES.dark.bg);
    expect(resolveTheme('system', true)).toBe('dark');
    expect(resolveTheme('system', false)).toBe('light');
    for (const t of THEMES) if (t !== 'system') expect(resolveTheme(t, true)).toBe(t);
  });

  it('is pure: same input, same output, input untouched', () => {
    const input = s({ theme: 'dark' });
    const copy = { ...input };
    expect(settingsToCss(input, true)).toEqual(settingsToCss(input, true));
    expect(input).toEqual(copy);
  });
});

describe('palettes', () => {
  it('computes WCAG contrast correctly', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#777777', '#777777')).toBeCloseTo(1, 5);
  });

  for (const [name, p] of Object.entries(PALETTES)) {
    it(`${name}: text, links and focus ring have good contrast on page and toolbar`, () => {
      for (const bg of [p.bg, p.surface]) {
        expect(contrastRatio(p.fg, bg)).toBeGreaterThanOrEqual(7);
        expect(contrastRatio(p.muted, bg)).toBeGreaterThanOrEqual(4.5);
        expect(contrastRatio(p.link, bg)).toBeGreaterThanOrEqual(4.5);
        expect(contrastRatio(p.linkVisited, bg)).toBeGreaterThanOrEqual(4.5);
        expect(contrastRatio(p.focus, bg)).toBeGreaterThanOrEqual(3);
      }
    });
  }
});
