/** lib/reader/scroll-lock.ts: the page rests under the reader view and comes back exactly as it was. */
import { afterEach, describe, expect, it } from 'vitest';
import { lockPageScroll, PAGE_REST_ID, VIEWPORT_ID } from '../../../lib/reader/scroll-lock';

const html = () => document.documentElement;

afterEach(() => {
  document.querySelectorAll(`#${PAGE_REST_ID}, #${VIEWPORT_ID}`).forEach((n) => n.remove());
  html().removeAttribute('style');
  document.head.innerHTML = '';
  document.body.innerHTML = '';
});

describe('lockPageScroll', () => {
  it('hides overflow on <html> and rests <body> with one style of ours, outside the body', () => {
    document.body.innerHTML = '<p>page</p>';
    const release = lockPageScroll(document);
    expect(html().style.getPropertyValue('overflow')).toBe('hidden');
    expect(html().style.getPropertyPriority('overflow')).toBe('important');
    const rest = document.getElementById(PAGE_REST_ID)!;
    expect(rest.tagName).toBe('STYLE');
    expect(rest.parentNode).toBe(html());
    expect(rest.textContent).toBe('body{display:none!important}');
    expect(document.body.innerHTML).toBe('<p>page</p>');
    release();
    expect(document.getElementById(PAGE_REST_ID)).toBeNull();
  });

  it('leaves no style attribute behind on a page that had none', () => {
    expect(html().hasAttribute('style')).toBe(false);
    lockPageScroll(document)();
    expect(html().hasAttribute('style')).toBe(false);
  });

  it("restores the page's own overflow, value and priority", () => {
    html().style.setProperty('overflow', 'scroll', 'important');
    html().style.setProperty('color', 'red');
    const release = lockPageScroll(document);
    expect(html().style.getPropertyValue('overflow')).toBe('hidden');
    release();
    expect(html().style.getPropertyValue('overflow')).toBe('scroll');
    expect(html().style.getPropertyPriority('overflow')).toBe('important');
    expect(html().style.getPropertyValue('color')).toBe('red');

    html().removeAttribute('style');
    html().style.setProperty('overflow', 'auto');
    lockPageScroll(document)();
    expect(html().style.getPropertyValue('overflow')).toBe('auto');
    expect(html().style.getPropertyPriority('overflow')).toBe('');
  });

  it('keeps what the page changed on <html> meanwhile', () => {
    const release = lockPageScroll(document);
    html().style.setProperty('background', 'black');
    release();
    expect(html().style.getPropertyValue('background')).toContain('black');
    expect(html().style.getPropertyValue('overflow')).toBe('');
  });

  it('adds a device-width viewport while on when the page has none, and removes it after', () => {
    const release = lockPageScroll(document);
    const meta = document.getElementById(VIEWPORT_ID) as HTMLMetaElement;
    expect(meta.name).toBe('viewport');
    expect(meta.content).toBe('width=device-width, initial-scale=1');
    expect(meta.parentNode).toBe(document.head);
    release();
    expect(document.getElementById(VIEWPORT_ID)).toBeNull();
  });

  it("never adds a second viewport over the page's own", () => {
    // (The module also matches the name in any case with the `i` selector flag, which happy-dom does not support.)
    document.head.innerHTML = '<meta name="viewport" content="width=980">';
    const release = lockPageScroll(document);
    expect(document.getElementById(VIEWPORT_ID)).toBeNull();
    release();
    expect(document.head.innerHTML).toBe('<meta name="viewport" content="width=980">');
  });

  it('a second release does nothing, so it cannot undo a later lock', () => {
    const first = lockPageScroll(document);
    first();
    const second = lockPageScroll(document);
    first();
    expect(document.getElementById(PAGE_REST_ID)).not.toBeNull();
    expect(html().style.getPropertyValue('overflow')).toBe('hidden');
    second();
    expect(document.getElementById(PAGE_REST_ID)).toBeNull();
  });
});
