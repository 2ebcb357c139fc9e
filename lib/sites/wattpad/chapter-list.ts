/** The chapter list the update checker reads for this site (see lib/sites/chapter-list.ts). */
import { ORIGIN as WP } from './urls';
import { UpdateParseError, parseLooseDate, latest, entry, digits, clean, type UpdateSource } from '../chapter-list';
import type { TocEntry } from '../../library/types';

// Wattpad: /api/v3/stories/{id}

const wattpad: UpdateSource = {
  kind: 'json',
  url: (s) =>
    digits(s.storyId)
      ? `${WP}/api/v3/stories/${s.storyId}?fields=id,title,completed,modifyDate,numParts,parts(id,title,url,createDate,draft,deleted)`
      : null,
  parse(data) {
    const d = data as { completed?: unknown; parts?: unknown } | null;
    if (!d || typeof d !== 'object' || !Array.isArray(d.parts)) throw new UpdateParseError('Wattpad: the answer has no parts list.');
    const toc: TocEntry[] = [];
    const seen = new Set<string>();
    for (const p of d.parts as Array<Record<string, unknown>>) {
      if (!p || typeof p !== 'object' || p.draft === true || p.deleted === true) continue;
      const id = typeof p.id === 'number' || typeof p.id === 'string' ? String(p.id) : '';
      if (!digits(id) || seen.has(id)) continue;
      seen.add(id);
      const url = typeof p.url === 'string' && /^https:\/\/(www\.)?wattpad\.com\//.test(p.url) ? p.url : `${WP}/${id}`;
      const date = typeof p.createDate === 'string' ? parseLooseDate(p.createDate) : null;
      toc.push(entry(id, typeof p.title === 'string' ? clean(p.title) : null, url, date));
    }
    return {
      toc,
      chapterCount: toc.length,
      siteUpdatedAt: latest(toc),
      ...(typeof d.completed === 'boolean' ? { status: d.completed ? 'complete' : 'in-progress' } : {}),
    };
  },
};

export const CHAPTER_LISTS: Readonly<Record<string, UpdateSource>> = { wattpad };
