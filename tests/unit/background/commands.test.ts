import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { COMMAND_MESSAGES, runCommand, type CommandTabs } from '../../../lib/background/commands';

function fakeTabs(opts: { active?: Array<{ id?: number }>; reject?: boolean } = {}) {
  const sent: Array<[number, unknown]> = [];
  const tabs: CommandTabs = {
    query: vi.fn(async () => opts.active ?? [{ id: 7 }]),
    sendMessage: vi.fn(async (tabId: number, message: unknown) => {
      if (opts.reject) throw new Error('Could not establish connection. Receiving end does not exist.');
      sent.push([tabId, message]);
      return null;
    }),
  };
  return { tabs, sent };
}

describe('keyboard commands', () => {
  it.each([
    ['toggle-reader', { type: 'tab/set-reader' }],
    ['next-chapter', { type: 'tab/navigate', dir: 'next' }],
    ['prev-chapter', { type: 'tab/navigate', dir: 'prev' }],
    ['toggle-notes', { type: 'tab/toggle-notes' }],
  ])('%s sends %o to the active tab', async (command, message) => {
    const { tabs, sent } = fakeTabs();
    expect(await runCommand(command, tabs)).toBe('sent');
    expect(tabs.query).toHaveBeenCalledWith({ active: true, lastFocusedWindow: true });
    expect(sent).toEqual([[7, message]]);
  });

  it('toggles the reader: no `on` in the message', () => {
    expect('on' in COMMAND_MESSAGES['toggle-reader']).toBe(false);
  });

  it('covers every command declared in the manifest', () => {
    // Read as text: importing wxt.config pulls in the whole Vite toolchain.
    const config = readFileSync(resolve(__dirname, '../../../wxt.config.ts'), 'utf8');
    const block = config.slice(config.indexOf('commands: {'), config.indexOf('content_security_policy'));
    const declared = [...block.matchAll(/^\s*'([a-z-]+)': \{/gm)].map((m) => m[1]);
    expect(declared.length).toBeGreaterThan(0);
    expect(Object.keys(COMMAND_MESSAGES).sort()).toEqual(declared.sort());
  });

  it('uses the tab the browser passes with the command', async () => {
    const { tabs, sent } = fakeTabs();
    expect(await runCommand('next-chapter', tabs, { id: 3 })).toBe('sent');
    expect(tabs.query).not.toHaveBeenCalled();
    expect(sent).toEqual([[3, { type: 'tab/navigate', dir: 'next' }]]);
  });

  it('does nothing, without throwing, where no content script answers', async () => {
    const { tabs } = fakeTabs({ reject: true });
    await expect(runCommand('toggle-reader', tabs)).resolves.toBe('no-receiver');
    expect(tabs.sendMessage).toHaveBeenCalledTimes(1);
  });

  it('does nothing without an active tab or for an unknown command', async () => {
    const none = fakeTabs({ active: [] });
    expect(await runCommand('toggle-reader', none.tabs)).toBe('no-tab');
    const noId = fakeTabs({ active: [{}] });
    expect(await runCommand('toggle-reader', noId.tabs)).toBe('no-tab');
    const other = fakeTabs();
    expect(await runCommand('_execute_action', other.tabs)).toBe('unknown-command');
    expect(other.tabs.sendMessage).not.toHaveBeenCalled();
  });
});
