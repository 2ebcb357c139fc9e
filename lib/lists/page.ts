/**
 * Marks on a site's list page: each story in the library gets a small mark ("read to ch. 5 of 12",
 * "3 new", "finished", "dropped") and a follow toggle; dropped / finished stories are dimmed or
 * hidden as the reader chose for the site, stories matching a hide rule are hidden, and a bar says
 * how many are hidden with one button to show them.
 *
 * The site's page is never rebuilt: each mark is a shadow root on a span of ours added after the
 * story's title (the site's styles cannot reach in, ours cannot leak out), hidden stories get
 * `display: none` on their own element and get it back on "Show". Plain DOM, no framework: this
 * runs on the site's page at load.
 */
import type { StoryMark } from '../library/list-marks';
import type { ReadingStatus } from '../library/types';
import type { StoryList } from '../sites/story-list';
import { t, tn } from '../i18n';
import { markLabel, treatment, type ListSettings } from './settings';

/** Every word the marks show, in one place (from the catalogues: public/_locales). */
export const MARK_STRINGS = {
  get follow() {
    return t('follow');
  },
  get following() {
    return t('following');
  },
  followLabel: (title: string) => t('listFollowLabel', title),
  markLabel: (_title: string, label: string) => t('listMarkAria', label),
  hidden: (n: number) => tn('listHidden', n),
  get show() {
    return t('listShowHidden');
  },
  get hideAgain() {
    return t('listHideAgain');
  },
  get drop() {
    return t('listStatusDropped');
  },
  get finish() {
    return t('listStatusFinished');
  },
  statusLabel: (title: string) => t('listStatusLabel', title),
  none: '—',
};

/** Attribute on every element of ours in the site's page (found again, removed on re-render). */
export const OWN_ATTR = 'data-calm-reader';

const STYLE = `
:host { all: initial; display: inline-flex; gap: .4em; align-items: center; margin: 0 .5em; vertical-align: middle;
  font: 500 12px/1.4 system-ui, sans-serif; color: #1d3b2a; }
.m { background: #e3f1e8; border: 1px solid #9cc7ad; border-radius: 999px; padding: 0 .6em; white-space: nowrap; }
.m.done { background: #eee; border-color: #bbb; color: #444; }
button, select { font: inherit; color: inherit; background: #fff; border: 1px solid #9cc7ad; border-radius: 999px; padding: 0 .6em; cursor: pointer; }
button[aria-pressed="true"] { background: #1d6b43; color: #fff; border-color: #1d6b43; }
button:focus-visible, select:focus-visible { outline: 2px solid #1a5fb4; outline-offset: 2px; }
@media (prefers-color-scheme: dark) {
  :host { color: #d7efe0; }
  .m { background: #1f3a2b; border-color: #3d7a58; }
  .m.done { background: #333; border-color: #666; color: #ddd; }
  button, select { background: #222; border-color: #3d7a58; }
  button[aria-pressed="true"] { background: #3d9a68; color: #000; }
}`;

const BAR_STYLE = `
:host { all: initial; display: block; margin: .5em 0; font: 14px/1.4 system-ui, sans-serif; color: #222; }
.bar { display: flex; flex-wrap: wrap; gap: .6em; align-items: center; background: #f4f7f5; border: 1px solid #b9d3c3; border-radius: 6px; padding: .4em .8em; }
button { font: inherit; color: inherit; background: #fff; border: 1px solid #6a9f80; border-radius: 4px; padding: .15em .7em; cursor: pointer; }
button:focus-visible, input:focus-visible { outline: 2px solid #1a5fb4; outline-offset: 2px; }
button:disabled { opacity: .6; cursor: default; }
ul { list-style: none; margin: .4em 0; padding: 0; max-height: 20em; overflow: auto; }
li { margin: .15em 0; }
@media (prefers-color-scheme: dark) {
  :host { color: #eee; }
  .bar { background: #1c2520; border-color: #3d6a50; }
  button { background: #222; border-color: #5f9a78; }
}`;

export interface MarkActions {
  follow(key: string, followed: boolean): Promise<boolean>;
  setStatus(key: string, status: ReadingStatus | null): Promise<ReadingStatus | null>;
}

/** One constructed stylesheet per document and style text, shared by every shadow root of ours; null where the browser cannot adopt one. */
const sheets = new WeakMap<Document, Map<string, CSSStyleSheet | null>>();
function sharedSheet(doc: Document, css: string): CSSStyleSheet | null {
  let byCss = sheets.get(doc);
  if (!byCss) sheets.set(doc, (byCss = new Map()));
  if (!byCss.has(css)) {
    let sheet: CSSStyleSheet | null = null;
    try {
      const Sheet = doc.defaultView?.CSSStyleSheet;
      if (Sheet) (sheet = new Sheet()).replaceSync(css);
    } catch {
      sheet = null;
    }
    byCss.set(css, sheet);
  }
  return byCss.get(css) ?? null;
}

