import { afterAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPage } from '../../tests/unit/sites/load-page';
import type { StoryMark } from '../library/list-marks';
import { readList } from '../sites/lists';
import { lazyRef, type ListError, type StoryList } from '../sites/story-list';
import { collectPages, renderImportOffer } from './import';
import { markPage, OWN_ATTR } from './page';
import { normalizeListSettings } from './settings';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});
const fixture = (folder: string, name: string) => {
  const dir = join(__dirname, '../sites', folder, 'list-fixtures', name);
  const { url } = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { url: string };
  const { doc, close } = loadPage(readFileSync(join(dir, 'page.html'), 'utf8'), url);
  closers.push(close);
  return { doc, url, list: readList(doc, url) as StoryList };
};
const mark = (key: string, over: Partial<StoryMark> = {}): StoryMark => ({
  key,
  followed: false,
  readingStatus: null,
  readTo: null,
  chapterCount: null,
  newCount: 0,
  unread: 0,
  ...over,
});
const actions = { follow: vi.fn(async (_k: string, f: boolean) => f), setStatus: vi.fn(async () => null) };

describe('markPage', () => {
  it('marks the stories in the library after their title, in shadow roots, and nothing else', () => {
    const { doc, list } = fixture('ao3', 'ao3-readings');
    const page = markPage(doc, list, [mark('ao3:1000001', { readTo: 5, chapterCount: 12, newCount: 3, followed: true })], normalizeListSettings({}), actions);
    const hosts = doc.querySelectorAll(`[${OWN_ATTR}="mark"]`);
    expect(hosts.length).toBe(1);
    expect(hosts[0].previousElementSibling?.textContent).toBe('Lanterns Over the Harbour');
    const root = hosts[0].shadowRoot!;
    expect(root.querySelector('.m')?.textContent).toBe('read to ch. 5 of 12 · 3 new');
    const follow = root.querySelector('button')!;
    expect(follow.getAttribute('aria-pressed')).toBe('true');
    expect(follow.getAttribute('aria-label')).toContain('Lanterns Over the Harbour');
    expect(root.querySelector('select')?.getAttribute('aria-label')).toContain('Lanterns');
    expect(page.hidden).toBe(0);
    page.destroy();
    expect(doc.querySelectorAll(`[${OWN_ATTR}]`).length).toBe(0);
  });

  it('hides dropped stories when the site says so, counts them, and shows them again on one click', () => {
    const { doc, list } = fixture('ao3', 'ao3-readings');
    const settings = normalizeListSettings({ done: { ao3: 'hide' } });
    const page = markPage(doc, list, [mark('ao3:1000002', { readingStatus: 'dropped' })], settings, actions);
    const el = list.elements[1] as HTMLElement;
    expect(page.hidden).toBe(1);
    expect(el.style.display).toBe('none');
    const bar = doc.querySelector(`[${OWN_ATTR}="hidden-bar"]`)!;
    expect(bar.shadowRoot!.textContent).toContain('1 story hidden');
    bar.shadowRoot!.querySelector('button')!.click();
    expect(el.style.display).toBe('');
    bar.shadowRoot!.querySelector('button')!.click();
    expect(el.style.display).toBe('none');
    page.destroy();
    expect(el.style.display).toBe('');
  });

  it('dims finished stories by default and hides by a rule', () => {
    const { doc, list } = fixture('ffnet', 'ffnet-browse');
    const settings = normalizeListSettings({ rules: [{ site: 'ffnet', field: 'language', value: 'Spanish' }] });
    const page = markPage(doc, list, [mark('ffnet:15000001', { readingStatus: 'completed' })], settings, actions);
    expect((list.elements[0] as HTMLElement).style.opacity).toBe('0.5');
    expect((list.elements[1] as HTMLElement).style.display).toBe('none');
    expect(page.hidden).toBe(1);
  });

  it("shows the worker's label first, and writes its own once the reader changes the status", async () => {
    const { doc, list } = fixture('ao3', 'ao3-readings');
    const setStatus = vi.fn(async () => 'dropped' as const);
    markPage(doc, list, [mark('ao3:1000001', { newCount: 3 })], normalizeListSettings({}), { ...actions, setStatus }, new Map([['ao3:1000001', '3 new (worker)']]));
    const root = doc.querySelector(`[${OWN_ATTR}="mark"]`)!.shadowRoot!;
    expect(root.querySelector('.m')?.textContent).toBe('3 new (worker)');
    const select = root.querySelector('select')!;
    select.value = 'dropped';
    select.dispatchEvent(new Event('change'));
    await vi.waitFor(() => expect(root.querySelector('.m')?.textContent).toBe('dropped'));
  });

  it('marks and dims without reading an entry\'s tags or counts when no hide rule needs them', () => {
    const { doc, list } = fixture('ao3', 'ao3-readings');
    const untouched = list.stories.map((s) =>
      lazyRef(s.site, s.storyId, s.title, s.url, () => {
        throw new Error(`detail of ${s.storyId} read`);
      }),
    );
    const page = markPage(doc, { ...list, stories: untouched }, [mark('ao3:1000001', { readTo: 2 }), mark('ao3:1000002', { readingStatus: 'dropped' })], normalizeListSettings({}), actions);
    expect(doc.querySelectorAll(`[${OWN_ATTR}="mark"]`).length).toBe(2);
    expect((list.elements[1] as HTMLElement).style.opacity).toBe('0.5');
    // A rule by tag reads them (and hides by them).
    page.destroy();
    const tagged = list.stories.find((s) => s.tags.length > 0)!;
    const byRule = markPage(doc, list, [], normalizeListSettings({ rules: [{ site: 'ao3', field: 'tag', value: tagged.tags[0] }] }), actions);
    expect(byRule.hidden).toBeGreaterThan(0);
    expect((list.elements[list.stories.indexOf(tagged)] as HTMLElement).style.display).toBe('none');
  });

  it('follows from the toggle without letting the click reach the site\'s own handlers', async () => {
    const { doc, list } = fixture('ffnet', 'ffnet-browse');
    const siteClick = vi.fn();
    list.elements[0].addEventListener('click', siteClick);
    markPage(doc, list, [mark('ffnet:15000001')], normalizeListSettings({}), actions);
    const button = doc.querySelector(`[${OWN_ATTR}="mark"]`)!.shadowRoot!.querySelector('button')!;
    button.click();
    await vi.waitFor(() => expect(button.getAttribute('aria-pressed')).toBe('true'));
    expect(actions.follow).toHaveBeenCalledWith('ffnet:15000001', true);
    expect(siteClick).not.toHaveBeenCalled();
  });
});

