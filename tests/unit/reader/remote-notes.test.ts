/**
 * The session as the content script runs it: the page read here, the notes decided by the worker
 * (lib/background/notes-detect.ts, behind a fake runtime that answers, answers late, answers
 * garbage or not at all).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { purifySanitizer } from '../../../lib/chapter/sanitize';
import type { DetectRequest } from '../../../lib/notes/remote';
import { startSession, type Session, type SessionDeps } from '../../../lib/reader/session';
import { memoryStorage } from './memory-storage';
import { adapterFor } from '../../../lib/sites/registry';
import { casePage } from '../../site-fixtures';
import { workerDetect } from './fixtures';
import { readerUi } from '../../../components/reader/ui';

const FFN = 'https://www.fanfiction.net/s/14022518/3/The-Cartographer-s-Apprentice';
const AN_TOP = 'A/N: Thank you so much to everyone';

function usePage(name: string) {
  const html = casePage(name)
    .replace(/<link rel="stylesheet"[^>]*>/g, '')
    .replace(/<script[\s\S]*?<\/script>/g, '');
  const doc = new DOMParser().parseFromString(html, 'text/html');
  document.head.innerHTML = doc.head.innerHTML;
  document.body.innerHTML = doc.body.innerHTML;
}


let session: Session | null = null;
afterEach(() => {
  session?.destroy();
  session = null;
  document.head.innerHTML = '';
  document.body.innerHTML = '';
  for (const el of document.querySelectorAll('calm-reader-root')) el.remove();
  document.documentElement.removeAttribute('style');
  vi.restoreAllMocks();
});

/** A runtime whose worker answers notes/detect with `detect`; the library answers nothing much. */
function runtimeWith(detect: (m: DetectRequest) => unknown) {
  const sent: Array<{ type: string } & Record<string, unknown>> = [];
  return {
    sent,
    runtime: {
      sendMessage: vi.fn(async (m: unknown) => {
        const msg = m as { type: string } & DetectRequest;
        sent.push(msg as unknown as { type: string } & Record<string, unknown>);
        if (msg.type === 'notes/detect') return detect(msg);
        if (msg.type === 'chapter/visited') return { story: {}, position: null };
        return {};
      }),
    },
  };
}

function deps(runtime: SessionDeps['runtime'], patch: Partial<SessionDeps> = {}): SessionDeps {
  usePage('ffnet-chapter-middle');
  return {
    ui: readerUi,
    doc: document,
    win: window,
    url: FFN,
    adapter: adapterFor(FFN),
    storage: memoryStorage(),
    runtime,
    navigate: vi.fn(),
    sanitize: purifySanitizer(window),
    afterPaint: (fn) => fn(),
    visitTimeoutMs: 50,
    memoryTimeoutMs: 50,
    detectTimeoutMs: 50,
    isTrustedInput: () => true,
    ...patch,
  };
}

const blocks = () => session!.controller!.chapter.blocks;
const kindOf = (text: string) => blocks().find((b) => b.text.startsWith(text))!.kind;
const roots = () => [...document.querySelectorAll('calm-reader-root')] as HTMLElement[];
const notice = () => roots().map((r) => r.shadowRoot!.querySelector('[data-testid=notice]')).find((n) => n) ?? null;
const readerShadow = () => session!.controller!.shadowHost.shadow;

function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

