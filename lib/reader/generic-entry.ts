/**
 * The generic reader's start, injected on request into a page no site adapter claims
 * (entrypoints/generic-reader.ts). The same session as the content script, with the generic
 * adapter. Injected twice into one page (the popup button or the command again), it does not
 * start a second reader: it turns the one already there on or off.
 */
import { showNotice } from './notice';
import { generic, LISTING_MESSAGE, NOT_ARTICLE_MESSAGE } from '../sites/generic/adapter';
import { t } from '../i18n';
import { startSession, type Session, type SessionDeps } from './session';

/** Where the running reader is kept: the extension's isolated world of the page, shared by every injection. */
export const GENERIC_STATE_KEY = '__calmReaderGeneric';

export interface GenericEntryDeps extends Omit<SessionDeps, 'adapter'> {
  /** The global object the state lives on (globalThis of the isolated world). */
  scope: Record<string, unknown>;
  /** browser.runtime.onMessage.addListener */
  listen(listener: (message: unknown) => Promise<unknown> | undefined): void;
}

interface GenericState {
  session: Promise<Session | null>;
  /** The session answering tab messages (null until the page has been read). */
  current: Session | null;
  /** The one message listener of this page, whatever the number of injections. */
  listening: boolean;
}

export type GenericOutcome = 'started' | 'toggled' | 'not-article' | 'failed';

export async function openGenericReader(deps: GenericEntryDeps): Promise<GenericOutcome> {
  const existing = deps.scope[GENERIC_STATE_KEY] as GenericState | undefined;
  if (existing) {
    const session = await existing.session;
    if (session?.controller) {
      session.controller.setReader();
      return 'toggled';
    }
    // The page had no article last time; it may have one now (a page that loads its text late).
    existing.current = null;
    session?.destroy();
  }

  const state: GenericState = existing ?? { session: Promise.resolve(null), current: null, listening: false };
  if (!state.listening) {
    // Answer the popup from the start (no answer until the page has been read).
    deps.listen((message) => (state.current ? state.current.onMessage(message) : undefined));
    state.listening = true;
  }
  state.session = (async () => {
      try {
        const { scope: _scope, listen: _listen, ...sessionDeps } = deps;
        const session = await startSession({ ...sessionDeps, adapter: generic });
        state.current = session;
        return session;
      } catch (e) {
        console.warn('Calm Reader: the reader view could not start; showing the page as it is.', e);
        return null;
      }
    })();
  deps.scope[GENERIC_STATE_KEY] = state;
  const session = await state.session;
  if (!session) return 'failed';
  if (session.controller) {
    // The reader asked for this page in reader view: show it whatever the "open automatically" setting says.
    session.controller.show();
    return 'started';
  }
  if (session.error) {
    try {
      // The adapter's two refusals in the reader's language; anything else as the adapter said it.
      const said = session.error.error;
      const words = said === NOT_ARTICLE_MESSAGE ? t('notArticle') : said === LISTING_MESSAGE ? t('notArticleListing') : said;
      showNotice(deps.ui, deps.doc, words, { timers: deps.timers });
    } catch (e) {
      console.warn('Calm Reader: could not show the notice', e);
    }
  }
  return 'not-article';
}