/**
 * A shadow host of ours with its style; `tag` span for marks, div for bars. The style is one
 * stylesheet adopted by every host of the page (not a style element parsed per mark); a browser
 * that refuses to adopt it (a content script's sheet in another compartment) gets a style element.
 */
export function ownHost(doc: Document, tag: 'span' | 'div', role: string, css: string): { host: HTMLElement; root: ShadowRoot } {
  const host = doc.createElement(tag);
  host.setAttribute(OWN_ATTR, role);
  const root = host.attachShadow({ mode: 'open' });
  const sheet = sharedSheet(doc, css);
  try {
    if (sheet) root.adoptedStyleSheets = [sheet];
  } catch {
    /* the style element below */
  }
  if (root.adoptedStyleSheets?.length !== 1) {
    const style = doc.createElement('style');
    style.textContent = css;
    root.append(style);
  }
  return { host, root };
}
export { BAR_STYLE };

/** The story's title link in its entry (the first link with the title's text, else one to the story), else the entry's first element. */
function titleAnchor(el: Element, title: string, storyId: string): Element {
  // Walked in order without copying the list: the title link comes first in every site's entries,
  // and each link looked at costs the page's thread (a wrapper for this script's world).
  const links = el.querySelectorAll('a[href]');
  for (const a of links) if ((a.textContent ?? '').trim() === title) return a;
  for (const a of links) if ((a.getAttribute('href') ?? '').includes(storyId)) return a;
  return el.firstElementChild ?? el;
}

/** The words every mark of a page shows alike, read once per page (each read is a call into the browser). */
function pageWords() {
  return { follow: MARK_STRINGS.follow, following: MARK_STRINGS.following, drop: MARK_STRINGS.drop, finish: MARK_STRINGS.finish, none: MARK_STRINGS.none };
}
type PageWords = ReturnType<typeof pageWords>;

/**
 * A mark's inside, built once per page and cloned for each mark (one native copy instead of a
 * dozen element and text calls): the label, the follow toggle, the status menu with its options.
 */
function markTemplate(doc: Document, words: PageWords): DocumentFragment {
  const frag = doc.createDocumentFragment();
  const follow = doc.createElement('button');
  follow.type = 'button';
  const status = doc.createElement('select');
  for (const [value, text] of [
    ['', words.none],
    ['dropped', words.drop],
    ['completed', words.finish],
  ] as const) {
    const o = doc.createElement('option');
    o.value = value;
    o.textContent = text;
    status.append(o);
  }
  frag.append(doc.createElement('span'), follow, status);
  return frag;
}

/** `first`: the label to show until the mark changes (the worker's, already in the page's words), else it is written here. */
function renderMark(doc: Document, title: string, mark: StoryMark, actions: MarkActions, words: PageWords, template: DocumentFragment, first?: string): HTMLElement {
  const { host, root } = ownHost(doc, 'span', 'mark', STYLE);
  root.append(template.cloneNode(true));
  const label = root.querySelector('span') as HTMLSpanElement;
  const follow = root.querySelector('button') as HTMLButtonElement;
  const status = root.querySelector('select') as HTMLSelectElement;
  const paint = (given?: string) => {
    const text = given ?? markLabel(mark);
    label.className = mark.readingStatus === 'dropped' || mark.readingStatus === 'completed' ? 'm done' : 'm';
    label.textContent = text;
    label.setAttribute('aria-label', MARK_STRINGS.markLabel(title, text));
  };
  follow.setAttribute('aria-label', MARK_STRINGS.followLabel(title));
  const paintFollow = () => {
    follow.setAttribute('aria-pressed', String(mark.followed));
    follow.textContent = mark.followed ? words.following : words.follow;
  };
  follow.addEventListener('click', (e) => {
    e.preventDefault();
    e.stopPropagation(); // FFN's list entries are clickable as a whole
    const want = !mark.followed;
    void actions.follow(mark.key, want).then((now) => {
      mark.followed = now;
      paintFollow();
    });
  });
  status.setAttribute('aria-label', MARK_STRINGS.statusLabel(title));
  status.value = mark.readingStatus === 'dropped' || mark.readingStatus === 'completed' ? mark.readingStatus : '';
  status.addEventListener('click', (e) => e.stopPropagation());
  status.addEventListener('change', () => {
    const want = (status.value || null) as ReadingStatus | null;
    void actions.setStatus(mark.key, want).then((now) => {
      mark.readingStatus = now;
      paint();
    });
  });
  paint(first);
  paintFollow();
  return host;
}

export interface MarkedPage {
  /** Stories hidden now (dropped / finished per the site's setting, or a hide rule). */
  readonly hidden: number;
  /** Show the hidden stories (what the bar's button does), or hide them again. */
  setShown(shown: boolean): void;
  /** Mark more of the list: entries the site drew after the first ones (same rules, one bar). */
  add(list: StoryList, marks: readonly StoryMark[]): void;
  /** Has this story element been marked (or looked at) already? */
  has(el: Element): boolean;
  /** Remove everything of ours from the page and show every story. */
  destroy(): void;
}

