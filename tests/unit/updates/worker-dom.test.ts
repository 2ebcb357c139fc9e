/** lib/updates/worker-dom.ts: the service worker's DOM (linkedom) reads update pages with standard DOM calls. */
import { describe, expect, it } from 'vitest';
import { parseWorkerDocument } from '../../../lib/updates/worker-dom';

describe('parseWorkerDocument', () => {
  it('reads HTML with the standard query calls', () => {
    const doc = parseWorkerDocument(
      '<!doctype html><html><head><title>T</title></head><body><ol class="chapter index"><li><a href="/works/1/chapters/10">1. One</a></li><li><a href="/works/1/chapters/11">2. Two &amp; more</a></li></ol></body></html>',
      'text/html',
      'https://archiveofourown.org/works/1/navigate',
    );
    const links = [...doc.querySelectorAll('ol.chapter.index a')];
    expect(links.map((a) => a.getAttribute('href'))).toEqual(['/works/1/chapters/10', '/works/1/chapters/11']);
    expect(links[1].textContent).toBe('2. Two & more');
    expect(doc.querySelector('title')?.textContent).toBe('T');
  });

  it('reads XML (RSS) as XML, with its own element names', () => {
    const doc = parseWorkerDocument(
      '<?xml version="1.0"?><rss version="2.0"><channel><title>Story</title><item><title>Chapter 3</title><link>https://example.org/c/3</link><pubDate>Tue, 01 Dec 2026 10:00:00 GMT</pubDate></item></channel></rss>',
      'text/xml',
      'https://example.org/feed',
    );
    const items = [...doc.querySelectorAll('item')];
    expect(items).toHaveLength(1);
    expect(items[0].querySelector('link')?.textContent).toBe('https://example.org/c/3');
    expect(items[0].querySelector('pubDate')?.textContent).toContain('2026');
  });

  it('never runs what a hostile page holds', () => {
    const g = globalThis as { __pwned?: boolean };
    delete g.__pwned;
    const doc = parseWorkerDocument('<body><script>globalThis.__pwned = true</script><img src=x onerror="globalThis.__pwned = true"><p>ok</p></body>', 'text/html', 'https://example.org/');
    expect(doc.querySelector('p')?.textContent).toBe('ok');
    expect(g.__pwned).toBeUndefined();
  });

  it('copes with broken and empty input without throwing', () => {
    for (const text of ['', '<', '<div><p>unclosed', '<<<>>>&&&', '\u0000'.repeat(10)]) {
      expect(() => parseWorkerDocument(text, 'text/html', 'https://example.org/')).not.toThrow();
    }
    const doc = parseWorkerDocument('<div><p>unclosed', 'text/html', 'https://example.org/');
    expect(doc.querySelector('p')?.textContent).toBe('unclosed');
  });
});
