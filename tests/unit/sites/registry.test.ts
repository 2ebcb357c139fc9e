/**
 * Conventions kept by a test, not by memory: every site is an adapter with match patterns, example
 * URLs that parse, and fixture pages (a readable chapter of several kinds and a page it must refuse),
 * and every fixture page belongs to a registered site.
 */
import { describe, expect, it } from 'vitest';
import { ADAPTERS, adapterFor, contentScriptMatches, hostPermissions } from '../../../lib/sites/registry';
import { pageCases, pageExpected } from '../../site-fixtures';

const fixtures = pageCases().map((c) => ({ name: `${c.name}.json`, ...pageExpected<{ url: string; expect: { site: string; error?: boolean } }>(c.name) }));

/** Sites built by one factory share their fixture duty (same code path, different host). */
const FAMILY: Record<string, string> = {
  fictionpress: 'ffnet',
  sufficientvelocity: 'spacebattles',
  questionablequesting: 'spacebattles',
};
const familyOf = (id: string) => FAMILY[id] ?? id;

describe('site registry', () => {
  it('has unique ids, and every adapter match patterns and example URLs it parses', () => {
    const ids = ADAPTERS.map((a) => a.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const a of ADAPTERS) {
      expect(a.matches.length, a.id).toBeGreaterThan(0);
      expect(a.exampleUrls.length, a.id).toBeGreaterThan(0);
      for (const url of a.exampleUrls) {
        expect(a.parseUrl(url), `${a.id} parses ${url}`).not.toBeNull();
        expect(adapterFor(url)?.id, `${url} is routed to ${a.id}`).toBe(a.id);
      }
    }
  });

  it.each(ADAPTERS.map((a) => [a.id] as const))('%s has fixture pages: a readable chapter, and its family several kinds and a refused page', (id) => {
    const own = fixtures.filter((f) => f.expect.site === id);
    expect(own.filter((f) => !f.expect.error).length, `${id}: a readable fixture page`).toBeGreaterThan(0);
    const family = fixtures.filter((f) => familyOf(f.expect.site) === familyOf(id));
    expect(family.filter((f) => !f.expect.error).length, `${id}: middle, first and last chapters`).toBeGreaterThanOrEqual(3);
    expect(family.filter((f) => f.expect.error).length, `${id}: a page it must refuse`).toBeGreaterThan(0);
  });

  it('knows the site of every fixture page, and routes its URL to that adapter', () => {
    for (const f of fixtures) {
      expect(ADAPTERS.map((a) => a.id), f.name).toContain(f.expect.site);
      expect(adapterFor(f.url)?.id, f.name).toBe(f.expect.site);
    }
  });

  it('serves the mobile sites too: m.fanfiction.net and m.fictionpress.com chapters and bot checks reach their adapter', () => {
    for (const [url, id] of [
      ['https://m.fanfiction.net/s/3384712/23/', 'ffnet'],
      ['https://m.fanfiction.net/s/13975964/2', 'ffnet'],
      ['https://m.fictionpress.com/s/3333108/1/', 'fictionpress'],
    ] as const) {
      expect(adapterFor(url)?.id, url).toBe(id);
      expect(contentScriptMatches().some((p) => p.includes('://m.') && url.includes(p.split('://')[1].split('/')[0])), url).toBe(true);
    }
  });

  it('gives every adapter of the real-pages sites a version for the diagnostic', () => {
    for (const id of ['ao3', 'ffnet', 'fictionpress']) expect(ADAPTERS.find((a) => a.id === id)?.version, id).toMatch(/\d/);
  });

  it('asks for host access to the supported sites only', () => {
    const hosts = hostPermissions();
    expect(hosts.length).toBeGreaterThan(0);
    for (const h of hosts) expect(h).toMatch(/^(\*|https?):\/\/[^/*]+(\.[^/*]+)+\/\*$|^(\*|https?):\/\/\*\.[^/]+\/\*$/);
    expect(hosts.some((h) => h.includes('<all_urls>') || /:\/\/\*\/$/.test(h))).toBe(false);
    expect(contentScriptMatches().every((m) => hosts.some((h) => m.startsWith(h.slice(0, h.indexOf('/', 8)))))).toBe(true);
  });
});

describe('https only (#20 point 9)', () => {
  it('content scripts and host permissions match https:// pages only', () => {
    expect(contentScriptMatches().length).toBeGreaterThan(0);
    for (const m of contentScriptMatches()) expect(m).toMatch(/^https:\/\//);
    for (const h of hostPermissions()) expect(h).toMatch(/^https:\/\//);
  });
});
