import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReaderController } from '../../../lib/reader/controller';
import {
  around,
  BLOCK_EM,
  blockCount,
  chunkItems,
  chunkOfBlock,
  chunkSize,
  CHUNK_BLOCKS,
  EAGER_BLOCKS,
  estimateChunkEm,
  fillOrder,
  shouldChunk,
} from '../../../lib/reader/chunks';
import { groupBlocks } from '../../../lib/reader/notes';
import { locate, PENDING_ATTR } from '../../../lib/reader/position';
import { DEFAULT_SETTINGS } from '../../../lib/settings/settings';
import type { Block } from '../../../lib/sites/types';
import { makeChapter, note, sep, story } from './fixtures';
import { readerUi } from '../../../components/reader/ui';

/** n story blocks with a note group (note, sep, note) every 25 blocks. */
function blocks(n: number): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 25 === 10 && i + 3 < n) {
      out.push(note(`note ${i}`), sep(), note(`more ${i}`));
      i += 2;
    } else out.push(story(`paragraph ${i}`));
  }
  return out;
}

describe('chunkItems', () => {
  it('covers every item once, in order, and never splits a note group', () => {
    const items = groupBlocks(blocks(1000));
    const chunks = chunkItems(items, 60);
    expect(chunks[0].start).toBe(0);
    expect(chunks.at(-1)!.end).toBe(items.length);
    for (let k = 1; k < chunks.length; k++) {
      expect(chunks[k].start).toBe(chunks[k - 1].end);
      expect(chunks[k].firstBlock).toBe(chunks[k - 1].lastBlock + 1);
    }
    expect(chunks.at(-1)!.lastBlock).toBe(999);
    expect(chunks.reduce((n, c) => n + c.blocks + c.notes, 0)).toBe(items.length);
    // about 60 blocks each (a chunk closes once it reached the target)
    for (const c of chunks.slice(0, -1)) expect(c.lastBlock - c.firstBlock + 1).toBeGreaterThanOrEqual(60);
    for (const c of chunks) expect(c.lastBlock - c.firstBlock + 1).toBeLessThanOrEqual(62);
  });

  it('chunks grow with the chapter: 20 blocks up to 160 blocks, 60 from 480 on', () => {
    expect(chunkSize(150)).toBe(CHUNK_BLOCKS);
    expect(chunkSize(300)).toBe(38);
    expect(chunkSize(1500)).toBe(60);
    const small = chunkItems(groupBlocks(blocks(150)));
    expect(small.length).toBeGreaterThanOrEqual(6);
    expect(chunkItems(groupBlocks(blocks(1500))).length).toBeLessThanOrEqual(26);
  });

  it('no items, no chunks', () => {
    expect(chunkItems([])).toEqual([]);
    expect(chunkOfBlock([], 3)).toBe(-1);
  });

  it('short chapters are not chunked; from a 10k-word chapter (~150 blocks) on, the first screen renders first', () => {
    expect(shouldChunk(groupBlocks(blocks(40)))).toBe(false);
    expect(shouldChunk(groupBlocks(blocks(EAGER_BLOCKS)))).toBe(false);
    expect(shouldChunk(groupBlocks(blocks(150)))).toBe(true);
    expect(shouldChunk(groupBlocks(blocks(1000)))).toBe(true);
    expect(blockCount(groupBlocks(blocks(1000)))).toBe(1000);
  });
});

