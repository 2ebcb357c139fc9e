/**
 * Broken layouts: every fixture page, many times over, with random elements removed or renamed and
 * random attributes removed or changed (a seeded generator, so a failure names its seed). The
 * extraction pipeline must return a chapter or a typed error and never throw; a chapter it returns
 * shows text that is on the page, and always some story text (never an empty reader).
 */
import { describe, expect, it, vi } from 'vitest';
import { extractChapter } from '../../../lib/chapter/extract';
import { isExtractError, type Chapter, type ExtractErrorKind } from '../../../lib/sites/types';
import { loadPage } from '../sites/load-page';
import { pageCases, pageExpected, pageHtml } from '../../site-fixtures';
import { rng, pick } from '../../rng';

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const KINDS: ExtractErrorKind[] = [
  'not-chapter',
  'layout-changed',
  'unsupported',
  'login-required',
  'not-found',
  'rate-limited',
  'bot-check',
  'adult-warning',
  'listing',
];

const fixtures = pageCases().map((c) => ({ name: c.name, url: pageExpected(c.name).url }));

const RENAMES = ['div', 'span', 'section', 'p', 'font', 'article', 'x-unknown'];
const VALUES = ['', 'x', 'chapter', 'userstuff', 'notes', 'storytext', 'display:none', '-1', '99999999', 'javascript:void(0)'];

/** Break the document in 1..12 random ways; returns what was done, for the failure message. */
function mutate(doc: Document, r: () => number): string[] {
  const done: string[] = [];
  const n = 1 + Math.floor(r() * 12);
  for (let i = 0; i < n; i++) {
    const all = Array.from(doc.body?.querySelectorAll('*') ?? []);
    if (!all.length) break;
    const el = pick(r, all);
    const what = r();
    if (what < 0.3) {
      done.push(`remove <${el.tagName.toLowerCase()}>`);
      el.remove();
    } else if (what < 0.5) {
      // rename: a new element of another name with the same attributes and children
      const tag = pick(r, RENAMES);
      const copy = doc.createElement(tag);
      for (const a of Array.from(el.attributes)) copy.setAttribute(a.name, a.value);
      while (el.firstChild) copy.appendChild(el.firstChild);
      el.replaceWith(copy);
      done.push(`rename <${el.tagName.toLowerCase()}> to <${tag}>`);
    } else if (what < 0.75) {
      const attrs = Array.from(el.attributes);
      if (!attrs.length) continue;
      const a = pick(r, attrs);
      el.removeAttribute(a.name);
      done.push(`remove ${a.name} of <${el.tagName.toLowerCase()}>`);
    } else if (what < 0.9) {
      const attrs = Array.from(el.attributes);
      const name = attrs.length && r() < 0.7 ? pick(r, attrs).name : pick(r, ['class', 'id', 'href', 'style', 'role']);
      const value = pick(r, VALUES);
      el.setAttribute(name, value);
      done.push(`set ${name}="${value}" on <${el.tagName.toLowerCase()}>`);
    } else {
      // unwrap: children take the element's place
      el.replaceWith(...Array.from(el.childNodes));
      done.push(`unwrap <${el.tagName.toLowerCase()}>`);
    }
  }
  return done;
}

/** Text without any whitespace: block text puts spaces at <br> and block edges, textContent does not. */
const norm = (s: string) => s.replace(/[\s\u00a0\u200b-\u200d\u2060\ufeff]+/g, '');

describe.each(fixtures)('$name under random damage', ({ name, url }) => {
  const html = pageHtml(name);

  it(`returns a chapter or a typed error, ${RUNS} times, never throwing or showing an empty chapter`, { timeout: 60_000 }, async () => {
    // Adapters log what they could not find; the noise is expected here.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const failures: string[] = [];
    let chapters = 0;
    let errors = 0;
    try {
      for (let seed = 1; seed <= RUNS; seed++) {
        const page = loadPage(html, url);
        const done = mutate(page.doc, rng(seed * 7919 + name.length));
        const where = `seed ${seed} [${done.join('; ')}]`;
        const pageText = norm(page.doc.body?.textContent ?? '');
        try {
          const result = extractChapter(page.doc, url);
          if (isExtractError(result)) {
            errors++;
            if (!KINDS.includes(result.kind)) failures.push(`untyped error ${result.kind}: ${where}`);
            if (!/\S/.test(result.error)) failures.push(`empty error message: ${where}`);
            // extractChapter turns an adapter's exception into this message: the adapter threw.
            if (/could not read this page \(/.test(result.error)) failures.push(`adapter threw (${result.error}): ${where}`);
            continue;
          }
          chapters++;
          const c = result as Chapter;
          if (!c.blocks.some((b) => b.kind === 'story' && b.text.trim())) failures.push(`chapter with no story text: ${where}`);
          // Separators may carry a heading the adapter writes ("Chapter 2" on a whole-work page).
          for (const b of c.blocks)
            if (b.text && b.kind !== 'separator' && !pageText.includes(norm(b.text))) failures.push(`text not on the page (${b.text.slice(0, 40)}…): ${where}`);
          if (!/\S/.test(c.title) || !/\S/.test(c.storyId)) failures.push(`no title or story id: ${where}`);
        } catch (e) {
          failures.push(`threw ${String(e)}: ${where}`);
        } finally {
          await page.close();
        }
      }
    } finally {
      warn.mockRestore();
      error.mockRestore();
    }
    expect(failures).toEqual([]);
    expect(chapters + errors).toBe(RUNS);
  });
});
