import { detectForPage } from '../../../lib/background/notes-detect';
import type { DetectRequest } from '../../../lib/notes/remote';
import type { StoryNoteMemory } from '../../../lib/notes/types';
import type { Block, Chapter } from '../../../lib/sites/types';

/**
 * The worker's answer to `notes/detect` (lib/background/notes-detect.ts, the real detector) with
 * this memory unless the page sent one; undefined for any other message.
 */
export function workerDetect(message: unknown, memory: StoryNoteMemory = { noteFingerprints: [], corrections: {} }): unknown {
  const m = message as DetectRequest & { type?: string };
  return m?.type === 'notes/detect' ? detectForPage(m, m.memory ?? memory) : undefined;
}

export const story = (text: string, extra: Partial<Block> = {}): Block => ({
  kind: 'story',
  html: `<p>${text}</p>`,
  text,
  source: 'body',
  ...extra,
});
export const note = (text: string, extra: Partial<Block> = {}): Block => ({
  kind: 'note',
  html: `<p>${text}</p>`,
  text,
  source: 'structured',
  noteWhere: 'before',
  ...extra,
});
export const sep = (): Block => ({ kind: 'separator', html: '<hr>', text: '', source: 'body' });

export function makeChapter(patch: Partial<Chapter> = {}): Chapter {
  return {
    site: 'ao3',
    storyId: '123',
    title: 'The Long Way Home',
    author: 'quietwriter',
    chapterIndex: 2,
    chapterCount: 5,
    chapterTitle: 'Rain',
    chapterId: '456',
    url: 'https://archiveofourown.org/works/123/chapters/456',
    storyUrl: 'https://archiveofourown.org/works/123',
    prevUrl: 'https://archiveofourown.org/works/123/chapters/455',
    nextUrl: 'https://archiveofourown.org/works/123/chapters/457',
    summary: 'Two friends walk home in the rain.',
    blocks: [
      note('Thanks for the kudos! This chapter was hard to write.', { label: 'Chapter notes' }),
      story('It was raining when they left.'),
      sep(),
      story('<em>Later</em>, the rain stopped.'.replace(/<[^>]+>/g, ''), { html: '<p><em>Later</em>, the rain stopped.</p>' }),
      story('Maybe this is a note?', { unsure: true }),
      note('See you next week.', { label: 'End notes', noteWhere: 'after' }),
    ],
    ...patch,
  };
}

const rect = (top: number, height: number, width = 800): DOMRect =>
  ({ top, bottom: top + height, height, left: 0, right: width, width, x: 0, y: top, toJSON() {} }) as DOMRect;

/**
 * A fake scroll container (happy-dom has no layout): blocks stacked below a header at the heights
 * in `heights`, geometry following scrollTop. Heights of 0 stand for blocks inside a collapsed
 * note; changing `heights` afterwards changes the layout (a bigger font, notes opened).
 */
export function fakeView(heights: number[], { top = 50, header = 200 } = {}) {
  const container = document.createElement('div');
  let scrollTop = 0;
  Object.defineProperty(container, 'scrollTop', {
    get: () => scrollTop,
    set: (v: number) => {
      scrollTop = v;
    },
  });
  container.getBoundingClientRect = () => rect(top, 600);
  const docTop = (i: number) => header + heights.slice(0, i).reduce((a, b) => a + b, 0);
  const els = heights.map((_, i) => {
    const el = document.createElement('div');
    el.dataset.blockIndex = String(i);
    el.getBoundingClientRect = () => rect(top + docTop(i) - scrollTop, heights[i]);
    container.appendChild(el);
    return { el, docTop: docTop(i), h: heights[i] };
  });
  return { container, els, heights, setScroll: (v: number) => (scrollTop = v), get scrollTop() { return scrollTop; } };
}
