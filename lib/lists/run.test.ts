/**
 * The list script's run on a page that draws its list after load (Wattpad): the entries added
 * later get their marks (one library message per batch, only new keys), our own marks never wake
 * the watcher again, and the reader's own list gets the import offer once it has stories.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { loadPage } from '../../tests/unit/sites/load-page';
import type { StoryMark } from '../library/list-marks';
import { OWN_ATTR } from './page';
import { runListPage } from './run';
import { normalizeListSettings } from './settings';
import { observeAdditions } from './watch';

const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((c) => c()));
});

function setUp(url: string, html: string, inLibrary: string[]) {
  const { doc, close } = loadPage(html, url);
  closers.push(close);
  const asked: string[][] = [];
  const runtime = {
    sendMessage: vi.fn(async (msg: { type: string; storyKeys?: string[] }) => {
      if (msg.type !== 'library/marks') throw new Error(`unexpected ${msg.type}`);
      asked.push(msg.storyKeys!);
      const marks: StoryMark[] = msg.storyKeys!.filter((k) => inLibrary.includes(k)).map((key) => ({ key, followed: false, readingStatus: null, readTo: 2, chapterCount: 9, newCount: 0, unread: 7 }));
      return { marks };
    }),
  };
  const stops: (() => void)[] = [];
  const deps = {
    runtime,
    settings: Promise.resolve(normalizeListSettings({})),
    fetch: vi.fn(),
    parse: () => doc,
    now: () => 0,
    sleep: async () => undefined,
    observe: (d: Document, onChange: () => void) => {
      const stop = observeAdditions(d, onChange, 5);
      stops.push(stop);
      return stop;
    },
  };
  closers.push(async () => stops.forEach((s) => s()));
  return { doc, deps, asked };
}

const card = (id: string, title: string) => `<li class="list-group-item"><a class="story-card" href="/story/${id}-x"><div class="story-info"><div class="title">${title}</div></div></a></li>`;

describe('lists drawn after load', () => {
  it('marks the entries the page adds later, asking the library only about them', async () => {
    const { doc, deps, asked } = setUp('https://www.wattpad.com/search/sea', `<main><ul id="r">${card('11', 'First')}</ul></main>`, ['wattpad:11', 'wattpad:22']);
    const run = await runListPage(doc, 'https://www.wattpad.com/search/sea', deps);
    expect(run).toMatchObject({ list: { kind: 'works-list' } });
    expect(doc.querySelectorAll(`[${OWN_ATTR}="mark"]`).length).toBe(1);
    doc.getElementById('r')!.insertAdjacentHTML('beforeend', card('22', 'Second') + card('33', 'Third'));
    await vi.waitFor(() => expect(doc.querySelectorAll(`[${OWN_ATTR}="mark"]`).length).toBe(2));
    expect(asked).toEqual([['wattpad:11'], ['wattpad:22', 'wattpad:33']]);
    // The mark sits beside the card's link, not inside it.
    const second = doc.querySelectorAll(`[${OWN_ATTR}="mark"]`)[1];
    expect(second.closest('a')).toBeNull();
    expect(second.previousElementSibling?.getAttribute('href')).toBe('/story/22-x');
    // Our own marks do not wake the watcher: no third question.
    await new Promise((r) => setTimeout(r, 30));
    expect(asked.length).toBe(2);
  });

  it("offers the import on the reader's library once the page has drawn it", async () => {
    const { doc, deps } = setUp('https://www.wattpad.com/library', '<main><div id="lib"></div></main>', []);
    await runListPage(doc, 'https://www.wattpad.com/library', deps);
    expect(doc.querySelector(`[${OWN_ATTR}="import"]`)).toBeNull();
    doc.getElementById('lib')!.innerHTML = `<ul>${card('11', 'First')}${card('22', 'Second')}</ul>`;
    await vi.waitFor(() => expect(doc.querySelector(`[${OWN_ATTR}="import"]`)).not.toBeNull());
    expect(doc.querySelector(`[${OWN_ATTR}="import"]`)!.shadowRoot!.textContent).toContain('Add these 2 stories to your library');
  });

  it('does not watch sites whose lists are in the page from the start', async () => {
    const observe = vi.fn(() => () => undefined);
    const dir = join(__dirname, '../sites/royalroad/list-fixtures/royalroad-search');
    const { url } = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { url: string };
    const { doc, deps } = setUp(url, readFileSync(join(dir, 'page.html'), 'utf8'), []);
    expect(await runListPage(doc, url, { ...deps, observe })).toMatchObject({ list: { site: 'royalroad' } });
    expect(observe).not.toHaveBeenCalled();
  });
});
