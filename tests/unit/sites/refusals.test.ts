/**
 * A page the site serves instead of a chapter is named, never blamed on the layout: the shared
 * check (servedInstead) and the pipeline's safety net for adapters that do not check themselves.
 */
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readPage } from '../../../lib/chapter/read-chapter';
import { refusalText } from '../../../lib/chapter/refusal-text';
import { missing, servedInstead } from '../../../lib/sites/blocks';
import { royalroad } from '../../../lib/sites/royalroad/adapter';
import type { SiteAdapter } from '../../../lib/sites/types';
import { loadPage } from './load-page';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});
function page(html: string, url = 'https://www.royalroad.com/fiction/1/x/chapter/2/y') {
  const p = loadPage(html, url);
  closers.push(p.close);
  return p.doc;
}

const CF = '<html><head><title>Just a moment...</title></head><body><div id="challenge-running">Checking if the site connection is secure</div></body></html>';
const RETRY = '<html><body><pre>Retry later</pre></body></html>';

describe('servedInstead', () => {
  it('knows a Cloudflare check and a bare "Retry later", and nothing else', () => {
    expect(servedInstead(page(CF))?.kind).toBe('bot-check');
    expect(servedInstead(page(RETRY))?.kind).toBe('rate-limited');
    expect(servedInstead(page('<html><body><p>Retry later, she said, and left the room for good.</p>' + '<p>More story.</p>'.repeat(40) + '</body></html>'))).toBeNull();
    expect(servedInstead(page('<html><head><title>Chapter 2</title></head><body><p>Text.</p></body></html>'))).toBeNull();
  });
});

describe('readPage', () => {
  it("turns a changed layout on a bot check or a rate limit into the typed reason, for any site's adapter", () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const url = 'https://www.royalroad.com/fiction/1/x/chapter/2/y';
    const adapter: SiteAdapter = { ...royalroad, extract: () => missing('royalroad', 'chapter text', '.chapter-content') };
    expect(readPage(adapter, page(CF), url, (h) => [...h])).toMatchObject({ site: 'royalroad', kind: 'bot-check' });
    expect(readPage(adapter, page(RETRY), url, (h) => [...h])).toMatchObject({ site: 'royalroad', kind: 'rate-limited' });
    expect(readPage(adapter, page('<html><body><p>x</p></body></html>'), url, (h) => [...h])).toMatchObject({ kind: 'layout-changed' });
    vi.restoreAllMocks();
  });
});

describe('refusalText', () => {
  it('has plain words for every typed reason, and none that blame the layout', () => {
    for (const kind of ['login-required', 'not-found', 'rate-limited', 'bot-check', 'adult-warning', 'listing']) {
      for (const site of ['ao3', 'ffnet', 'royalroad']) {
        const t = refusalText(kind, site);
        expect(t, `${kind} ${site}`).toBeTruthy();
        expect(t).not.toMatch(/layout|selector/i);
      }
    }
    expect(refusalText('login-required', 'ao3')).toBe('AO3 shows this work to logged-in users only — log in on AO3, then reload.');
    expect(refusalText('listing', 'ao3')).toMatch(/^This is a list of stories, not a chapter/);
    expect(refusalText('rate-limited', 'ao3')).toMatch(/asks to retry later/);
    expect(refusalText('bot-check', 'ffnet')).toBe('FanFiction.Net is checking your browser — finish the check, the reader view opens after.');
    expect(refusalText('not-chapter', 'ao3')).toBeNull();
  });
});
