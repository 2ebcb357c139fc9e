/** The work card, the chapter line, the end of a chapter, the chapter list and the view's settings panel. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReaderController, type ReaderControllerOptions } from '../../../lib/reader/controller';
import { DEFAULT_SETTINGS, type ReaderSettings } from '../../../lib/settings/settings';
import { chapterHeading, chapterLine, endOf, repeatedHeadingBlock, workFacts } from '../../../lib/reader/work';
import { storyState } from '../../../lib/reader/story-state';
import type { StoryRecord } from '../../../lib/library/types';
import { makeChapter, note, story } from './fixtures';
import { readerUi } from '../../../components/reader/ui';
import { registerLateParts } from '../../../components/reader/late';
import { LATE_PARTS } from '../../../components/reader/late-parts';

// The late parts as the late script hands them over (tests/unit/reader/late-parts.test.tsx: before they arrive).
registerLateParts(LATE_PARTS);

let current: ReaderController | null = null;
const tick = () => new Promise((r) => setTimeout(r, 0));
afterEach(() => {
  current?.destroy();
  current = null;
  document.body.innerHTML = '';
});

function mount(patch: Partial<ReaderControllerOptions> = {}, settings: Partial<ReaderSettings> = {}) {
  const opts: ReaderControllerOptions = {
    ui: readerUi,
    doc: document,
    win: window,
    chapter: makeChapter(),
    settings: { ...DEFAULT_SETTINGS, ...settings },
    saveSettings: vi.fn(async () => undefined),
    savePosition: vi.fn(),
    navigate: vi.fn(),
    afterPaint: (fn) => fn(),
    // The reader's own input (tests/unit/reader/trusted-input.test.tsx covers a page script's).
    isTrustedInput: () => true,
    ...patch,
  };
  current = new ReaderController(opts);
  current.show();
  const root = (document.querySelector('calm-reader-root') as HTMLElement).shadowRoot!;
  const $ = <T extends Element = HTMLElement>(sel: string) => root.querySelector<T & HTMLElement>(sel);
  const $$ = (sel: string) => Array.from(root.querySelectorAll<HTMLElement>(sel));
  return { c: current, opts, $, $$ };
}

const AO3_META = {
  rating: 'Mature',
  warnings: ['Graphic Depictions Of Violence', 'Major Character Death'],
  categories: ['F/M'],
  fandoms: ['Avatar'],
  relationships: ['Katara/Zuko'],
  characters: ['Katara', 'Zuko'],
  tags: ['Slow Burn'],
  language: 'English',
  words: 19874,
  chaptersPosted: 5,
  chaptersTotal: null,
  status: 'in-progress' as const,
  published: Date.UTC(2024, 4, 2),
  updated: Date.UTC(2024, 5, 14),
  feedbackUrl: 'https://archiveofourown.org/works/123/chapters/456#feedback',
  feedbackLabel: 'Kudos and comments on AO3',
};

describe('words of the view', () => {
  it('"Chapter 1 of 14?" for a work in progress, "Chapter 2 of 5" when the length is known', () => {
    expect(chapterLine(makeChapter({ chapterIndex: 1, chapterCount: 14, status: 'in-progress' }))).toBe('Chapter 1 of 14?');
    expect(chapterLine(makeChapter({ meta: AO3_META, chapterCount: null, chapterIndex: 2 }))).toBe('Chapter 2 of 5?');
    expect(chapterLine(makeChapter())).toBe('Chapter 2 of 5');
    expect(chapterLine(makeChapter({ chapterIndex: 3, chapterCount: null }))).toBe('Chapter 3');
    expect(chapterLine(makeChapter({ chapterIndex: null, chapterId: 'full' }))).toBeNull();
  });
  it('never repeats the heading: a title that is only the number, a first line that says it again', () => {
    expect(chapterHeading(makeChapter({ chapterIndex: 23, chapterTitle: 'Chapter 23' }))).toBe('Chapter 23');
    const ch = makeChapter({ chapterIndex: 23, chapterTitle: 'Chapter 23', blocks: [story('Chapter 23'), story('Text.')] });
    expect(repeatedHeadingBlock(ch)).toBe(0);
    const titled = makeChapter({ chapterIndex: 4, chapterTitle: 'Rain', blocks: [note('n'), story('Chapter 4: Rain'), story('Text.')] });
    expect(repeatedHeadingBlock(titled)).toBe(1);
    expect(repeatedHeadingBlock(makeChapter())).toBe(-1);
  });
  it('work card facts: rating, warnings and category always; tags apart; FFN-like metadata too', () => {
    const f = workFacts(makeChapter({ meta: AO3_META }))!;
    expect(f.always.map((r) => r[1])).toEqual(['rating', 'warnings', 'categories', 'language', 'words', 'chapters', 'status', 'published', 'updated']);
    expect(f.always.find((r) => r[1] === 'warnings')![2]).toBe('Graphic Depictions Of Violence, Major Character Death');
    expect(f.always.find((r) => r[1] === 'chapters')![2]).toBe('5/?');
    expect(f.tags.map((r) => r[1])).toEqual(['fandoms', 'relationships', 'characters', 'tags']);
    const ffn = workFacts(makeChapter({ chapterCount: null, meta: { rating: 'T', genres: ['Romance', 'Drama'], words: 45000, status: 'complete' } }))!;
    expect(ffn.always.map((r) => r[2])).toEqual(['T', 'Romance, Drama', '45,000', 'Complete']);
  });
  it('the end: next, caught up (in progress) or the end (complete)', () => {
    expect(endOf(makeChapter())).toBe('next');
    expect(endOf(makeChapter({ nextUrl: null, meta: AO3_META }))).toBe('caught-up');
    expect(endOf(makeChapter({ nextUrl: null, meta: { ...AO3_META, status: 'complete' } }))).toBe('the-end');
    expect(endOf(makeChapter({ site: 'generic', nextUrl: null }))).toBe('none');
  });
});

describe('reader view: work card, end of chapter, chapter list, settings panel', () => {
  it('shows rating and warnings always, tags folded unless the setting opens them', () => {
    const { $ } = mount({ chapter: makeChapter({ meta: AO3_META }) });
    expect($('[data-testid=card-rating]')!.textContent).toBe('Mature');
    expect($('[data-testid=card-warnings]')!.textContent).toContain('Major Character Death');
    expect($<HTMLDetailsElement>('[data-testid=card-tag-list]')!.open).toBe(false);
    current!.destroy();
    const again = mount({ chapter: makeChapter({ meta: AO3_META }) }, { tagsOpen: true });
    expect(again.$<HTMLDetailsElement>('[data-testid=card-tag-list]')!.open).toBe(true);
  });

  it('work notes are one click away from the card', () => {
    const ch = makeChapter({ meta: AO3_META, blocks: [note('Warnings: see tags.', { label: 'Work notes' }), story('Text.')] });
    const { $ } = mount({ chapter: ch });
    expect($('[data-testid=note]')!.getAttribute('data-expanded')).toBe('false');
    $('[data-testid=card-work-notes]')!.click();
    expect($('[data-testid=note]')!.getAttribute('data-expanded')).toBe('true');
  });

  it('end of chapter N with the next chapter as a big link', () => {
    const { $, opts } = mount();
    expect($('[data-testid=chapter-end]')!.textContent).toContain('End of chapter 2');
    $('[data-testid=end-next]')!.click();
    expect(opts.navigate).toHaveBeenCalledWith('https://archiveofourown.org/works/123/chapters/457');
  });

  it("last chapter of a work in progress: you're caught up, Follow, last updated, the site's comments", async () => {
    const follow = vi.fn(async (on: boolean) => on);
    const { c, $ } = mount({ chapter: makeChapter({ nextUrl: null, meta: AO3_META }), follow });
    const end = $('[data-testid=chapter-end]')!;
    expect(end.dataset.end).toBe('caught-up');
    expect(end.textContent).toContain("You're caught up");
    expect(end.textContent).toContain('Last updated Jun 14, 2024');
    expect($('[data-testid=end-feedback]')!.getAttribute('href')).toBe(AO3_META.feedbackUrl);
    c.setStory(storyState(c.chapter, { followed: false, toc: [] } as unknown as StoryRecord, []));
    $('[data-testid=end-follow]')!.click();
    expect(follow).toHaveBeenCalledWith(true);
    await Promise.resolve();
    await Promise.resolve();
    expect($('[data-testid=end-follow]')!.getAttribute('aria-pressed')).toBe('true');
    expect($('[data-testid=view-follow]')!.getAttribute('aria-pressed')).toBe('true');
  });

  it('the chapter list: titles, read ticks, where the reader stopped, jump by click or keyboard', async () => {
    const toc = [1, 2, 3, 4].map((i) => ({ id: String(454 + i), title: `T${i}`, url: `https://archiveofourown.org/works/123/chapters/${454 + i}` }));
    const { c, $, $$, opts } = mount({ chapter: makeChapter({ toc }) });
    const chapters = [{ chapterId: '455' }, { chapterId: '457' }] as never[];
    c.setStory(storyState(c.chapter, { followed: false, toc: [] } as unknown as StoryRecord, chapters));
    $('[data-testid=chapters-toggle]')!.click();
    await tick();
    const items = $$('[data-testid=chapter-list] li');
    expect(items).toHaveLength(4);
    expect(items.map((li) => li.dataset.read ?? '')).toEqual(['true', 'true', 'true', '']);
    expect(items[1].textContent).toContain('reading now');
    expect(items[2].textContent).toContain('you stopped here');
    const links = $$('[data-testid=chapter-list] a');
    links[1].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    links[3].click();
    expect(opts.navigate).toHaveBeenCalledWith('https://archiveofourown.org/works/123/chapters/458');
  });

  it('the settings panel changes width, line height, spacing and font', async () => {
    const { $, opts } = mount();
    $('[data-testid=view-settings-toggle]')!.click();
    await tick();
    const width = $<HTMLInputElement>('[data-testid=view-width]')!;
    width.value = '50';
    width.dispatchEvent(new Event('input', { bubbles: true }));
    expect(opts.saveSettings).toHaveBeenLastCalledWith({ width: 50 });
    const font = $<HTMLSelectElement>('[data-testid=view-font]')!;
    font.value = 'sans';
    font.dispatchEvent(new Event('change', { bubbles: true }));
    expect(opts.saveSettings).toHaveBeenLastCalledWith({ fontFamily: 'sans' });
  });
});

describe('keys in the settings panel', () => {
  it('arrow keys on a slider move the slider, never to another chapter', async () => {
    const { $, opts } = mount();
    $('[data-testid=view-settings-toggle]')!.click();
    await tick();
    const width = $<HTMLInputElement>('[data-testid=view-width]')!;
    width.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true, composed: true, cancelable: true }));
    width.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true, composed: true, cancelable: true }));
    expect(opts.navigate).not.toHaveBeenCalled();
  });
});
