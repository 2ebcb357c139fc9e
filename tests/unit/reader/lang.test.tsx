/** Issue 21: the story's words carry the page's language; the view's own words the reader's. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReaderController } from '../../../lib/reader/controller';
import { readerUi } from '../../../components/reader/ui';
import { DEFAULT_SETTINGS } from '../../../lib/settings/settings';
import type { Chapter } from '../../../lib/sites/types';
import { useLocale } from '../i18n/locales';
import { makeChapter } from './fixtures';

let current: ReaderController | null = null;
afterEach(() => {
  current?.destroy();
  current = null;
  document.body.innerHTML = '';
});

function show(chapter: Chapter) {
  current = new ReaderController({
    ui: readerUi,
    doc: document,
    win: window,
    chapter,
    settings: { ...DEFAULT_SETTINGS },
    saveSettings: vi.fn(async () => undefined),
    savePosition: vi.fn(),
    navigate: vi.fn(),
    afterPaint: (fn) => fn(),
    isTrustedInput: () => true,
  });
  current.show();
  return document.querySelector('calm-reader-root')!.shadowRoot!;
}

describe('lang', () => {
  it("the chapter text, title and summary carry the page's language; the view the reader's", () => {
    useLocale('de');
    const root = show(makeChapter({ lang: 'pt-BR' }));
    expect(root.querySelector('[data-testid=chapter-text]')!.getAttribute('lang')).toBe('pt-BR');
    expect(root.querySelector('[data-testid=story-title]')!.getAttribute('lang')).toBe('pt-BR');
    expect(root.querySelector('#cr-summary-text')!.getAttribute('lang')).toBe('pt-BR');
    expect(root.querySelector('[data-testid=reader-view]')!.getAttribute('lang')).toBe('de');
    expect(root.querySelector('[data-testid=back-to-site]')!.textContent).toContain('Zurück zur Website');
  });

  it('a language tag from the page that is no language tag is left out', () => {
    const root = show(makeChapter({ lang: 'en"><img src=x onerror=alert(1)>' }));
    expect(root.querySelector('[data-testid=chapter-text]')!.hasAttribute('lang')).toBe(false);
    expect(root.querySelector('img[src=x]')).toBeNull();
  });
});
