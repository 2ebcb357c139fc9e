/**
 * The popup's first frame without Preact (issue 25): drawn by a tiny classic script
 * (entrypoints/popup-first.ts) while popup.html is still being parsed, so "Continue reading" (the
 * snapshot, lib/popup/snapshot.ts) is on screen before the page's module (the Preact UI) has been
 * fetched, compiled and run. The markup is what the UI's first render makes (components/popup:
 * Popup, TabPanel, ContinueReading, SettingsPanel in their first state), so when the UI renders
 * into the same container Preact reuses these elements (its render diffs against a container's
 * existing children): no flash, no layout jump, and a focused row keeps the focus.
 *
 * The snapshot is hostile input like any stored text: read through parseSnapshot only, and put in
 * the page as text and attributes (never as HTML). Until the UI takes over, a click on a row or on
 * "Open library" does what the UI's would (the handler is dropped at the takeover: TAKEOVER_EVENT).
 */
import { t } from '../i18n';
import { readingUrl } from '../sites/hosts';
import { continueStories, lastChapterLabel, newText, unreadText } from './format';
import type { PopupApi } from './api';
import { RECENT_LIMIT, type PopupSnapshot, type SnapshotStory } from './snapshot';

/** Dispatched on the container by the UI right before it renders there: the first frame's handlers stop. */
export const TAKEOVER_EVENT = 'calm-reader:popup-takeover';

/** What the first frame's controls do before the UI is there (the UI's own PopupApi). */
export type FirstFrameActions = Pick<PopupApi, 'openTab' | 'openLibrary' | 'openOptions' | 'close'>;

type Attrs = Record<string, string>;

function el(doc: Document, tag: string, attrs: Attrs, ...children: (Node | string | null)[]): HTMLElement {
  const e = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) if (c != null) e.append(c);
  return e;
}

function row(doc: Document, s: SnapshotStory): HTMLElement {
  const span = (cls: string, text: string | null, testId?: string) =>
    text ? el(doc, 'span', testId ? { class: cls, 'data-testid': testId } : { class: cls }, text) : null;
  return el(
    doc,
    'li',
    {},
    el(
      doc,
      'button',
      { type: 'button', class: 'cr-continue-item', 'data-story-key': s.key },
      span('cr-continue-title', s.title),
      span('cr-continue-where', lastChapterLabel(s) || null),
      span('cr-continue-new', newText(s), 'new-count'),
      span('cr-continue-unread', unreadText(s), 'unread-count'),
    ),
  );
}

/**
 * Draws the popup's first frame into an empty `root` from the snapshot (the "loading" state without
 * one), in the theme last applied. Returns the stories shown, or null when `root` was not empty (nothing drawn).
 */
export function drawFirstFrame(root: HTMLElement, snapshot: Pick<PopupSnapshot, 'read' | 'readTheme'>, actions: FirstFrameActions): SnapshotStory[] | null {
  if (root.firstChild) return null;
  const doc = root.ownerDocument;
  // The theme as last applied (the UI sets it again from the settings): no light frame before a dark one.
  const theme = snapshot.readTheme();
  if (theme) doc.documentElement.dataset.theme = theme;
  const seen = snapshot.read();
  const stories = seen ? continueStories(seen, RECENT_LIMIT) : [];
  const muted = (text: string, extra: Attrs = {}) => el(doc, 'p', { class: 'cr-muted', ...extra }, text);
  const heading = (id: string, cls: string, text: string) => el(doc, 'h2', { id, class: cls }, text);
  let list: HTMLElement;
  if (!seen) list = muted(t('loadingLibrary'));
  else if (stories.length === 0) list = muted(t('continueEmpty'), { 'data-testid': 'continue-empty', 'data-source': 'snapshot' });
  else list = el(doc, 'ul', { class: 'cr-continue-list', 'data-testid': 'continue-list', 'data-source': 'snapshot' }, ...stories.map((s) => row(doc, s)));
  root.append(
    el(
      doc,
      'main',
      { class: 'cr-popup' },
      el(doc, 'h1', { class: 'cr-title' }, t('extShortName')),
      el(
        doc,
        'section',
        { class: 'cr-panel cr-tab', 'aria-labelledby': 'cr-tab-heading', 'aria-busy': 'true', 'data-testid': 'popup-status', 'data-state': 'loading' },
        heading('cr-tab-heading', 'cr-visually-hidden', t('thisPage')),
        muted(t('checkingPage')),
      ),
      el(
        doc,
        'section',
        { class: 'cr-panel cr-continue', 'aria-labelledby': 'cr-continue-heading', 'aria-busy': 'true' },
        heading('cr-continue-heading', 'cr-heading', t('continueReading')),
        list,
        el(doc, 'button', { type: 'button', class: 'cr-button cr-open-library', 'data-testid': 'open-library' }, t('openLibrary')),
      ),
      el(
        doc,
        'section',
        { class: 'cr-panel cr-settings', 'aria-labelledby': 'cr-settings-heading' },
        heading('cr-settings-heading', 'cr-heading', t('readingSettings')),
        muted(t('loadingSettings')),
      ),
      el(doc, 'p', { class: 'cr-all-settings' }, el(doc, 'a', { href: 'options.html', 'data-testid': 'all-settings' }, t('allSettings'))),
    ),
  );

  // Until the UI takes over, every control does what the UI's does (components/popup).
  const byKey = new Map(stories.map((s) => [s.key, s]));
  const stop = new AbortController();
  root.addEventListener(
    'click',
    (e) => {
      const target = e.target instanceof Element ? e.target.closest<HTMLElement>('button, a') : null;
      const what = target?.dataset.testid;
      if (what === 'all-settings') {
        e.preventDefault();
        void actions.openOptions().then(() => actions.close(), () => undefined);
      } else if (what === 'open-library') void actions.openLibrary();
      else {
        const story = byKey.get(target?.dataset.storyKey ?? '');
        const url = story && readingUrl(story);
        if (url) void actions.openTab(url);
      }
    },
    { signal: stop.signal },
  );
  root.addEventListener(TAKEOVER_EVENT, () => stop.abort(), { once: true, signal: stop.signal });
  return stories;
}
