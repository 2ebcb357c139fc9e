import { afterAll, describe, expect, it } from 'vitest';
import { createNotesHandlers } from '../../../lib/background/notes-handlers';
import { detectForPage } from '../../../lib/background/notes-detect';
import { contentScriptRefusal } from '../../../lib/background/senders';
import { finishChapter, readPage } from '../../../lib/chapter/read-chapter';
import { purifySanitizer } from '../../../lib/chapter/sanitize';
import { openLibrary } from '../../../lib/library/schema';
import { correctNote } from '../../../lib/library/note-memory';
import { fingerprint } from '../../../lib/notes/fingerprint';
import { detectRequestRefusal, isDetectAnswer, MAX_DETECT_BLOCKS, MAX_DETECT_CHARS, type DetectBlock } from '../../../lib/notes/remote';
import { applyDetection, detectBlocks, undetected } from '../../../lib/reader/corrections';
import { adapterFor } from '../../../lib/sites/registry';
import { isExtractError, type Chapter } from '../../../lib/sites/types';
import { pageCases, pageExpected, pageHtml } from '../../site-fixtures';
import { freshName } from '../library/helpers';
import { loadPage } from '../sites/load-page';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
});

/** A fixture page read as the content script reads it: adapter + sanitiser, no detector yet. */
function readFixture(name: string): Chapter | null {
  const { url } = pageExpected(name);
  const { doc, close } = loadPage(pageHtml(name), url);
  closers.push(close);
  const page = readPage(adapterFor(url), doc, url, purifySanitizer(doc.defaultView as unknown as Window));
  return isExtractError(page) ? null : page;
}

/** The worker's round trip as the page makes it, without the messaging. */
function viaWorker(page: Chapter, memory = { noteFingerprints: [] as string[], corrections: {} }, langKnown = false): Chapter {
  const blocks = detectBlocks(page);
  const answer = detectForPage({ storyKey: 'x:1', lang: page.lang ?? null, blocks, ...(langKnown ? { langKnown } : {}) }, memory);
  expect(isDetectAnswer(JSON.parse(JSON.stringify(answer)), blocks.length)).toBe(true);
  return applyDetection(page, JSON.parse(JSON.stringify(answer)));
}

const clone = <T>(x: T): T => structuredClone(x);

describe('the notes detector run by the worker', () => {
  const cases = pageCases().filter((c) => c.kind === 'page');
  it.each(cases.map((c) => c.name))('decides %s exactly as the detector in the page did', (name) => {
    const page = readFixture(name);
    if (!page) return;
    const local = finishChapter(clone(page), null);
    expect(viaWorker(clone(page))).toEqual(local);
  });

  it('sends a plain paragraph as its text alone, anything else whole', () => {
    const page = { blocks: [
      { kind: 'story', html: '<p>Rain.</p>', text: 'Rain.', source: 'body' },
      { kind: 'story', html: '<p><em>Rain.</em></p>', text: 'Rain.', source: 'body' },
      { kind: 'separator', html: '<hr>', text: '', source: 'body' },
      { kind: 'note', html: '<p>Work notes</p>', text: 'Work notes', source: 'structured' },
    ] } as unknown as Chapter;
    expect(detectBlocks(page)).toEqual([['', 'Rain.', 2], ['<p><em>Rain.</em></p>', 'Rain.', 0], ['<hr>', '', 1]]);
  });

  it('detects again with a memory exactly as before (corrections and learned notes)', () => {
    const page = readFixture('ffnet-chapter-middle')!;
    const first = finishChapter(clone(page), null);
    const body = first.blocks.filter((b) => b.source === 'body' && b.text.trim());
    const memory = {
      noteFingerprints: [fingerprint(body[body.length - 1].text)],
      corrections: { [fingerprint(body[0].text)]: 'story' as const, [fingerprint(body[3].text)]: 'note' as const },
    };
    // What the page ran before (corrections.ts redetect): the detector's decisions taken back, the
    // chapter's language kept.
    const local = finishChapter(undetected(first), null, memory, first.lang ?? undefined);
    const remote = viaWorker(undetected(first), memory, true);
    expect(remote).toEqual(local);
    expect(remote.blocks.find((b) => b.text === body[0].text)!.kind).toBe('story');
  });
});

