/** Keyboard commands (manifest `commands`) -> messages to the active tab's content script. */
import type { TabRequests, TabsLike } from '../protocol/messages';

/** A tab message, checked against TabRequests (the same shape sendToTab builds). */
function tabMessage<K extends keyof TabRequests>(type: K, payload: TabRequests[K]['req']) {
  return { type, ...payload } as { type: K } & TabRequests[K]['req'];
}

export const COMMAND_MESSAGES = {
  // no `on`: the content script toggles
  'toggle-reader': tabMessage('tab/set-reader', {}),
  'next-chapter': tabMessage('tab/navigate', { dir: 'next' }),
  'prev-chapter': tabMessage('tab/navigate', { dir: 'prev' }),
  'toggle-notes': tabMessage('tab/toggle-notes', {}),
};

export type CommandName = keyof typeof COMMAND_MESSAGES;

export interface CommandTabs extends TabsLike {
  query(query: { active: true; lastFocusedWindow: true }): Promise<Array<{ id?: number }>>;
}

export type CommandResult = 'sent' | 'unknown-command' | 'no-tab' | 'no-receiver';

export function isCommandName(name: string): name is CommandName {
  return Object.prototype.hasOwnProperty.call(COMMAND_MESSAGES, name);
}

/**
 * Send the command's message to the tab it was pressed in (Chrome passes it) or the active tab.
 * A tab without our content script (a site we do not support, a browser page) is left alone.
 */
export async function runCommand(
  command: string,
  tabs: CommandTabs,
  tab?: { id?: number },
): Promise<CommandResult> {
  if (!isCommandName(command)) return 'unknown-command';
  let tabId = tab?.id;
  if (tabId === undefined || tabId < 0) {
    const [active] = await tabs.query({ active: true, lastFocusedWindow: true }).catch(() => []);
    tabId = active?.id;
  }
  if (tabId === undefined || tabId < 0) return 'no-tab';
  try {
    await tabs.sendMessage(tabId, COMMAND_MESSAGES[command]);
    return 'sent';
  } catch {
    // "Receiving end does not exist": no content script in that tab. Nothing to do.
    return 'no-receiver';
  }
}
