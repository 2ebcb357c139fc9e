/** The reader view's on-demand parts: rendered once their code is there, loaded once, failures harmless. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { ChapterList, partsFromFile, readerParts, setPartsLoader, type ReaderParts } from '../../../components/reader/lazy-parts';
import * as parts from '../../../components/reader/parts';
import { READER_PARTS_GLOBAL, SHARED_PREACT, SHARED_PREACT_GLOBAL } from '../../../components/reader/shared-preact';
import { sharedPreactSource } from '../../../modules/reader-parts';
import type { StoryState } from '../../../lib/reader/story-state';

const story: StoryState = {
  toc: [
    { id: '1', title: 'One', url: 'https://example.org/1' },
    { id: '2', title: 'Two', url: 'https://example.org/2' },
  ],
  read: new Set(),
  lastChapterId: null,
  followed: null,
} as unknown as StoryState;

const host = () => {
  const el = document.createElement('div');
  document.body.append(el);
  return el;
};
const settle = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => {
  // The other tests' loader (tests/unit/setup.ts).
  setPartsLoader(() => parts);
  document.body.innerHTML = '';
});

describe('lazy reader parts', () => {
  it('render nothing until the code arrives, then the part; the code is asked for once', async () => {
    let resolve!: (p: ReaderParts) => void;
    const load = vi.fn(() => new Promise<ReaderParts>((r) => (resolve = r)));
    setPartsLoader(load);
    const a = host();
    const b = host();
    render(<ChapterList story={story} currentId="1" onGo={() => undefined} onClose={() => undefined} />, a);
    render(<ChapterList story={story} currentId="2" onGo={() => undefined} onClose={() => undefined} />, b);
    expect(a.querySelector('[data-testid=chapter-list]')).toBeNull();
    resolve(parts);
    await vi.waitFor(() => expect(a.querySelector('[data-testid=chapter-list]')).not.toBeNull());
    expect(b.querySelector('[data-testid=chapter-list] [aria-current=page]')?.textContent).toContain('Two');
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a loader that fails leaves the view without the part and is asked again later', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const load = vi.fn<() => Promise<ReaderParts>>().mockRejectedValueOnce(new Error('offline')).mockResolvedValue(parts);
    setPartsLoader(load);
    expect(readerParts()).toBeNull();
    await settle();
    expect(warn).toHaveBeenCalled();
    expect(readerParts()).toBeNull();
    await settle();
    expect(readerParts()).toBe(parts);
    expect(load).toHaveBeenCalledTimes(2);
    warn.mockRestore();
  });

  it('partsFromFile shares Preact before importing the file and takes what the file left', async () => {
    const scope: Record<string, unknown> = {};
    const imported: string[] = [];
    const load = partsFromFile(
      'chrome-extension://x/reader-parts.js',
      async (url) => {
        imported.push(url);
        // What the built file does: read the shared Preact (modules/reader-parts.ts), leave the parts.
        expect(scope[SHARED_PREACT_GLOBAL]).toBe(SHARED_PREACT);
        scope[READER_PARTS_GLOBAL] = parts;
      },
      scope,
    );
    expect(await load()).toBe(parts);
    expect(imported).toEqual(['chrome-extension://x/reader-parts.js']);
    await expect(partsFromFile('u', async () => undefined, {})()).rejects.toThrow('no reader parts');
  });

  it("the parts' build reads exactly the shared names", () => {
    const src = sharedPreactSource('preact/hooks');
    expect(src).toContain(`globalThis["${SHARED_PREACT_GLOBAL}"]["preact/hooks"]`);
    for (const name of Object.keys(SHARED_PREACT['preact/hooks'])) expect(src).toContain(`export const ${name} = m.${name};`);
  });
});
