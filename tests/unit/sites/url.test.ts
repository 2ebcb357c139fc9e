/** lib/sites/url.ts: siteUrl takes a page address from outside and answers a URL only on an accepted host. */
import { describe, expect, it } from 'vitest';
import { siteUrl } from '../../../lib/sites/url';

const HOST = /^(www\.)?example\.org$/;

describe('siteUrl', () => {
  it('answers the parsed URL for http and https on an accepted host', () => {
    const u = siteUrl('https://example.org/works/1?view=full#c2', HOST);
    expect(u).toBeInstanceOf(URL);
    expect(u?.pathname).toBe('/works/1');
    expect(u?.searchParams.get('view')).toBe('full');
    expect(siteUrl('http://www.example.org/', HOST)?.hostname).toBe('www.example.org');
  });

  it('accepts a host written in capitals (URL lower-cases it)', () => {
    expect(siteUrl('HTTPS://WWW.EXAMPLE.ORG/x', HOST)?.hostname).toBe('www.example.org');
  });

  it('refuses other schemes, even on the accepted host', () => {
    for (const url of ['ftp://example.org/', 'file://example.org/etc/passwd', 'ws://example.org/', 'javascript:alert(1)//example.org', 'data:text/html,example.org', 'blob:https://example.org/1234']) {
      expect(siteUrl(url, HOST), url).toBeNull();
    }
  });

  it('refuses other hosts, judged on the hostname and not on the rest of the address', () => {
    for (const url of [
      'https://evil.test/?u=example.org',
      'https://evil.test/example.org',
      'https://example.org@evil.test/',
      'https://example.org.evil.test/',
      'https://evilexample.org/',
      'https://evil.test#example.org',
    ]) {
      expect(siteUrl(url, HOST), url).toBeNull();
    }
  });

  it('never throws on garbage: it answers null', () => {
    for (const url of ['', ' ', 'not a url', '//example.org/x', 'https://', 'https://exa mple.org/', 'http://[::1', '\u0000']) {
      expect(() => siteUrl(url, HOST)).not.toThrow();
      expect(siteUrl(url, HOST), JSON.stringify(url)).toBeNull();
    }
  });
});
