/** lib/reader/host.ts: the one node the reader adds to a page, boxed so page CSS cannot hide or restyle it. */
import { afterEach, describe, expect, it } from 'vitest';
import { createShadowHost, HOST_ID, HOST_TAG, type HostState } from '../../../lib/reader/host';
import { READER_CSS } from '../../../lib/reader/style';

afterEach(() => {
  document.getElementById(HOST_ID)?.remove();
  document.body.innerHTML = '';
});

const important = (el: HTMLElement, prop: string) => [el.style.getPropertyValue(prop), el.style.getPropertyPriority(prop)];

describe('createShadowHost', () => {
  it('appends one <calm-reader-root> to <html>, outside the page body, with an open shadow root', () => {
    document.body.innerHTML = '<main><p>The page</p></main>';
    const before = document.body.innerHTML;
    const sh = createShadowHost(document, 'reader');
    expect(sh.host.tagName.toLowerCase()).toBe(HOST_TAG);
    expect(sh.host.id).toBe(HOST_ID);
    expect(sh.host.parentNode).toBe(document.documentElement);
    expect(document.body.innerHTML).toBe(before);
    expect(sh.host.shadowRoot).toBe(sh.shadow);
    expect(sh.shadow.mode).toBe('open');
  });

  it('holds the reader stylesheet and a mount point in its shadow root, nothing else', () => {
    const sh = createShadowHost(document, 'off');
    const children = [...sh.shadow.children];
    expect(children.map((c) => c.tagName.toLowerCase())).toEqual(['style', 'div']);
    expect(children[0].textContent).toBe(READER_CSS);
    expect(READER_CSS.length).toBeGreaterThan(0);
    expect(sh.mount).toBe(children[1]);
    expect(sh.mount.className).toBe('cr-mount');
  });

  it('keeps its box styles !important in every state, so page CSS cannot hide it', () => {
    for (const state of ['reader', 'off', 'error'] as HostState[]) {
      const sh = createShadowHost(document, state);
      expect(sh.host.getAttribute('data-state')).toBe(state);
      expect(important(sh.host, 'display')).toEqual(['block', 'important']);
      expect(important(sh.host, 'position')).toEqual(['fixed', 'important']);
      expect(important(sh.host, 'z-index')).toEqual(['2147483647', 'important']);
      expect(important(sh.host, 'visibility')).toEqual(['visible', 'important']);
      expect(important(sh.host, 'opacity')).toEqual(['1', 'important']);
      sh.remove();
    }
  });

  it('covers the viewport while reading and sits in the corner when off', () => {
    const sh = createShadowHost(document, 'reader');
    expect(important(sh.host, 'width')).toEqual(['100vw', 'important']);
    expect(important(sh.host, 'height')).toEqual(['100vh', 'important']);
    expect(sh.host.style.getPropertyValue('top')).toMatch(/^0(px)?$/);
    sh.setState('off');
    expect(sh.host.getAttribute('data-state')).toBe('off');
    expect(sh.host.style.getPropertyValue('right')).toBe('16px');
    expect(sh.host.style.getPropertyValue('bottom')).toBe('16px');
    // Nothing of the reader's full-viewport box is left behind.
    expect(sh.host.style.getPropertyValue('width')).toBe('auto');
    expect(sh.host.style.getPropertyValue('height')).toBe('auto');
    expect(sh.host.style.getPropertyValue('top')).toBe('auto');
  });

  it('centres the notice at the bottom in the error state and drops the centring when switched back', () => {
    const sh = createShadowHost(document, 'error');
    expect(sh.host.style.getPropertyValue('left')).toBe('50%');
    expect(sh.host.style.getPropertyValue('transform')).toBe('translateX(-50%)');
    expect(sh.host.style.getPropertyValue('max-width')).toBe('calc(100vw - 32px)');
    sh.setState('reader');
    expect(sh.host.style.getPropertyValue('transform')).toBe('none');
    expect(sh.host.style.getPropertyValue('left')).toMatch(/^0(px)?$/);
    expect(sh.host.style.getPropertyValue('max-width')).toBe('none');
  });

  it('overrides inline styles a page script wrote on the host when the state is set again', () => {
    const sh = createShadowHost(document, 'reader');
    sh.host.style.setProperty('display', 'none', 'important');
    sh.host.style.setProperty('opacity', '0');
    sh.setState('reader');
    expect(important(sh.host, 'display')).toEqual(['block', 'important']);
    expect(important(sh.host, 'opacity')).toEqual(['1', 'important']);
  });

  it('remove() takes away only its own node', () => {
    document.body.innerHTML = '<p id="keep">text</p>';
    const sh = createShadowHost(document, 'off');
    sh.remove();
    expect(document.getElementById(HOST_ID)).toBeNull();
    expect(document.querySelector(HOST_TAG)).toBeNull();
    expect(document.getElementById('keep')?.textContent).toBe('text');
  });
});
