/** The chapter list the update checker reads for this site (see lib/sites/chapter-list.ts). */
import { ORIGIN as SH } from './urls';
import { absUrl, text } from '../blocks';
import { UpdateParseError, parseLooseDate, latest, entry, digits, clean, onOrigin, type UpdateSource } from '../chapter-list';
import type { TocEntry } from '../../library/types';

// ScribbleHub: /series/{id}/ (chapter count + newest page of the contents)

const scribblehub: UpdateSource = {
  kind: 'html',
  url: (s) => (digits(s.storyId) ? `${SH}/series/${s.storyId}/` : null),
  parse(doc, story, pageUrl) {
    const countText = text(doc.querySelector('.cnt_toc'));
    const count = /^\s*\d+\s*$/.test(countText) ? parseInt(countText, 10) : null;
    const rows = Array.from(doc.querySelectorAll('li.toc_w'));
    if (count === null && rows.length === 0) throw new UpdateParseError('ScribbleHub: no chapter count or contents on the series page.');
    const toc: Array<TocEntry & { order: number }> = [];
    const seen = new Set<string>();
    rows.forEach((li, i) => {
      const a = li.querySelector('a.toc_a, a[href*="/chapter/"]');
      const href = absUrl(a?.getAttribute('href'), pageUrl);
      const m = href ? /\/read\/(\d+)(?:-[^/]*)?\/chapter\/(\d+)/.exec(href) : null;
      if (!a || !href || !m || m[1] !== story.storyId || seen.has(m[2])) return;
      seen.add(m[2]);
      const order = parseInt(li.getAttribute('order') ?? '', 10);
      const dateEl = li.querySelector('.fic_date_pub');
      const date = parseLooseDate(dateEl?.getAttribute('title') || text(dateEl));
      toc.push({ ...entry(m[2], clean(text(a)), onOrigin(href, SH) ?? `${SH}/read/${m[1]}/chapter/${m[2]}/`, date), order: Number.isFinite(order) ? order : -i });
    });
    toc.sort((a, b) => a.order - b.order);
    const list = toc.map(({ order: _order, ...e }) => e as TocEntry);
    const statusText = text(doc.querySelector('.widget_fic_similar .rnd_stats, .fic_stats, .wi_fic_showtags'));
    const status = /\bcompleted\b/i.test(statusText) ? 'complete' : /\bongoing\b/i.test(statusText) ? 'in-progress' : undefined;
    return {
      toc: list,
      chapterCount: count ?? list.length,
      siteUpdatedAt: latest(list),
      partial: true,
      ...(status ? { status } : {}),
    };
  },
};

export const CHAPTER_LISTS: Readonly<Record<string, UpdateSource>> = { scribblehub };
