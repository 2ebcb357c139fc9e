/** The chapter list the update checker reads for this site (see lib/sites/chapter-list.ts). */
import { parseFfnMeta } from './adapter';
import { FFN_SITES, ffnUrls } from './urls';
import { text } from '../blocks';
import { UpdateParseError, entry, digits, clean, type UpdateSource } from '../chapter-list';
import type { TocEntry } from '../../library/types';

// FanFiction.Net / FictionPress: /s/ID/1/

function ffnSource(origin: string, name: string): UpdateSource {
  return {
    kind: 'html',
    url: (s) => (digits(s.storyId) ? `${origin}/s/${s.storyId}/1/` : null),
    parse(doc, story) {
      const profile = doc.querySelector('#profile_top');
      if (!profile) throw new UpdateParseError(`${name}: no story header on the page (story removed, or layout changed).`);
      const metaEl = profile.querySelector('span.xgray, span.xcontrast_txt.xgray') ?? profile;
      const meta = parseFfnMeta(text(metaEl), metaEl);
      const select = doc.querySelector('select#chap_select, select[name="chapter"]');
      const toc: TocEntry[] = [];
      const seen = new Set<string>();
      for (const opt of Array.from(select?.querySelectorAll('option') ?? [])) {
        const n = digits((opt.getAttribute('value') ?? '').trim());
        if (!n || seen.has(n)) continue;
        seen.add(n);
        const title = clean(text(opt)).replace(/^\d+\.\s*/, '');
        toc.push(entry(n, title, `${origin}/s/${story.storyId}/${n}/`, null));
      }
      if (toc.length === 0) toc.push(entry('1', null, `${origin}/s/${story.storyId}/1/`, null));
      return {
        toc,
        chapterCount: Math.max(toc.length, meta.chapters ?? 0),
        siteUpdatedAt: meta.updated ?? meta.published,
        status: meta.complete ? 'complete' : 'in-progress',
      };
    },
  };
}

export const CHAPTER_LISTS: Readonly<Record<string, UpdateSource>> = {
  ffnet: ffnSource(ffnUrls(FFN_SITES.ffnet).ORIGIN, FFN_SITES.ffnet.name),
  fictionpress: ffnSource(ffnUrls(FFN_SITES.fictionpress).ORIGIN, FFN_SITES.fictionpress.name),
};