describe('the notes detector in the worker, seen from the page', () => {
  it('the worker decides before the first frame: the notes are collapsed at once, the round trip timed', async () => {
    const { runtime, sent } = runtimeWith((m) => workerDetect(m));
    const phases: string[] = [];
    const took: number[] = [];
    session = await startSession(deps(runtime, { onPhase: (n, e) => phases.push(`${n}-${e}`), onWorkerDetect: (ms) => took.push(ms) }));
    expect(kindOf(AN_TOP)).toBe('note');
    const group = readerShadow().querySelector('[data-testid=note]')!;
    expect(group.getAttribute('data-expanded')).toBe('false');
    expect(notice()).toBeNull();
    expect(phases).toEqual(['read-start', 'read-end', 'detect-start', 'detect-end']);
    expect(took).toHaveLength(1);
    const request = sent.find((m) => m.type === 'notes/detect') as unknown as DetectRequest;
    expect(request.storyKey).toBe('ffnet:14022518');
    // Only the body blocks go, as [html, text, divider].
    expect(request.blocks.length).toBe(blocks().filter((b) => b.source === 'body').length);
    // The chapter's edges were fingerprinted by the worker and sent to learn from.
    await session.learned;
    const learn = sent.find((m) => m.type === 'notes/learn')!;
    expect((learn.edges as string[]).length).toBeGreaterThan(0);
  });

  it('no answer in time: the chapter opens whole with the notes in place and a quiet notice; the late answer is applied', async () => {
    const late = deferred<unknown>();
    let request: DetectRequest | null = null;
    const { runtime } = runtimeWith((m) => ((request = m), late.promise));
    session = await startSession(deps(runtime));
    // Every paragraph is there, the note shown as story text, nothing hidden.
    expect(kindOf(AN_TOP)).toBe('story');
    expect(blocks().filter((b) => b.source === 'body').every((b) => b.kind !== 'note')).toBe(true);
    expect(readerShadow().querySelector('[data-testid=note]')).toBeNull();
    expect(notice()!.textContent).toContain("Author's notes could not be checked");
    expect(notice()!.getAttribute('role')).toBe('status');
    late.resolve(workerDetect(request));
    await vi.waitFor(() => expect(kindOf(AN_TOP)).toBe('note'));
    expect(readerShadow().querySelector('[data-testid=note]')!.getAttribute('data-expanded')).toBe('false');
    expect(notice()).toBeNull();
  });

  it('a late answer is left alone once the reader has moved', async () => {
    const late = deferred<unknown>();
    let request: DetectRequest | null = null;
    const { runtime } = runtimeWith((m) => ((request = m), late.promise));
    session = await startSession(deps(runtime));
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'PageDown' }));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    late.resolve(workerDetect(request));
    await late.promise;
    await session.learned;
    expect(kindOf(AN_TOP)).toBe('story');
    expect(warn).not.toHaveBeenCalled();
  });

  it.each([
    ['answers garbage', () => ({ story: {}, position: null })],
    ['answers too few decisions', (m: DetectRequest) => ({ ...(workerDetect(m) as object), decisions: [] })],
    ['is gone (extension reloaded)', () => Promise.reject(new Error('Extension context invalidated.'))],
  ])('a worker that %s: the chapter opens whole, notes in place, with the notice', async (_what, answer) => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const { runtime } = runtimeWith(answer as (m: DetectRequest) => unknown);
    session = await startSession(deps(runtime));
    expect(kindOf(AN_TOP)).toBe('story');
    expect(readerShadow().querySelector('[data-testid=chapter-title]')).not.toBeNull();
    expect(notice()!.textContent).toContain("Author's notes could not be checked");
  });

  it('a correction is shown at once, then the worker detects again with the new memory', async () => {
    const seen: DetectRequest[] = [];
    const { runtime, sent } = runtimeWith((m) => (seen.push(m), workerDetect(m)));
    session = await startSession(deps(runtime));
    expect(kindOf(AN_TOP)).toBe('note');
    readerShadow().querySelector<HTMLButtonElement>('[data-testid=mark-story]')!.click();
    // at once, before any answer
    expect(kindOf(AN_TOP)).toBe('story');
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    // The library said nothing useful ({}): the page's own memory with the correction is sent.
    expect(Object.values(seen[1].memory!.corrections)).toContain('story');
    expect(seen[1].langKnown).toBe(true);
    expect(sent.some((m) => m.type === 'notes/correct')).toBe(true);
    await vi.waitFor(() => expect(session!.controller!.chapter.blocks.find((b) => b.text.startsWith(AN_TOP))!.confidence).toBe(1));
    expect(kindOf(AN_TOP)).toBe('story');
  });
});
