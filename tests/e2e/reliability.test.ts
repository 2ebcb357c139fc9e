/**
 * Reliability in Chromium, part 1: untrusted story HTML, the extension's own pages and code, and
 * what the extension sends over the network.
 *
 * - The sanitiser (lib/chapter/sanitize.ts, bundled as is) run in Chromium over every hostile payload.
 * - A hostile AO3 chapter (tests/fixtures/hostile): no payload runs in the reader view, and the
 *   reader's shadow DOM holds nothing that could run or load.
 * - The built manifest keeps a strict CSP, asks only for permissions the code uses, and no bundle
 *   holds eval or new Function.
 * - Every request made while reading goes to the story sites, and never to a link that changes state.
 */
import { build } from 'esbuild';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import {
  FORBIDDEN_TAGS,
  HIT_RECORDER,
  hostileAo3Page,
  NOTE_MARKER,
  PAYLOADS,
  SAFE_HREF,
  SAFE_SRC,
  STORY_MARKER,
} from '../fixtures/hostile/payloads';
import { EXTENSION_DIR, fixturePages, inReader, launch, READER_HOST, ROOT, type Session } from './harness';
import { pageHtml } from '../site-fixtures';

const hostile = hostileAo3Page(pageHtml('ao3-chapter-middle'));
const BENCH_URL = 'https://example.org/sanitiser-bench';
const BENCH_HTML = `<!doctype html><html><head>${HIT_RECORDER}</head><body><p>bench</p><div id="out"></div></body></html>`;

/** Every request the browser made (page, worker, extension), recorded before the harness answers it. */
const allRequests: string[] = [];
let s: Session;

beforeAll(async () => {
  const pages = fixturePages();
  pages.set(hostile.url, hostile.html);
  pages.set(BENCH_URL, BENCH_HTML);
  s = await launch({ pages });
  // Registered after the harness's routes, so it sees every request first, then hands it on.
  await s.context.route('**/*', (route) => {
    allRequests.push(route.request().url());
    return route.fallback();
  });
});
afterAll(async () => {
  await s?.close();
});

/** Attributes data-xss-ID="page reader …" that the hostile page's recorder set on <html>. */
function hits(page: Page): Promise<Record<string, string>> {
  return page.evaluate(() =>
    Object.fromEntries(
      [...document.documentElement.attributes]
        .filter((a) => a.name.startsWith('data-xss-'))
        .map((a) => [a.name.slice('data-xss-'.length), a.value]),
    ),
  );
}

/** Payloads that ran inside the reader view (shadow tree) or with no element at hand. */
async function readerHits(page: Page): Promise<string[]> {
  return Object.entries(await hits(page))
    .filter(([, where]) => where.split(' ').includes('reader'))
    .map(([id]) => id);
}

/** Resolves once every image in the given root has loaded or failed, and two frames have passed. */
function settle(page: Page, inShadow: boolean): Promise<void> {
  return page.evaluate(
    async ([host, shadow]) => {
      const root: ParentNode = shadow ? document.querySelector(host)!.shadowRoot! : document;
      await Promise.all(
        [...root.querySelectorAll('img')].map((img) =>
          img.complete ? null : new Promise((r) => ['load', 'error'].forEach((e) => img.addEventListener(e, r, { once: true }))),
        ),
      );
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    },
    [READER_HOST, inShadow] as const,
  );
}

/**
 * Both sanitisers, bundled as they ship, for a page's main world: the browser's own (the extension's,
 * lib/chapter/sanitize-native.ts) and DOMPurify (Node's, lib/chapter/sanitize.ts), each as one block in, one out.
 */
