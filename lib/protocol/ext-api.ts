/**
 * The few extension APIs the reader's content script uses (runtime messages, storage, the private
 * window flag), without webextension-polyfill (~10 KB minified in every content script).
 *
 * Same behaviour as the polyfill for these calls:
 * - where a native promise-based `browser` exists (Firefox), it is used as it is (the polyfill
 *   returns it untouched too);
 * - else `chrome` (Chrome MV3: storage and sendMessage already return promises), with the polyfill's
 *   conventions kept on both ends of a message, because the worker and extension pages still use
 *   the polyfill: a reply `{ __mozWebExtensionPolyfillReject__, message }` rejects the sender's
 *   promise, "the message port closed before a response was received" resolves to undefined, and a
 *   listener that returns a promise answers with its value (or with that reject marker).
 */
import type { RuntimeLike } from './messages';
import type { StorageLike } from '../settings/store';

const REJECT = '__mozWebExtensionPolyfillReject__';
const NO_RESPONSE = 'The message port closed before a response was received.';

export type MessageListener = (message: unknown) => Promise<unknown> | undefined;

export interface ContentApi {
  runtime: RuntimeLike & {
    onMessage: { addListener(l: MessageListener): void; removeListener(l: MessageListener): void };
  };
  storage: StorageLike;
  /** True in a private window. */
  incognito: boolean;
}

type NativeListener = (message: unknown, sender: unknown, sendResponse: (r: unknown) => void) => boolean | Promise<unknown> | undefined;

interface ChromeLike {
  runtime: {
    id?: string;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: { addListener(l: NativeListener): void; removeListener(l: NativeListener): void };
  };
  storage: StorageLike;
  extension?: { inIncognitoContext?: boolean };
}

const errorMessage = (e: unknown) =>
  e && (e instanceof Error || typeof (e as { message?: unknown }).message === 'string') ? String((e as Error).message) : 'An unexpected error occurred';

/** A listener in the polyfill's form (returns its answer's promise) as a Chrome listener (sendResponse). */
export function chromeListener(listener: MessageListener): NativeListener {
  return (message, _sender, sendResponse) => {
    let result: Promise<unknown> | undefined;
    try {
      result = listener(message);
    } catch (e) {
      result = Promise.reject(e);
    }
    if (!result || typeof (result as Promise<unknown>).then !== 'function') return false;
    result.then(sendResponse, (e: unknown) => sendResponse({ [REJECT]: true, message: errorMessage(e) })).catch((e: unknown) =>
      console.error('Failed to send onMessage rejected reply', e),
    );
    return true;
  };
}

/** `chrome.runtime.sendMessage` with the polyfill's reading of the reply. */
export function chromeSendMessage(chrome: Pick<ChromeLike['runtime'], 'sendMessage'>): RuntimeLike['sendMessage'] {
  return async (message) => {
    let reply: unknown;
    try {
      reply = await chrome.sendMessage(message);
    } catch (e) {
      if (errorMessage(e) === NO_RESPONSE) return undefined;
      throw e;
    }
    if (reply && typeof reply === 'object' && (reply as Record<string, unknown>)[REJECT]) {
      throw new Error(String((reply as { message?: unknown }).message));
    }
    return reply;
  };
}

export function contentApi(g: { browser?: unknown; chrome?: unknown } = globalThis as never): ContentApi {
  const native = g.browser as ChromeLike | undefined;
  if (native?.runtime?.id) {
    return {
      runtime: native.runtime as unknown as ContentApi['runtime'],
      storage: native.storage,
      incognito: native.extension?.inIncognitoContext === true,
    };
  }
  const chrome = g.chrome as ChromeLike;
  const wrapped = new WeakMap<MessageListener, NativeListener>();
  return {
    runtime: {
      sendMessage: chromeSendMessage(chrome.runtime),
      onMessage: {
        addListener(l) {
          const w = wrapped.get(l) ?? chromeListener(l);
          wrapped.set(l, w);
          chrome.runtime.onMessage.addListener(w);
        },
        removeListener(l) {
          const w = wrapped.get(l);
          if (w) chrome.runtime.onMessage.removeListener(w);
        },
      },
    },
    storage: chrome.storage,
    incognito: chrome.extension?.inIncognitoContext === true,
  };
}
