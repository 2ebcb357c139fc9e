import { describe, expect, it } from 'vitest';
import { chromeListener, chromeSendMessage, contentApi, type MessageListener } from '../../../lib/protocol/ext-api';

type Native = (m: unknown, s: unknown, r: (x: unknown) => void) => unknown;

/** A `chrome.runtime` double: listeners get (message, sender, sendResponse) as in Chrome. */
function fakeChrome(reply: () => Promise<unknown>) {
  const listeners: Native[] = [];
  const chrome = {
    runtime: {
      id: 'ext',
      sendMessage: (_m: unknown) => reply(),
      onMessage: {
        addListener: (l: Native) => void listeners.push(l),
        removeListener: (l: Native) => void listeners.splice(listeners.indexOf(l), 1),
      },
    },
    storage: { local: { get: async () => ({}), set: async () => undefined }, onChanged: { addListener() {}, removeListener() {} } },
    extension: { inIncognitoContext: true },
  };
  return { chrome, listeners };
}

/** Deliver a message to a native listener the way Chrome does; resolves with what was sent back. */
function deliver(l: Native, message: unknown): { kept: unknown; answer: Promise<unknown> } {
  let send!: (x: unknown) => void;
  const answer = new Promise((r) => (send = r));
  return { kept: l(message, {}, send), answer };
}

describe('chromeListener (the polyfill convention on the answering side)', () => {
  it('answers with the value of the promise the listener returns and keeps the channel open', async () => {
    const { kept, answer } = deliver(chromeListener(async (m) => ({ echo: m })), 'hi');
    expect(kept).toBe(true);
    expect(await answer).toEqual({ echo: 'hi' });
  });

  it('does not answer when the listener returns nothing (another listener may)', () => {
    expect(deliver(chromeListener(() => undefined), 'x').kept).toBe(false);
  });

  it('turns a rejection or a throw into the reject marker the polyfill reads on the other end', async () => {
    const rejected = deliver(chromeListener(() => Promise.reject(new Error('no story'))), 'x');
    expect(await rejected.answer).toEqual({ __mozWebExtensionPolyfillReject__: true, message: 'no story' });
    const thrown = deliver(
      chromeListener(() => {
        throw 'odd';
      }),
      'x',
    );
    expect(await thrown.answer).toEqual({ __mozWebExtensionPolyfillReject__: true, message: 'An unexpected error occurred' });
  });
});

describe('chromeSendMessage (the polyfill convention on the asking side)', () => {
  it('resolves with the answer', async () => {
    expect(await chromeSendMessage({ sendMessage: async () => ({ ok: 1 }) })('m')).toEqual({ ok: 1 });
  });
  it('rejects on the reject marker with its message', async () => {
    const send = chromeSendMessage({ sendMessage: async () => ({ __mozWebExtensionPolyfillReject__: true, message: 'bad' }) });
    await expect(send('m')).rejects.toThrow('bad');
  });
  it('resolves to undefined when nobody answered, and rejects on other errors', async () => {
    const closed = chromeSendMessage({ sendMessage: () => Promise.reject(new Error('The message port closed before a response was received.')) });
    expect(await closed('m')).toBeUndefined();
    const gone = chromeSendMessage({ sendMessage: () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')) });
    await expect(gone('m')).rejects.toThrow('Could not establish connection');
  });
});

describe('contentApi', () => {
  it('uses a native promise-based browser object as it is (Firefox)', () => {
    const { chrome } = fakeChrome(async () => 1);
    const api = contentApi({ browser: chrome, chrome: undefined });
    expect(api.runtime).toBe(chrome.runtime);
    expect(api.storage).toBe(chrome.storage);
    expect(api.incognito).toBe(true);
  });

  it('wraps chrome: listeners are added and removed by the function the caller holds', async () => {
    const { chrome, listeners } = fakeChrome(async () => ({ __mozWebExtensionPolyfillReject__: true, message: 'nope' }));
    const api = contentApi({ chrome });
    expect(api.incognito).toBe(true);
    expect(api.storage).toBe(chrome.storage);
    const l: MessageListener = async () => 'pong';
    api.runtime.onMessage.addListener(l);
    expect(listeners).toHaveLength(1);
    expect(await deliver(listeners[0], 'ping').answer).toBe('pong');
    api.runtime.onMessage.removeListener(l);
    expect(listeners).toHaveLength(0);
    await expect(api.runtime.sendMessage({ type: 'x' })).rejects.toThrow('nope');
  });
});
