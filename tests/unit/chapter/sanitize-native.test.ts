import { describe, expect, it, vi } from 'vitest';
import { configFor, hasNativeSanitizer, nativeSanitizer, textOnlyBlocks } from '../../../lib/chapter/sanitize-native';
import { ALLOWED_ATTR, ALLOWED_TAGS, DROPPED_WITH_CONTENT } from '../../../lib/chapter/sanitize-policy';

describe('the browser sanitiser configuration', () => {
  it('allows exactly the policy, and unwraps the other elements a batch holds (never the dropped ones)', () => {
    const cfg = configFor('<p>a <section>b</section> <O:P>c</O:P> <my-el x=1>d</my-el> <SCRIPT>x</SCRIPT> <svg></svg> <Em>e</Em> <pre>p</pre> <picture></picture></p>');
    expect(cfg.elements).toEqual(ALLOWED_TAGS);
    expect(cfg.attributes).toEqual(ALLOWED_ATTR);
    expect(cfg.comments).toBe(false);
    expect(cfg.dataAttributes).toBe(false);
    expect(cfg.replaceWithChildrenElements.sort()).toEqual(['my-el', 'o:p', 'picture', 'section']);
    for (const name of cfg.replaceWithChildrenElements) {
      expect(ALLOWED_TAGS).not.toContain(name);
      expect(DROPPED_WITH_CONTENT).not.toContain(name);
    }
  });

  it('unwraps nothing in plain story markup, and nothing at all when told not to', () => {
    expect(configFor('<p align="center">Plain <em>story</em>, <a href="/x">link</a><br><img src="https://a/b"></p>').replaceWithChildrenElements).toEqual([]);
    expect(configFor('<section>x</section>', false).replaceWithChildrenElements).toEqual([]);
  });
});

describe('without the browser sanitiser (happy-dom, an old browser)', () => {
  it('shows every block as plain text: readable, nothing of its markup left', () => {
    expect(hasNativeSanitizer(window)).toBe(false);
    const out = nativeSanitizer(document)(['<p onclick="x()">One <em>two</em> &amp; <img src=x onerror=alert(1)>three &lt;b&gt;</p>', '<hr class="x">', '<blockquote><p>q</p><p>r</p></blockquote>']);
    expect(out).toEqual(['<p>One two &amp; three &lt;b&gt;</p>', '<hr>', '<p>q r</p>']);
    expect(textOnlyBlocks(['<p>a<script>alert(1)</script>b</p>'])).toEqual(['<p>ab</p>']);
  });

  it('uses setHTML with the configuration when the window has it, in a document that loads nothing', () => {
    const setHTML = vi.fn(function (this: Element, html: string, _options?: unknown) {
      this.innerHTML = html.replace(/ onclick="[^"]*"/g, '');
    });
    const proto = window.Element.prototype as unknown as { setHTML?: unknown };
    proto.setHTML = setHTML;
    try {
      const out = nativeSanitizer(document)(['<p onclick="x()">a</p>', '<p>bare</p>', '<p><a href="javascript:x()">l</a></p>']);
      expect(out).toEqual(['<p>a</p>', '<p>bare</p>', '<p><a rel="noopener noreferrer nofollow" target="_blank">l</a></p>']);
      // one pass for the two blocks that need it; the bare paragraph is kept as it is
      expect(setHTML).toHaveBeenCalledTimes(1);
      const box = setHTML.mock.contexts[0] as Element;
      expect(box.ownerDocument).not.toBe(document);
      expect(box.ownerDocument.defaultView).toBeNull();
      expect(setHTML.mock.calls[0][1]).toEqual({ sanitizer: expect.objectContaining({ elements: ALLOWED_TAGS }) });
    } finally {
      delete proto.setHTML;
    }
  });
});