describe('notes/detect requests (a tab is hostile)', () => {
  const ok = { storyKey: 'ffnet:1', lang: 'en', blocks: [['<p>Hi</p>', 'Hi', 0]] as DetectBlock[] };

  it('accepts a 300k-word chapter and refuses what is too big or malformed, clearly', () => {
    const para = 'word '.repeat(30).trim();
    const big: DetectBlock[] = Array.from({ length: 10_000 }, () => [`<p>${para}</p>`, para, 0]);
    expect(detectRequestRefusal({ ...ok, blocks: big })).toBeNull();
    expect(detectRequestRefusal({ ...ok, blocks: new Array(MAX_DETECT_BLOCKS + 1).fill(['', '', 0]) })).toMatch(/more than/);
    const huge = 'x'.repeat(MAX_DETECT_CHARS / 2 + 1);
    expect(detectRequestRefusal({ ...ok, blocks: [[huge, huge, 0]] })).toMatch(/characters/);
    expect(detectRequestRefusal(null)).toMatch(/not a request/);
    expect(detectRequestRefusal({ ...ok, blocks: 'nope' })).toMatch(/invalid blocks/);
    expect(detectRequestRefusal({ ...ok, blocks: [['<p>', 5, 0]] })).toMatch(/invalid block/);
    expect(detectRequestRefusal({ ...ok, blocks: [['<p>', '', 4]] })).toMatch(/invalid block/);
    // A plain paragraph is sent as its text alone.
    expect(detectRequestRefusal({ ...ok, blocks: [['<p>Hi</p>', 'Hi', 2]] })).toMatch(/invalid block/);
    expect(detectRequestRefusal({ ...ok, blocks: [['', 'Hi', 2]] })).toBeNull();
    expect(detectRequestRefusal({ ...ok, lang: { x: 1 } })).toMatch(/invalid lang/);
    expect(detectRequestRefusal({ ...ok, memory: { noteFingerprints: [1], corrections: {} } })).toMatch(/invalid memory/);
    expect(detectRequestRefusal({ ...ok, memory: { noteFingerprints: [], corrections: { a: 'maybe' } } })).toMatch(/invalid memory/);
  });

  it('the handler rejects a bad message with its reason, and answers a good one with the story memory', async () => {
    const db = await openLibrary(freshName('notes-detect'));
    const handlers = createNotesHandlers({ db: Promise.resolve(db), now: () => 1 });
    const detect = handlers['notes/detect'];
    await expect(detect({ type: 'notes/detect', ...ok, blocks: [[1, 2, 3]] } as never)).rejects.toThrow(/invalid block/);
    await expect(detect({ type: 'notes/detect', ...ok, storyKey: 'nokey' })).rejects.toThrow(/invalid storyKey/);
    await expect(detect(undefined as never)).rejects.toThrow(/not a request/);
    const text = 'Disclaimer: I do not own these characters, sadly.';
    await correctNote(db, 'ffnet:1', text, 'story', 1);
    const res = await detect({ type: 'notes/detect', ...ok, blocks: [[`<p>${text}</p>`, text, 0], ['<p>The rain went on.</p>', 'The rain went on.', 0]] });
    expect(isDetectAnswer(res, 2)).toBe(true);
    expect(res.memory.corrections[fingerprint(text)]).toBe('story');
    expect(res.decisions[0]).toMatchObject({ kind: 'story', confidence: 1 });
    db.close();
  });

  it('a page may ask only about a story of its own site', () => {
    const url = 'https://www.fanfiction.net/s/1/1/';
    expect(contentScriptRefusal('notes/detect', { ...ok }, url)).toBeNull();
    expect(contentScriptRefusal('notes/detect', { ...ok, storyKey: 'ao3:1' }, url)).toMatch(/not of this page's site/);
  });

  it('the page refuses an answer that is not one', () => {
    const answer = detectForPage({ ...ok }, { noteFingerprints: [], corrections: {} });
    expect(isDetectAnswer(answer, 1)).toBe(true);
    expect(isDetectAnswer(answer, 2)).toBe(false);
    expect(isDetectAnswer({ ...answer, decisions: [{ kind: 'evil', confidence: 1 }] }, 1)).toBe(false);
    expect(isDetectAnswer({ ...answer, decisions: [{ kind: 'note', confidence: 7 }] }, 1)).toBe(false);
    expect(isDetectAnswer({ story: {}, position: null }, 1)).toBe(false);
  });
});
