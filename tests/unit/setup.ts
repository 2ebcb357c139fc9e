import 'fake-indexeddb/auto';
import { beforeEach } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import '../../lib/notes/lexicons';

import { useLocale } from './i18n/locales';

useLocale('en');

/** The sender of a message from the popup: an extension page (see lib/background/senders.ts). */
export const POPUP_SENDER = () => ({ id: fakeBrowser.runtime.id, url: fakeBrowser.runtime.getURL('/popup.html') });

beforeEach(() => {
  fakeBrowser.reset();
  // The extension's words come from public/_locales/en/messages.json (a test may pick another locale).
  useLocale('en');
  // fakeBrowser sends with an empty sender; the worker answers only senders it knows. Tests of
  // other senders (content scripts, private tabs) trigger runtime.onMessage with their own.
  fakeBrowser.runtime.sendMessage = (async (message: unknown) => {
    const replies = await fakeBrowser.runtime.onMessage.trigger(message, POPUP_SENDER());
    if (!replies.length) throw Error('No listeners available');
    return replies.find((r: unknown) => !!r);
  }) as typeof fakeBrowser.runtime.sendMessage;
});