describe('chunkOfBlock / around / fillOrder', () => {
  const chunks = chunkItems(groupBlocks(blocks(1000)), 60);
  it('finds the chunk holding a block, also inside a note group', () => {
    for (const b of [0, 11, 12, 59, 60, 500, 999]) {
      const k = chunkOfBlock(chunks, b);
      expect(chunks[k].firstBlock).toBeLessThanOrEqual(b);
      expect(chunks[k].lastBlock).toBeGreaterThanOrEqual(b);
    }
    expect(chunkOfBlock(chunks, 5000)).toBe(chunks.length - 1);
  });

  it('around: the chunk and its neighbours, clamped', () => {
    expect(around(10, 0)).toEqual([0, 1]);
    expect(around(10, 5)).toEqual([4, 5, 6]);
    expect(around(10, 9)).toEqual([8, 9]);
    expect(around(10, 42)).toEqual([8, 9]);
    expect(around(1, 0)).toEqual([0]);
  });

  it('fillOrder: outward from the reading position, after before before, skipping rendered', () => {
    expect(fillOrder(6, 2)).toEqual([2, 3, 1, 4, 0, 5]);
    expect(fillOrder(6, 2, new Set([1, 2, 3]))).toEqual([4, 0, 5]);
    expect(fillOrder(3, 0, new Set([0, 1, 2]))).toEqual([]);
    // stale indices (the chunks changed) do not stop the fill
    expect(fillOrder(3, 0, new Set([7, 8, 9]))).toEqual([0, 1, 2]);
  });

  it('estimates a placeholder like content-visibility sizes blocks never laid out', () => {
    const c = { start: 0, end: 10, firstBlock: 0, lastBlock: 11, blocks: 9, notes: 1 };
    expect(estimateChunkEm(c, 1)).toBeCloseTo(9 * (BLOCK_EM + 1) + 3.5);
  });
});

describe('locate', () => {
  it('a placeholder at the top of the view is a pending chunk, not a wrong block', () => {
    const view = document.createElement('div');
    let scrollTop = 100;
    Object.defineProperty(view, 'scrollTop', { get: () => scrollTop, set: (v) => (scrollTop = v) });
    view.getBoundingClientRect = () => ({ top: 0, bottom: 600, height: 600 }) as DOMRect;
    const rect = (t: number, h: number) => () => ({ top: t - scrollTop, bottom: t - scrollTop + h, height: h }) as DOMRect;
    const b0 = document.createElement('div');
    b0.dataset.blockIndex = '0';
    b0.getBoundingClientRect = rect(0, 200);
    const ph = document.createElement('div');
    ph.setAttribute(PENDING_ATTR, '1');
    ph.getBoundingClientRect = rect(200, 1000);
    const b9 = document.createElement('div');
    b9.dataset.blockIndex = '9';
    b9.getBoundingClientRect = rect(1200, 200);
    view.append(b0, ph, b9);
    expect(locate(view)).toEqual({ anchor: { blockIndex: 0, offsetRatio: 0.5 } });
    scrollTop = 500;
    expect(locate(view)).toEqual({ pendingChunk: 1 });
    scrollTop = 1300;
    expect(locate(view)).toEqual({ anchor: { blockIndex: 9, offsetRatio: 0.5 } });
  });
});

