/**
 * The list-page content script's work, with its browser parts as parameters (tests pass fakes):
 * read the page's list, ask the library for the marks of its stories in one message, mark the
 * page, and on the reader's own lists offer to bring the stories in.
 */
import { t, useWords } from '../i18n';
import type { StoryMark } from '../library/list-marks';
import type { ReadingStatus } from '../library/types';
import { sendToBackground, type BackgroundResponse, type RuntimeLike } from '../protocol/messages';
import { listSiteOf, readList } from '../sites/lists';
import { isListError, isOwnList, type ListError, type StoryList, type StoryRef } from '../sites/story-list';
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
  /**
   * Watch the page for list entries it draws after load (sites whose lists fill in by script,
   * lib/sites/lists.ts `late`): `observe` calls back (debounced) when the page adds elements.
   */
  observe?(doc: Document, onChange: () => void): () => void;
}

export interface ListRun {
  list: StoryList;
  marks: StoryMark[];
  page: MarkedPage;
}

type MarksAnswer = BackgroundResponse<'library/marks'>;

/**
 * Ask the library for the marks of a list's stories, in one message (none asked for an empty
 * list); the message is sent before this returns. `words`: the marks' words and each mark's first
 * label come in the same answer (no first call into browser.i18n, no plural rules built on the
 * page's thread).
 */
async function askMarks(runtime: RuntimeLike, list: StoryList, words = false): Promise<MarksAnswer> {
  const keys = list.stories.map((s) => `${s.site}:${s.storyId}`);
  if (!keys.length) return { marks: [] };
  return sendToBackground(runtime, 'library/marks', words ? { storyKeys: keys, words } : { storyKeys: keys });
}

const MAX_LABEL = 300;

/** The answer's marks; its words serve the page from now on, its labels are kept when they are short strings (any other is written here). */
function takeMarks(answer: MarksAnswer): { marks: StoryMark[]; labels: Map<string, string> } {
  if (answer.words) useWords(answer.words);
  const labels = new Map<string, string>();
  if (answer.labels && typeof answer.labels === 'object') {
    for (const [k, v] of Object.entries(answer.labels)) if (typeof v === 'string' && v && v.length <= MAX_LABEL) labels.set(k, v);
  }
  return { marks: answer.marks, labels };
}

export async function runListPage(doc: Document, url: string, deps: ListRunDeps): Promise<ListRun | ListError> {
  const list = readList(doc, url);
  if (isListError(list)) return list;
  const asked = askMarks(deps.runtime, list, true);
  // Marks for the bench: the page's thread works until list-read (the list read, the library
  // asked) and from marks-known (every answer in) to marked; in between it waits.
  deps.mark?.('list-read');
  const [answer, settings] = await Promise.all([asked, deps.settings]);
  deps.mark?.('marks-known');
  const { marks, labels } = takeMarks(answer);
  const page = markPage(doc, list, marks, settings, {
    follow: async (key, followed) => {
      const { story } = await sendToBackground(deps.runtime, 'story/follow', { storyKey: key, followed });
      return story?.followed ?? !followed;
    },
    setStatus: async (key: string, readingStatus: ReadingStatus | null) => {
      const { story } = await sendToBackground(deps.runtime, 'story/set-status', { storyKey: key, readingStatus });
      return story?.readingStatus ?? null;
    },
  }, labels);
  deps.mark?.('marked');
  // The same per-host spacing, retries and refusals as update checks; the reader's own session
  // (their follows need their login) since this fetches their own list on the site they are on.
  const polite = new PoliteFetcher({
    fetch: (u, init) => deps.fetch(u, { ...init, credentials: 'same-origin' }),
    now: deps.now,
    sleep: deps.sleep,
  });
  const importDeps = {
    fetchList: async (next: string): Promise<StoryList | ListError> => {
      const r = await polite.get(next);
      if (r.kind !== 'ok') return { error: t('listErrSiteAnswered', r.kind), site: list.site, kind: 'blocked' };
      return readList(deps.parse(r.text), next);
    },
    add: (stories: StoryRef[], follow: boolean) => sendToBackground(deps.runtime, 'library/add-stories', { stories, follow }),
  };
  let offered = renderImportOffer(doc, list, importDeps) !== null;
  const site = listSiteOf(url);
  if (deps.observe && site?.late) {
    // Entries drawn after load: read the list again, mark only what is new, offer once there is something.
    let busy = false;
    let again = false;
    let own = isOwnList(list.kind);
    const update = async () => {
      if (busy) return void (again = true);
      busy = true;
      try {
        // Only the entries the page added are read, except while the reader's own list still
        // waits for the import offer (it offers the whole list).
        const full = own && !offered;
        const now = site.read(doc, url, full ? undefined : (el) => page.has(el));
        if (isListError(now)) return;
        const fresh = now.elements.map((el, i) => [now.stories[i], el] as const).filter(([, el]) => !page.has(el));
        if (fresh.length > 0) {
          const more: StoryList = { ...now, stories: fresh.map(([s]) => s), elements: fresh.map(([, el]) => el) };
          page.add(more, takeMarks(await askMarks(deps.runtime, more)).marks);
        }
        own = isOwnList(now.kind);
        if (own && !offered) {
          const all = full ? now : site.read(doc, url);
          if (!isListError(all)) offered = renderImportOffer(doc, all, importDeps) !== null;
        }
      } finally {
        busy = false;
        if (again) (again = false), void update();
      }
    };
    deps.observe(doc, () => void update().catch(() => undefined));
  }
  return { list, marks, page };
}
