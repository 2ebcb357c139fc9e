import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { createHandlers } from '../lib/background/handlers';
import { dispatch, type BackgroundRequests } from '../lib/messages';
import { runCommand } from '../lib/background/commands';
import { lazyLibrary } from '../lib/library/schema';

export default defineBackground(() => {
  // Opened on first use and reopened after a close: the worker may be stopped at any time, and
  // everything that matters is in IndexedDB, not in this closure.
  const library = lazyLibrary();
  const handlers = createHandlers({ db: library, now: Date.now });

  browser.runtime.onMessage.addListener((message: unknown) => {
    const reply = dispatch<BackgroundRequests>(handlers, message);
    if (!reply) return undefined; // not ours: let other listeners answer
    return reply.catch((err: unknown) => {
      console.error('[calm-reader] request failed', (message as { type?: string }).type, err);
      throw err;
    });
  });

  browser.commands.onCommand.addListener((command: string, tab?: { id?: number }) => {
    void runCommand(command, browser.tabs, tab).catch((err: unknown) => {
      console.error('[calm-reader] command failed', command, err);
    });
  });
});
