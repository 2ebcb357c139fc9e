/**
 * The list-page content script's work, with its browser parts as parameters (tests pass fakes):
 * read the page's list, ask the library for the marks of its stories in one message, mark the
 * page, and on the reader's own lists offer to bring the stories in.
 */
import { t } from '../i18n';
import type { StoryMark } from '../library/list-marks';
import type { ReadingStatus } from '../library/types';
import { sendToBackground, type RuntimeLike } from '../protocol/messages';
import { readList } from '../sites/lists';
import { isListError, type ListError, type StoryList } from '../sites/story-list';
import { PoliteFetcher, type FetchLike } from '../updates/polite-fetch';
import { renderImportOffer } from './import';
import { markPage, type MarkedPage } from './page';
import type { ListSettings } from './settings';

export interface ListRunDeps {
  runtime: RuntimeLike;
  settings: Promise<ListSettings>;
  /** The page's own fetch (same site: the reader's own lists need their login). */
  fetch: FetchLike;
  parse(html: string): Document;
  now(): number;
  sleep(ms: number): Promise<void>;
  mark?(name: string): void;
}

export interface ListRun {
  list: StoryList;
  marks: StoryMark[];
  page: MarkedPage;
}

export async function runListPage(doc: Document, url: string, deps: ListRunDeps): Promise<ListRun | ListError> {
  const list = readList(doc, url);
  if (isListError(list)) return list;
  deps.mark?.('list-read');
  const keys = list.stories.map((s) => `${s.site}:${s.storyId}`);
  const [{ marks }, settings] = await Promise.all([
    keys.length ? sendToBackground(deps.runtime, 'library/marks', { storyKeys: keys }) : Promise.resolve({ marks: [] as StoryMark[] }),
    deps.settings,
  ]);
  deps.mark?.('marks-known');
  const page = markPage(doc, list, marks, settings, {
    follow: async (key, followed) => {
      const { story } = await sendToBackground(deps.runtime, 'story/follow', { storyKey: key, followed });
      return story?.followed ?? !followed;
    },
    setStatus: async (key: string, readingStatus: ReadingStatus | null) => {
      const { story } = await sendToBackground(deps.runtime, 'story/set-status', { storyKey: key, readingStatus });
      return story?.readingStatus ?? null;
    },
  });
  deps.mark?.('marked');
  // The same per-host spacing, retries and refusals as update checks; the reader's own session
  // (their follows need their login) since this fetches their own list on the site they are on.
  const polite = new PoliteFetcher({
    fetch: (u, init) => deps.fetch(u, { ...init, credentials: 'same-origin' }),
    now: deps.now,
    sleep: deps.sleep,
  });
  renderImportOffer(doc, list, {
    fetchList: async (next) => {
      const r = await polite.get(next);
      if (r.kind !== 'ok') return { error: t('listErrSiteAnswered', r.kind), site: list.site, kind: 'blocked' };
      return readList(deps.parse(r.text), next);
    },
    add: (stories, follow) => sendToBackground(deps.runtime, 'library/add-stories', { stories, follow }),
  });
  return { list, marks, page };
}