async function sanitiserBundle(): Promise<string> {
  const bundle = await build({
    stdin: {
      contents: `
        import { nativeSanitizer, hasNativeSanitizer } from './lib/chapter/sanitize-native';
        import { purifySanitizer } from './lib/chapter/sanitize';
        const native = nativeSanitizer(document);
        const purify = purifySanitizer(window);
        window.CalmSanitize = {
          available: hasNativeSanitizer(window),
          native: (h) => native([h])[0],
          purify: (h) => purify([h])[0],
          nativeMany: (hs) => native(hs),
          purifyMany: (hs) => purify(hs),
        };`,
      resolveDir: ROOT,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    format: 'iife',
    logLevel: 'silent',
  });
  return bundle.outputFiles[0].text;
}

describe('untrusted story HTML in Chromium', () => {
  it.each(['native', 'purify'] as const)('the %s sanitiser leaves nothing that can run or load, for every payload', async (which) => {
    const bundle = await sanitiserBundle();
    const page = await s.context.newPage();
    await page.goto(BENCH_URL);
    await page.addScriptTag({ content: bundle });
    // The browser's own sanitiser is there (else the extension shows plain text, and this proves nothing).
    expect(await page.evaluate(() => (window as unknown as { CalmSanitize: { available: boolean } }).CalmSanitize.available)).toBe(true);
    const results = await page.evaluate(
      ({ payloads, forbidden, safeHref, safeSrc, which }) => {
        const sanitize = (window as unknown as { CalmSanitize: Record<string, (h: string) => string> }).CalmSanitize[which];
        const href = new RegExp(safeHref, 'i');
        const src = new RegExp(safeSrc, 'i');
        const allowed = new Set(['href', 'src', 'alt', 'title', 'align', 'colspan', 'rowspan', 'lang', 'dir', 'width', 'height', 'target', 'rel']);
        // Like the reader: the sanitised HTML goes live into an open shadow root of the page.
        const host = document.getElementById('out')!;
        const shadow = host.attachShadow({ mode: 'open' });
        return payloads.map(({ id, html }) => {
          const out = sanitize(`<p>before</p>${html}<p>after</p>`);
          const problems: string[] = [];
          const t = document.createElement('template');
          t.innerHTML = out;
          if (t.innerHTML !== out) problems.push('not stable when parsed again');
          for (const el of t.content.querySelectorAll('*')) {
            const tag = el.localName;
            if (forbidden.includes(tag)) problems.push(`<${tag}>`);
            for (const a of el.attributes) {
              if (!allowed.has(a.name)) problems.push(`<${tag} ${a.name}>`);
              if (a.name === 'href' && !href.test(a.value.trim())) problems.push(`href=${a.value}`);
              if (a.name === 'src' && !src.test(a.value.trim())) problems.push(`src=${a.value}`);
              if (/javascript:|vbscript:|data:|xss\.invalid/i.test(a.value)) problems.push(`${a.name}=${a.value}`);
            }
            if (tag === 'a' && el.getAttribute('href') && el.getAttribute('target') !== '_blank') problems.push('a without target=_blank');
            if (tag === 'a' && el.getAttribute('href') && !/noopener/.test(el.getAttribute('rel') ?? '')) problems.push('a without noopener');
          }
          if (!out.startsWith('<p>before</p>') || !out.endsWith('<p>after</p>')) problems.push(`story text lost: ${out}`);
          const box = document.createElement('div');
          box.innerHTML = out;
          shadow.append(box);
          return { id, out, problems };
        });
      },
      {
        payloads: PAYLOADS.map(({ id, html }) => ({ id, html })),
        forbidden: FORBIDDEN_TAGS,
        safeHref: SAFE_HREF.source,
        safeSrc: SAFE_SRC.source,
        which,
      },
    );
    expect(results).toHaveLength(PAYLOADS.length);
    expect(results.filter((r) => r.problems.length)).toEqual([]);
    // The sanitised payloads went live in a shadow root: none of them ran.
    await settle(page, false);
    expect(await readerHits(page)).toEqual([]);
    // The bench is itself a check that payloads are caught: the raw payloads, put live the same
    // way, do run (so a recorder that never fired cannot pass the test above).
    await page.evaluate((html) => {
      const box = document.createElement('div');
      box.innerHTML = html;
      document.getElementById('out')!.shadowRoot!.append(box);
    }, PAYLOADS.map((p) => p.html).join(''));
    await settle(page, false);
    await expect.poll(() => readerHits(page)).toContain('img-onerror');
    await page.close();
  });

  it('the browser\'s sanitiser keeps exactly what DOMPurify keeps, on every block of every fixture page', async () => {
    const { Window } = await import('happy-dom');
    const { adapterFor } = await import('../../lib/sites/registry');
    const { isExtractError } = await import('../../lib/sites/types');
    const raw: string[] = [];
    for (const [url, html] of fixturePages()) {
      const w = new Window({ url, settings: { disableJavaScriptEvaluation: true, disableCSSFileLoading: true } });
      w.document.write(html);
      const adapter = adapterFor(url);
      const ch = adapter?.extract(w.document as unknown as Document, url);
      if (ch && !isExtractError(ch)) raw.push(...ch.blocks.map((b) => b.html));
      await w.happyDOM.close();
    }
    // and markup that story sites do send: attributes to keep and drop, unknown and foreign elements
    raw.push(
      '<p align="center" lang="fr" dir="ltr" title="t" style="color:red" class="c" id="i" data-x="1">centred</p>',
      '<table><tbody><tr><td colspan="2" rowspan="1" width="40%">cell</td></tr></tbody></table>',
      '<p>Word <o:p>paste</o:p>, <section>a section</section>, <my-widget>custom</my-widget>, <tt>tt</tt>, <label>label</label></p>',
      '<p><a href="chapter2.html">relative</a> <a href="/works/1">absolute</a> <a href="mailto:a@b.c">mail</a> <a href="#n1">note</a></p>',
      '<p><img src="https://example.org/a.png" alt="a" width="10" height="5"> <img src="data:image/png;base64,AAAA" alt="d"></p>',
      '<p>a<!-- comment -->b<svg><text>svg</text></svg><math><mi>m</mi></math><video>v</video><select><option>o</option></select></p>',
    );
    raw.push(...PAYLOADS.map((p) => p.html));
    expect(raw.length).toBeGreaterThan(250);
    const page = await s.context.newPage();
    await page.goto(BENCH_URL);
    await page.addScriptTag({ content: await sanitiserBundle() });
    const diff = await page.evaluate((blocks) => {
      const c = (window as unknown as { CalmSanitize: Record<string, (h: string[]) => string[]> }).CalmSanitize;
      const a = c.nativeMany(blocks);
      const b = c.purifyMany(blocks);
      const one = blocks.map((h) => c.nativeMany([h])[0]);
      return blocks.flatMap((h, i) => (a[i] === b[i] && one[i] === a[i] ? [] : [{ h, native: a[i], alone: one[i], purify: b[i] }]));
    }, raw);
    expect(diff).toEqual([]);
    await page.close();
  });

  it('a hostile AO3 chapter: the reader shows its text, and no payload runs in it', async () => {
    const page = await s.context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(hostile.url);
    await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
    const text = await inReader(page, '[data-testid=chapter-text]').innerText();
    expect(text).toContain(STORY_MARKER);
    expect(text).toContain('The market at Tidewater opened before the fog');
    expect(await inReader(page, '[data-testid=note]').allInnerTexts()).not.toEqual([]);
    // Open every note, so that its payload-bearing blocks are rendered and visible too.
    await page.evaluate((host) => {
      const root = document.querySelector(host)!.shadowRoot!;
      root.querySelectorAll<HTMLElement>('[data-testid=note] summary, [data-testid=note] button[aria-expanded=false]').forEach((b) => b.click());
    }, READER_HOST);
    expect(await inReader(page, '[data-testid=chapter-text]').textContent()).toContain(NOTE_MARKER);
    // Hover and focus everything in the story text, as a reader would.
    for (const block of await inReader(page, '[data-block-index]').all()) await block.hover({ force: true }).catch(() => undefined);
    await settle(page, true);

    // The site's own rendering of its page runs some payloads (it is the site's page); the reader none.
    const all = await hits(page);
    expect(Object.keys(all).length).toBeGreaterThan(0);
    expect(await readerHits(page)).toEqual([]);
    expect(dialogs).toEqual([]);

    const found = await page.evaluate(
      ({ host, forbidden }) => {
        const root = document.querySelector(host)!.shadowRoot!;
        const problems: string[] = [];
        // Anywhere in the reader: no inline handlers, no code, no frames, no foreign markup.
        for (const el of root.querySelectorAll('*')) {
          for (const a of el.attributes) if (/^on/i.test(a.name)) problems.push(`${el.localName}[${a.name}]`);
        }
        for (const tag of ['script', 'iframe', 'object', 'embed', 'form', 'svg', 'math', 'link', 'meta', 'base', 'frame'])
          if (root.querySelector(tag)) problems.push(`<${tag}> in the reader`);
        if (root.querySelectorAll('style').length !== 1) problems.push('a <style> other than the reader stylesheet');
        // Inside story and note blocks: only the allow-list.
        for (const block of root.querySelectorAll('[data-block-index] > div:first-child')) {
          for (const el of block.querySelectorAll('*')) {
            if (forbidden.includes(el.localName)) problems.push(`<${el.localName}> in a block`);
            if (el.hasAttribute('style')) problems.push(`style= on <${el.localName}>`);
            const href = el.getAttribute('href');
            if (href !== null && !/^(https?:|mailto:|#|\/)/i.test(href.trim())) problems.push(`href=${href}`);
            const src = el.getAttribute('src');
            if (src !== null && !/^https?:/i.test(src.trim())) problems.push(`src=${src}`);
            for (const a of el.attributes) if (/javascript:|vbscript:|data:|xss\.invalid/i.test(a.value)) problems.push(`${a.name}=${a.value}`);
          }
        }
        return { problems, blocks: root.querySelectorAll('[data-block-index]').length };
      },
      { host: READER_HOST, forbidden: FORBIDDEN_TAGS },
    );
    expect(found.blocks).toBeGreaterThan(10);
    expect(found.problems).toEqual([]);
    await page.close();
  });
});

describe("the extension's own pages and code", () => {
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    permissions?: string[];
    optional_permissions?: string[];
    host_permissions?: string[];
    content_security_policy?: { extension_pages?: string };
    web_accessible_resources?: unknown;
    externally_connectable?: unknown;
  };
  const bundles = (function walk(dir: string): string[] {
    return readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? walk(p) : /\.(js|html)$/.test(f) ? [p] : [];
    });
  })(EXTENSION_DIR);
  const code = bundles.filter((f) => f.endsWith('.js')).map((f) => ({ f, text: readFileSync(f, 'utf8') }));

  it('keeps a strict CSP on extension pages', () => {
    const csp = manifest.content_security_policy?.extension_pages ?? '';
    const directives = Object.fromEntries(
      csp.split(';').map((d) => d.trim().split(/\s+/)).filter((d) => d[0]).map(([k, ...v]) => [k, v]),
    );
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'self'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-|https?:|\*|data:|blob:/);
    expect(manifest.web_accessible_resources).toBeUndefined();
    expect(manifest.externally_connectable).toBeUndefined();
  });

  it('holds no eval, no new Function, no remote script', () => {
    expect(code.length).toBeGreaterThanOrEqual(3);
    for (const { f, text } of code) {
      expect(text, f).not.toMatch(/\beval\s*\(/);
      expect(text, f).not.toMatch(/new\s+Function\s*\(/);
      expect(text, f).not.toMatch(/\bFunction\s*\(\s*["'`]/);
      expect(text, f).not.toMatch(/set(Timeout|Interval)\s*\(\s*["'`]/);
      expect(text, f).not.toMatch(/importScripts\s*\(|import\s*\(\s*["'`]https?:/);
    }
    for (const f of bundles.filter((b) => b.endsWith('.html'))) {
      const html = readFileSync(f, 'utf8');
      expect(html, f).not.toMatch(/<script(?![^>]*\bsrc=["']\/)[^>]*>/);
    }
  });

  it('asks only for permissions its code uses', () => {
    const all = code.map((c) => c.text).join('\n');
    // What each permission is for, as the built code must show it.
    const evidence: Record<string, RegExp[]> = {
      storage: [/\.storage\b/],
      alarms: [/\.alarms\.(create|get|clear|onAlarm)/],
      scripting: [/\.scripting\b/, /\.executeScript\(/],
      // activeTab grants the current tab's host to the scripting call above, on a user gesture.
      activeTab: [/\.scripting\b/, /\.executeScript\(/],
      notifications: [/\.notifications\.create/],
    };
    for (const p of [...(manifest.permissions ?? []), ...(manifest.optional_permissions ?? [])]) {
      expect(evidence[p], `no reason known for permission "${p}"`).toBeDefined();
      for (const re of evidence[p]) expect(re.test(all), `permission "${p}" is not used (no ${re} in the built code)`).toBe(true);
    }
    // Hosts: the supported story sites only, never all URLs.
    for (const h of manifest.host_permissions ?? []) {
      expect(h).not.toMatch(/<all_urls>|^\*:\/\/\*\/|^https?:\/\/\*\//);
      expect(h).toMatch(/^(\*|https):\/\/[a-z0-9.-]+\/\*$/);
    }
  });

  it('names no server but the story sites in its code', () => {
    const hosts = new Set(
      code.flatMap(({ text }) => [...text.matchAll(/https?:\/\/([a-z0-9-]+(?:\.[a-z0-9-]+)+)/gi)].map((m) => m[1].toLowerCase())),
    );
    const sites = new Set((manifest.host_permissions ?? []).map((h) => h.replace(/^[^:]+:\/\/|\/\*$/g, '')));
    // XML namespace names (DOMPurify, the DOM library) are identifiers, not servers; reserved
    // example domains (RFC 2606, the generic reader's example URL) cannot be anyone's server.
    const others = [...hosts].filter(
      (h) => !sites.has(h) && h !== 'www.w3.org' && !/(^|\.)example\.(org|com|net)$|\.(invalid|test)$/.test(h),
    );
    expect(others).toEqual([]);
  });
});

describe('what the extension sends over the network', () => {
  it('reads a few chapters and contacts only the story sites, never a state-changing link', async () => {
    for (const url of [
      'https://archiveofourown.org/works/51842093/chapters/131377520',
      'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice',
    ]) {
      const page = await s.context.newPage();
      await page.goto(url);
      await page.locator(`${READER_HOST}[data-state="reader"]`).waitFor({ timeout: 15_000 });
      await inReader(page, '[data-testid=next-chapter]').first().waitFor();
      await page.close();
    }
    // The worker's update check of a story (its only background requests): seen here too.
    const before = allRequests.length;
    const popup = await s.context.newPage();
    await popup.goto(`chrome-extension://${s.extensionId}/popup.html`);
    const run = await popup.evaluate(() =>
      (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome.runtime.sendMessage({
        type: 'updates/check-now',
        storyKey: 'ffnet:14022518',
      }),
    );
    expect(run).toMatchObject({ checked: 1 });
    await popup.close();
    expect(allRequests.slice(before).filter((u) => u.includes('www.fanfiction.net/s/14022518'))).not.toEqual([]);

    const sites = new Set(
      [...s.pages.keys(), ...[
        'archiveofourown.org', 'www.fanfiction.net', 'm.fanfiction.net', 'www.fictionpress.com',
      ].map((h) => `https://${h}/`)].map((u) => new URL(u).hostname),
    );
    const offSite = allRequests.filter((u) => {
      const url = new URL(u);
      if (url.protocol === 'chrome-extension:' || url.protocol === 'data:') return false;
      return !sites.has(url.hostname) && url.hostname !== 'xss.invalid';
    });
    expect(offSite).toEqual([]);
    const stateChanging = allRequests.filter((u) =>
      /\/kudos|\/comments|show_comments|add_comment|mark_as_read|\/subscriptions|\/bookmarks\/new|\/favorite|\/follow|\/review/i.test(u),
    );
    expect(stateChanging).toEqual([]);
  });
});
