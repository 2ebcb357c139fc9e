/**
 * "Add these N stories to your library" on the reader's own lists (follows, favourites,
 * subscriptions, bookmarks, history): a preview with a checkbox per story; for a list with more
 * pages, the next pages are fetched only when the reader asks, one after the other through the
 * same polite per-host rules as update checks, with progress and a Stop button. Nothing is fetched
 * and nothing is added before the reader clicks.
 */
import { isListError, isOwnList, type ListError, type StoryList, type StoryRef } from '../sites/story-list';
import { t, tn } from '../i18n';
import { BAR_STYLE, ownHost } from './page';

/** Every word of the offer, in one place (from the catalogues: public/_locales). */
export const IMPORT_STRINGS = {
  offer: (n: number) => tn('listImportOffer', n),
  get intro() {
    return t('listImportIntro');
  },
  get preview() {
    return t('listImportPreview');
  },
  get more() {
    return t('listImportMore');
  },
  get stop() {
    return t('listImportStop');
  },
  fetching: (page: number, n: number) => tn('listImportFetching', n, [page]),
  fetched: (pages: number, n: number) => t('listImportFetched', [tn('listPages', pages), tn('storyCount', n)]),
  stopped: (n: number) => tn('listImportStopped', n),
  failed: (why: string) => t('listImportFailed', why),
  add: (n: number) => tn('listImportAdd', n),
  added: (added: number, kept: number) => (kept ? tn('listImportAddedKept', added, [kept]) : tn('listImportAdded', added)),
  addFailed: (why: string) => t('listImportAddFailed', why),
  get listLabel() {
    return t('listImportListLabel');
  },
};

/** The most pages one import reads (a safety stop; FFN shows 25 stories a page). */
export const MAX_PAGES = 100;

export interface Collected {
  stories: StoryRef[];
  pages: number;
  /** Why it ended before the last page: 'stopped', an error message, or null when complete. */
  ended: string | null;
}

/**
 * Read the list's further pages, one after the other, from `first.nextPage` on: stops at the last
 * page, on a page already read, on an error, at MAX_PAGES, or when `stopped()` says so.
 */
export async function collectPages(
  first: StoryList,
  fetchList: (url: string) => Promise<StoryList | ListError>,
  onPage: (c: Collected) => void,
  stopped: () => boolean,
): Promise<Collected> {
  const seen = new Set(first.stories.map((s) => s.storyId));
  const c: Collected = { stories: [...first.stories], pages: 1, ended: null };
  const visited = new Set<string>();
  let next = first.nextPage;
  while (next && c.pages < MAX_PAGES) {
    if (stopped()) return { ...c, ended: 'stopped' };
    if (visited.has(next)) break;
    visited.add(next);
    const page = await fetchList(next);
    if (stopped()) return { ...c, ended: 'stopped' };
    if (isListError(page)) return { ...c, ended: page.error };
    if (page.site !== first.site || page.kind !== first.kind) return { ...c, ended: t('listErrOtherList') };
    for (const s of page.stories) if (!seen.has(s.storyId)) (seen.add(s.storyId), c.stories.push(s));
    c.pages++;
    onPage({ ...c, stories: [...c.stories] });
    next = page.nextPage;
  }
  return c;
}

export interface ImportDeps {
  fetchList(url: string): Promise<StoryList | ListError>;
  add(stories: StoryRef[], follow: boolean): Promise<{ added: number; kept: number }>;
}

/** The offer above an own list; null on other lists or an empty one. */
export function renderImportOffer(doc: Document, list: StoryList, deps: ImportDeps): HTMLElement | null {
  if (!isOwnList(list.kind) || list.stories.length === 0) return null;
  const follow = list.kind === 'own-follows';
  const { host, root } = ownHost(doc, 'div', 'import', BAR_STYLE);
  const bar = doc.createElement('div');
  bar.className = 'bar';
  const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text = ''): HTMLElementTagNameMap[K] => {
    const e = doc.createElement(tag);
    if (text) e.textContent = text;
    return e;
  };
  const status = el('span');
  status.setAttribute('role', 'status');
  status.setAttribute('aria-live', 'polite');
  const open = el('button', IMPORT_STRINGS.offer(list.stories.length));
  open.type = 'button';
  open.setAttribute('aria-expanded', 'false');
  bar.append(el('span', IMPORT_STRINGS.intro), open);
  root.append(bar);

  let stories = list.stories;
  const checked = new Map<string, boolean>(stories.map((s) => [s.storyId, true]));
  const panel = el('div');
  panel.className = 'bar';
  panel.hidden = true;
  const ul = el('ul');
  ul.setAttribute('aria-label', IMPORT_STRINGS.listLabel);
  const add = el('button');
  add.type = 'button';
  const paintAdd = () => {
    const n = stories.filter((s) => checked.get(s.storyId)).length;
    add.textContent = IMPORT_STRINGS.add(n);
    add.disabled = n === 0;
  };
  const paintList = () => {
    ul.replaceChildren(
      ...stories.map((s) => {
        const li = el('li');
        const label = el('label');
        const box = el('input');
        box.type = 'checkbox';
        box.checked = checked.get(s.storyId) ?? true;
        box.addEventListener('change', () => (checked.set(s.storyId, box.checked), paintAdd()));
        label.append(box, doc.createTextNode(` ${s.title}${s.author ? ` — ${s.author}` : ''}`));
        li.append(label);
        return li;
      }),
    );
    paintAdd();
  };
  const more = el('button', IMPORT_STRINGS.more);
  more.type = 'button';
  const stop = el('button', IMPORT_STRINGS.stop);
  stop.type = 'button';
  stop.hidden = true;
  let stopping = false;
  stop.addEventListener('click', () => (stopping = true));
  more.hidden = !list.nextPage;
  more.addEventListener('click', () => {
    more.disabled = true;
    stop.hidden = false;
    stopping = false;
    void collectPages(
      list,
      deps.fetchList,
      (c) => {
        for (const s of c.stories) if (!checked.has(s.storyId)) checked.set(s.storyId, true);
        stories = c.stories;
        paintList();
        status.textContent = IMPORT_STRINGS.fetching(c.pages, c.stories.length);
      },
      () => stopping,
    ).then((c) => {
      stop.hidden = true;
      more.hidden = true;
      status.textContent =
        c.ended === 'stopped' ? IMPORT_STRINGS.stopped(c.stories.length) : c.ended ? IMPORT_STRINGS.failed(c.ended) : IMPORT_STRINGS.fetched(c.pages, c.stories.length);
    });
  });
  add.addEventListener('click', () => {
    const chosen = stories.filter((s) => checked.get(s.storyId));
    add.disabled = true;
    void deps.add(chosen, follow).then(
      (r) => (status.textContent = IMPORT_STRINGS.added(r.added, r.kept)),
      (err: unknown) => {
        status.textContent = IMPORT_STRINGS.addFailed(err instanceof Error ? err.message : String(err));
        add.disabled = false;
      },
    );
  });
  const actions = el('div');
  actions.append(more, stop, add);
  panel.append(ul, actions);
  root.append(panel, status);
  open.addEventListener('click', () => {
    panel.hidden = !panel.hidden;
    open.setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) paintList();
  });
  const first = list.elements[0];
  const container = first?.closest('table') ?? first?.parentElement;
  (container ?? doc.body).before(host);
  return host;
}
