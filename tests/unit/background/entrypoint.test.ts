import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import background from '../../../entrypoints/background';
import { visit } from '../library/helpers';

afterEach(() => vi.restoreAllMocks());

function start() {
  let onCommand: ((command: string, tab?: { id?: number }) => void) | undefined;
  // fakeBrowser does not implement the action badge.
  const badge = vi.fn();
  (fakeBrowser as unknown as { action: Record<string, unknown> }).action.setBadgeText = badge;
  (fakeBrowser as unknown as { action: Record<string, unknown> }).action.setBadgeBackgroundColor = vi.fn();
  // fakeBrowser does not implement commands.onCommand.
  vi.spyOn(fakeBrowser.commands.onCommand, 'addListener').mockImplementation((l) => {
    onCommand = l as typeof onCommand;
  });
  const result = background.main();
  return { result, badge, command: (name: string, tab?: { id?: number }) => onCommand!(name, tab) };
}

describe('background entrypoint', () => {
  it('starts synchronously and answers library requests', async () => {
    const { result } = start();
    expect(result).toBeUndefined();
    const reply = await fakeBrowser.runtime.sendMessage({ type: 'chapter/visited', chapter: visit({ storyId: 'e2e' }) });
    expect(reply).toMatchObject({ story: { key: 'ao3:e2e' }, position: null });
    const list = (await fakeBrowser.runtime.sendMessage({ type: 'library/list' })) as { stories: Array<{ key: string }> };
    expect(list.stories.map((s) => s.key)).toContain('ao3:e2e');
  });

  it('schedules update checks and draws the badge on start', async () => {
    const { badge } = start();
    await vi.waitFor(async () => expect(await fakeBrowser.alarms.get('check-updates')).toMatchObject({ periodInMinutes: 180 }));
    await vi.waitFor(() => expect(badge).toHaveBeenCalledWith({ text: '' }));
    expect(await fakeBrowser.runtime.sendMessage({ type: 'updates/settings', patch: { intervalMinutes: 60 } })).toEqual({
      intervalMinutes: 60,
      notify: false,
    });
    expect(await fakeBrowser.alarms.get('check-updates')).toMatchObject({ periodInMinutes: 60 });
    // the alarm runs a check (nothing followed: nothing fetched)
    const fetchSpy = vi.spyOn(globalThis, 'fetch');
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'check-updates', scheduledTime: Date.now(), periodInMinutes: 60 });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('leaves messages that are not its own to other listeners', async () => {
    start();
    fakeBrowser.runtime.onMessage.addListener(() => Promise.resolve('other'));
    expect(await fakeBrowser.runtime.sendMessage({ type: 'tab/status' })).toBe('other');
  });

  it('sends keyboard commands to the tab', async () => {
    const sent = vi.fn(async () => null);
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(sent as never);
    const { command } = start();
    command('next-chapter', { id: 5 });
    await vi.waitFor(() => expect(sent).toHaveBeenCalledWith(5, { type: 'tab/navigate', dir: 'next' }));
  });

  it('opens the generic reader for toggle-reader in a tab without a site reader', async () => {
    const sent = vi.fn(async () => {
      throw new Error('Receiving end does not exist.');
    });
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(sent as never);
    const injected = vi.fn(async () => [{ result: undefined }]);
    vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation(injected as never);
    const errors = vi.spyOn(console, 'error');
    const { command } = start();
    expect(() => command('toggle-reader', { id: 9 })).not.toThrow();
    await vi.waitFor(() => expect(injected).toHaveBeenCalledTimes(1));
    expect(injected).toHaveBeenCalledWith(expect.objectContaining({ target: { tabId: 9 }, files: ['/generic-reader.js'] }));
    expect(errors).not.toHaveBeenCalled();
  });

  it('ignores other commands in a tab without a reader', async () => {
    const sent = vi.fn(async () => {
      throw new Error('Receiving end does not exist.');
    });
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation(sent as never);
    const injected = vi.fn(async () => []);
    vi.spyOn(fakeBrowser.scripting, 'executeScript').mockImplementation(injected as never);
    const errors = vi.spyOn(console, 'error');
    const { command } = start();
    expect(() => command('next-chapter', { id: 9 })).not.toThrow();
    await vi.waitFor(() => expect(sent).toHaveBeenCalledTimes(1));
    await new Promise((r) => setTimeout(r, 0));
    expect(injected).not.toHaveBeenCalled();
    expect(errors).not.toHaveBeenCalled();
  });
});