describe('ReaderController on a huge chapter', () => {
  let c: ReaderController | null = null;
  afterEach(() => {
    c?.destroy();
    c = null;
    document.body.innerHTML = '';
  });

  it('renders the chunks around the saved position first, then fills the rest', async () => {
    const chapter = makeChapter({ blocks: blocks(1500) });
    const painted: Array<() => void> = [];
    c = new ReaderController({
      ui: readerUi,
      doc: document,
      win: window,
      chapter,
      settings: { ...DEFAULT_SETTINGS },
      saveSettings: vi.fn(),
      savePosition: vi.fn(),
      navigate: vi.fn(),
      afterPaint: (fn) => painted.push(fn),
    });
    const root = (document.querySelector('calm-reader-root') as HTMLElement).shadowRoot!;
    const count = () => root.querySelectorAll('[data-block-index]').length;
    c.show();
    const first = count();
    expect(first).toBeGreaterThan(0);
    expect(first).toBeLessThan(300);
    expect(root.querySelector('[data-block-index="0"]')).not.toBeNull();
    expect(root.querySelectorAll(`[${PENDING_ATTR}]`).length).toBeGreaterThan(0);

    c.setSavedPosition({ blockIndex: 1200, offsetRatio: 0.5, updatedAt: 1 });
    // the text at the saved position is there before the restore runs
    expect(root.querySelector('[data-block-index="1200"]')).not.toBeNull();
    expect(root.querySelector('[data-block-index="1199"]')).not.toBeNull();
    expect(count()).toBeLessThan(500);
    painted.splice(0).forEach((fn) => fn());

    await vi.waitFor(() => expect(count()).toBe(1500), { timeout: 10_000, interval: 20 });
    expect(root.querySelectorAll(`[${PENDING_ATTR}]`).length).toBe(0);
    // reading order and note groups intact
    const order = Array.from(root.querySelectorAll<HTMLElement>('[data-block-index]')).map((el) => Number(el.dataset.blockIndex));
    expect(order).toEqual(order.slice().sort((a, b) => a - b));
    expect(root.querySelectorAll('[data-testid=note]').length).toBe(c.items.filter((i) => i.type === 'note').length);
    // a note toggled after the fill still works
    const id = (root.querySelector('[data-testid=note]') as HTMLElement).dataset.noteId!;
    const open = c.isNoteOpen(id);
    c.toggleNote(id);
    expect(root.querySelector(`[data-note-id="${id}"]`)!.getAttribute('data-expanded')).toBe(open ? 'false' : 'true');
  });

  it('a 10k-word chapter (150 blocks): the first screen in the first render, the rest right after it', async () => {
    const painted: Array<() => void> = [];
    c = new ReaderController({
      ui: readerUi,
      doc: document,
      win: window,
      chapter: makeChapter({ blocks: blocks(150) }),
      settings: { ...DEFAULT_SETTINGS },
      saveSettings: vi.fn(),
      savePosition: vi.fn(),
      navigate: vi.fn(),
      afterPaint: (fn) => painted.push(fn),
    });
    const root = (document.querySelector('calm-reader-root') as HTMLElement).shadowRoot!;
    const count = () => root.querySelectorAll('[data-block-index]').length;
    c.show();
    c.setSavedPosition(null);
    // The start of the chapter and about two screens' worth after it; the rest stands in as placeholders.
    expect(root.querySelector('[data-block-index="0"]')).not.toBeNull();
    expect(count()).toBeGreaterThanOrEqual(2 * CHUNK_BLOCKS);
    expect(count()).toBeLessThanOrEqual(3 * CHUNK_BLOCKS + 3);
    expect(root.querySelectorAll(`[${PENDING_ATTR}]`).length).toBeGreaterThan(0);
    painted.splice(0).forEach((fn) => fn());
    await vi.waitFor(() => expect(count()).toBe(150), { timeout: 10_000, interval: 20 });
    expect(root.querySelectorAll(`[${PENDING_ATTR}]`).length).toBe(0);
  });

  it('leaving and coming back renders only around the position again', () => {
    c = new ReaderController({
      ui: readerUi,
      doc: document,
      win: window,
      chapter: makeChapter({ blocks: blocks(1500) }),
      settings: { ...DEFAULT_SETTINGS },
      saveSettings: vi.fn(),
      savePosition: vi.fn(),
      navigate: vi.fn(),
      afterPaint: () => undefined,
    });
    const root = (document.querySelector('calm-reader-root') as HTMLElement).shadowRoot!;
    c.show();
    c.setSavedPosition({ blockIndex: 700, offsetRatio: 0, updatedAt: 1 });
    expect(root.querySelector('[data-block-index="700"]')).not.toBeNull();
    c.hide();
    c.show();
    // happy-dom has no layout: the view was at the top when left
    expect(root.querySelector('[data-block-index="0"]')).not.toBeNull();
    expect(root.querySelectorAll('[data-block-index]').length).toBeLessThan(500);
  });
});
