/**
 * FanFiction.Net's and FictionPress's chapter lists on what the fixture cases cannot show (those
 * are checked against their expected.json by lib/sites/chapter-list-cases.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { listStoryRecord, readList } from '../../../tests/site-fixtures';
import { UPDATE_SOURCES } from '../chapter-lists';

const story = { site: 'ffnet', storyId: '7654321' };
const url = 'https://www.fanfiction.net/s/7654321/1/';
const header = (meta: string) => `<div id="profile_top"><b>A Story</b><span class="xgray">${meta}</span></div>`;

describe('FanFiction.Net chapter select', () => {
  it("uses FictionPress's own origin, and asks nothing for an id that is not a number", () => {
    expect(UPDATE_SOURCES.fictionpress.url(listStoryRecord({ site: 'fictionpress', storyId: '9' }))).toBe('https://www.fictionpress.com/s/9/1/');
    expect(UPDATE_SOURCES.ffnet.url(listStoryRecord({ site: 'ffnet', storyId: '9/../1' }))).toBeNull();
  });

  it('builds every chapter URL from the story id and the number, skipping options that are not chapter numbers', () => {
    const page = `${header('Rated: T - English - Chapters: 2 - Words: 1,000 - Published: <span data-xutime="1704067200">Jan 1</span>')}
      <select id="chap_select"><option value="1">1. One</option><option value="javascript:x">2. Script</option>
      <option value="">Blank</option><option value="2">2. Two</option><option value="2">2. Two again</option></select>`;
    expect(readList(page, url, story)).toEqual({
      toc: [
        { id: '1', title: 'One', url: 'https://www.fanfiction.net/s/7654321/1/' },
        { id: '2', title: 'Two', url: 'https://www.fanfiction.net/s/7654321/2/' },
      ],
      chapterCount: 2,
      siteUpdatedAt: 1704067200 * 1000,
      status: 'in-progress',
    });
  });

  it('counts the chapters the header states when the select lists fewer', () => {
    const page = `${header('Chapters: 9 - Updated: <span data-xutime="1714521600">x</span>')}<select id="chap_select"><option value="1">1. One</option></select>`;
    expect(readList(page, url, story)).toMatchObject({ chapterCount: 9, siteUpdatedAt: 1714521600 * 1000 });
  });

  it('refuses a page without the story header', () => {
    expect(readList('<p>Story Not Found</p>', url, story)).toEqual({ error: expect.stringMatching(/^FanFiction\.Net: no story header/) });
  });
});
