import { afterEach, describe, expect, it, vi } from 'vitest';
import { EARLY_HIDE_ID, hideCss, hidePage, whenContentReady } from '../../../lib/reader/early-hide';
import { PALETTES } from '../../../lib/reader/style';

afterEach(() => {
  document.getElementById(EARLY_HIDE_ID)?.remove();
  vi.useRealTimers();
});

describe('hideCss', () => {
  it('hides <html> behind the theme background, following the system scheme when unknown', () => {
    const css = hideCss();
    expect(css).toContain('visibility:hidden!important');
    // and the page is not laid out meanwhile (a huge chapter's layout costs hundreds of ms)
    expect(css).toContain('body{display:none!important}');
    expect(css).toContain(PALETTES.light.bg);
    expect(css).toContain('prefers-color-scheme: dark');
    expect(css).toContain(PALETTES.dark.bg);
  });
  it('uses the chosen theme colour only', () => {
    const css = hideCss('sepia');
    expect(css).toContain(PALETTES.sepia.bg);
    expect(css).not.toContain('prefers-color-scheme');
  });
});

describe('hidePage', () => {
  it('adds one style to <html> and removes it on reveal, once', () => {
    const onReveal = vi.fn();
    const h = hidePage(document, { onReveal });
    const style = document.getElementById(EARLY_HIDE_ID)!;
    expect(style.parentNode).toBe(document.documentElement);
    expect(h.revealed).toBeNull();
    h.reveal('ready');
    h.reveal('timeout');
    expect(document.getElementById(EARLY_HIDE_ID)).toBeNull();
    expect(h.revealed).toBe('ready');
    expect(onReveal).toHaveBeenCalledTimes(1);
    expect(onReveal).toHaveBeenCalledWith('ready');
  });

  it('shows the site after the safety timeout when nothing else does', () => {
    vi.useFakeTimers();
    const h = hidePage(document, { timeoutMs: 1500 });
    vi.advanceTimersByTime(1499);
    expect(h.revealed).toBeNull();
    vi.advanceTimersByTime(1);
    expect(h.revealed).toBe('timeout');
    expect(document.getElementById(EARLY_HIDE_ID)).toBeNull();
  });

  it('restarts the safety timeout on rearm', () => {
    vi.useFakeTimers();
    const h = hidePage(document, { timeoutMs: 1000 });
    vi.advanceTimersByTime(900);
    h.rearm();
    vi.advanceTimersByTime(900);
    expect(h.revealed).toBeNull();
    vi.advanceTimersByTime(100);
    expect(h.revealed).toBe('timeout');
  });

  it('follows the theme until revealed', () => {
    const h = hidePage(document);
    h.setTheme('black');
    expect(document.getElementById(EARLY_HIDE_ID)!.textContent).toContain(PALETTES.black.bg);
    h.reveal('reader-off');
  });

  it('keeps a held element hidden until reveal, then makes it visible', () => {
    const el = document.createElement('div');
    el.style.setProperty('visibility', 'visible', 'important');
    const h = hidePage(document);
    h.hold(el);
    expect(el.style.getPropertyValue('visibility')).toBe('hidden');
    h.reveal('ready');
    expect(el.style.getPropertyValue('visibility')).toBe('visible');
    expect(el.style.getPropertyPriority('visibility')).toBe('important');
  });
});

describe('whenContentReady', () => {
  it('resolves at once when the document is parsed', async () => {
    await expect(whenContentReady(document)).resolves.toBeUndefined();
  });

  it('waits for DOMContentLoaded while loading, or for the ready check', async () => {
    const doc = document.implementation.createHTMLDocument('x');
    let state = 'loading';
    Object.defineProperty(doc, 'readyState', { get: () => state });
    let done = false;
    const p = whenContentReady(doc).then(() => (done = true));
    await Promise.resolve();
    expect(done).toBe(false);
    state = 'interactive';
    doc.dispatchEvent(new Event('DOMContentLoaded'));
    await p;
    expect(done).toBe(true);

    state = 'loading';
    await expect(whenContentReady(doc, () => true)).resolves.toBeUndefined();
  });
});
