/**
 * Opening the reader view on a page no site adapter claims: the background injects the generic
 * reader (entrypoints/generic-reader.ts) into that one tab. Permission comes from activeTab,
 * granted by the reader's own gesture (the popup being opened, the keyboard command); the
 * extension keeps no standing host permission for arbitrary sites.
 */
import type { BackgroundRequests, Handlers, TabsLike } from '../protocol/messages';
import { runCommand, type CommandResult, type CommandTabs } from './commands';

/** The unlisted script's path in the built extension. */
export const GENERIC_READER_FILE = '/generic-reader.js';

export interface ScriptingLike {
  executeScript(injection: { target: { tabId: number }; files: string[] }): Promise<unknown>;
}

export type OpenGenericResult = { ok: boolean; error?: string };

/** Why an injection failed, in the reader's words. */
export function injectionError(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  if (/cannot access|cannot be scripted|permission|extensions gallery|chrome:\/\/|about:|edge:\/\//i.test(m)) {
    return "Calm Reader can't open this page: the browser does not let extensions read it.";
  }
  if (/no tab|invalid tab/i.test(m)) return 'That tab is gone.';
  return `Calm Reader could not open the reader view here (${m}).`;
}

/** Inject the generic reader into a tab; a second injection toggles the view already there. */
export function createOpenGeneric(scripting: ScriptingLike, log?: (message: string, detail?: unknown) => void) {
  return async (tabId: number): Promise<OpenGenericResult> => {
    if (typeof tabId !== 'number' || !Number.isInteger(tabId) || tabId < 0) return { ok: false, error: 'No such tab.' };
    try {
      await scripting.executeScript({ target: { tabId }, files: [GENERIC_READER_FILE] });
      return { ok: true };
    } catch (e) {
      log?.('could not inject the generic reader', e);
      return { ok: false, error: injectionError(e) };
    }
  };
}

export type GenericHandlers = Pick<Handlers<BackgroundRequests>, 'tab/open-generic'>;

export function createGenericHandlers(deps: { openGeneric: (tabId: number) => Promise<OpenGenericResult> }): GenericHandlers {
  return {
    'tab/open-generic': async ({ tabId }) => deps.openGeneric(tabId),
  };
}

/**
 * Keyboard commands with the generic reader as the fallback: 'toggle-reader' on a tab where no
 * content script answers opens the generic reader there (the command grants activeTab).
 */
export async function runCommandWithGeneric(
  command: string,
  tabs: CommandTabs & TabsLike,
  tab: { id?: number } | undefined,
  openGeneric: (tabId: number) => Promise<OpenGenericResult>,
): Promise<CommandResult | 'opened-generic'> {
  const result = await runCommand(command, tabs, tab);
  if (result !== 'no-receiver' || command !== 'toggle-reader') return result;
  let tabId = tab?.id;
  if (tabId === undefined || tabId < 0) {
    const [active] = await tabs.query({ active: true, lastFocusedWindow: true }).catch(() => []);
    tabId = active?.id;
  }
  if (tabId === undefined || tabId < 0) return result;
  const opened = await openGeneric(tabId);
  return opened.ok ? 'opened-generic' : result;
}