/** Where a mark goes: after the story's title link, never inside a link (a card that is one link). */
function markPlace(el: Element, title: string, storyId: string): Element {
  const at = titleAnchor(el, title, storyId);
  let outer: Element | null = null;
  for (let e: Element | null = at; e && e !== el.parentElement; e = e.parentElement) if (e.tagName === 'A') outer = e;
  return outer ?? at;
}

/**
 * Put the marks on a list: `marks` are the library's answer for the page's stories (only those in
 * the library). Returns what was hidden and how to undo it; `add` marks entries drawn later.
 */
export function markPage(
  doc: Document,
  list: StoryList,
  marks: readonly StoryMark[],
  settings: ListSettings,
  actions: MarkActions,
  /** Each mark's first label by key, as the worker wrote it (run.ts); missing ones are written here. */
  labels?: ReadonlyMap<string, string>,
): MarkedPage {
  const ours: Element[] = [];
  const hiddenEls: HTMLElement[] = [];
  const dimmed: HTMLElement[] = [];
  const seen = new WeakSet<Element>();
  let words: PageWords | null = null;
  let template: DocumentFragment | null = null;
  let bar: HTMLElement | null = null;
  let shown = false;

  const setShown = (show: boolean) => {
    shown = show;
    for (const el of hiddenEls) {
      if (show) el.style.removeProperty('display');
      else el.style.setProperty('display', 'none', 'important');
    }
    const root = bar?.shadowRoot;
    const text = root?.querySelector('span');
    if (text) text.textContent = MARK_STRINGS.hidden(hiddenEls.length);
    const button = root?.querySelector('button');
    if (button) {
      button.textContent = show ? MARK_STRINGS.hideAgain : MARK_STRINGS.show;
      button.setAttribute('aria-expanded', String(show));
    }
  };

  const showBar = (first: Element | undefined) => {
    const { host, root } = ownHost(doc, 'div', 'hidden-bar', BAR_STYLE);
    const box = doc.createElement('div');
    box.className = 'bar';
    box.setAttribute('role', 'status');
    const button = doc.createElement('button');
    button.type = 'button';
    button.addEventListener('click', () => setShown(!shown));
    box.append(doc.createElement('span'), button);
    root.append(box);
    bar = host;
    (first?.parentElement ?? doc.body).before(host);
    ours.push(host);
  };

  const add = (more: StoryList, moreMarks: readonly StoryMark[]) => {
    const byKey = new Map(moreMarks.map((m) => [m.key, m]));
    const hiddenBefore = hiddenEls.length;
    // Two passes: everything is read from the page and built aside first, then the page is
    // written in one go (no page read between two writes).
    const writes: { el: HTMLElement; place: Element | null; host: HTMLElement | null; t: ReturnType<typeof treatment> }[] = [];
    more.stories.forEach((ref, i) => {
      const el = more.elements[i] as HTMLElement | undefined;
      if (!el || seen.has(el)) return;
      seen.add(el);
      const mark = byKey.get(`${ref.site}:${ref.storyId}`);
      let host: HTMLElement | null = null;
      let place: Element | null = null;
      if (mark && settings.marks) {
        words ??= pageWords();
        template ??= markTemplate(doc, words);
        host = renderMark(doc, ref.title, { ...mark }, actions, words, template, labels?.get(mark.key));
        place = markPlace(el, ref.title, ref.storyId);
      }
      writes.push({ el, place, host, t: treatment(ref, mark, settings) });
    });
    for (const { el, place, host, t } of writes) {
      if (place && host) {
        place.after(host);
        ours.push(host);
      }
      if (t.kind === 'hide') {
        el.setAttribute(`${OWN_ATTR}-hidden`, t.why);
        if (!shown) el.style.setProperty('display', 'none', 'important');
        hiddenEls.push(el);
      } else if (t.kind === 'dim') {
        el.setAttribute(`${OWN_ATTR}-dimmed`, '');
        el.style.setProperty('opacity', '0.5');
        dimmed.push(el);
      }
    }
    if (hiddenEls.length === hiddenBefore) return;
    if (!bar) showBar(more.elements[0]);
    setShown(shown);
  };

  add(list, marks);
  return {
    get hidden() {
      return hiddenEls.length;
    },
    setShown,
    add,
    has: (el) => seen.has(el),
    destroy() {
      for (const o of ours) o.remove();
      for (const el of hiddenEls) {
        el.style.removeProperty('display');
        el.removeAttribute(`${OWN_ATTR}-hidden`);
      }
      for (const el of dimmed) {
        el.style.removeProperty('opacity');
        el.removeAttribute(`${OWN_ATTR}-dimmed`);
      }
    },
  };
}