describe('import', () => {
  it('collects the next pages one after the other, and stops when asked', async () => {
    const first = fixture('ffnet', 'ffnet-alerts').list;
    const second = fixture('ffnet', 'ffnet-alerts-2').list;
    const fetchList = vi.fn(async (url: string): Promise<StoryList | ListError> => {
      expect(url).toBe('https://www.fanfiction.net/alert/story.php?p=2');
      return second;
    });
    const pages: number[] = [];
    const all = await collectPages(first, fetchList, (c) => pages.push(c.pages), () => false);
    expect(all).toMatchObject({ pages: 2, ended: null });
    expect(all.stories.map((s) => s.storyId)).toEqual(['15000020', '15000021', '15000022']);
    expect(pages).toEqual([2]);
    const stopped = await collectPages(first, fetchList, () => undefined, () => true);
    expect(stopped).toMatchObject({ pages: 1, ended: 'stopped' });
    const failed = await collectPages(first, async () => ({ error: 'blocked', site: 'ffnet', kind: 'blocked' }), () => undefined, () => false);
    expect(failed).toMatchObject({ pages: 1, ended: 'blocked' });
  });

  it('offers only on the reader\'s own lists, fetches nothing before the click, adds the checked stories', async () => {
    const browse = fixture('ffnet', 'ffnet-browse');
    const deps = { fetchList: vi.fn(), add: vi.fn(async () => ({ added: 1, kept: 0 })) };
    expect(renderImportOffer(browse.doc, browse.list, deps)).toBeNull();
    const { doc, list } = fixture('ffnet', 'ffnet-alerts');
    const host = renderImportOffer(doc, list, deps)!;
    const root = host.shadowRoot!;
    const [open] = root.querySelectorAll('button');
    expect(open.textContent).toBe('Add these 2 stories to your library');
    open.click();
    const boxes = root.querySelectorAll<HTMLInputElement>('input[type=checkbox]');
    expect(boxes.length).toBe(2);
    boxes[1].click();
    const add = [...root.querySelectorAll('button')].find((b) => b.textContent === 'Add 1 story')!;
    add.click();
    await vi.waitFor(() => expect(root.textContent).toContain('Added 1 story to your library'));
    expect(deps.add).toHaveBeenCalledWith([list.stories[0]], true);
    expect(deps.fetchList).not.toHaveBeenCalled();
  });
});
