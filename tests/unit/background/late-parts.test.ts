/** The worker's side of the reader view's late parts (lib/background/late-parts.ts). */
import { describe, expect, it, vi } from 'vitest';
import { createLatePartsListener } from '../../../lib/background/late-parts';
import { LATE_PARTS_REQUEST, READER_LATE_FILE } from '../../../lib/reader/late';

const self = { id: 'ext', baseUrl: 'chrome-extension://ext/' };
const tabSender = { id: 'ext', url: 'https://archiveofourown.org/works/1/chapters/2', frameId: 0, tab: { id: 7, url: 'https://archiveofourown.org/works/1/chapters/2' } };

describe('late parts: injected into the asking content script’s tab and frame', () => {
  it('injects the late script into the sender’s tab and frame, and answers once it ran', async () => {
    const executeScript = vi.fn(async () => [{}]);
    const listen = createLatePartsListener({ executeScript }, self);
    await expect(listen({ type: LATE_PARTS_REQUEST }, { ...tabSender, frameId: 3 })).resolves.toBe(true);
    expect(executeScript).toHaveBeenCalledWith({ target: { tabId: 7, frameIds: [3] }, files: [READER_LATE_FILE] });
  });

  it('leaves every other message to the other listeners', () => {
    const executeScript = vi.fn(async () => [{}]);
    const listen = createLatePartsListener({ executeScript }, self);
    for (const m of [null, 'x', { type: 'position/save' }, { type: LATE_PARTS_REQUEST.toUpperCase() }]) expect(listen(m, tabSender)).toBeUndefined();
    expect(executeScript).not.toHaveBeenCalled();
  });

  it('refuses another extension, an extension page and a sender without a tab', async () => {
    const executeScript = vi.fn(async () => [{}]);
    const listen = createLatePartsListener({ executeScript }, self);
    const m = { type: LATE_PARTS_REQUEST };
    await expect(listen(m, { ...tabSender, id: 'other' })).rejects.toThrow(/refused/);
    await expect(listen(m, { id: 'ext', url: 'chrome-extension://ext/popup.html', origin: 'chrome-extension://ext' })).rejects.toThrow(/refused/);
    await expect(listen(m, { id: 'ext', url: 'https://archiveofourown.org/works/1' })).rejects.toThrow(/refused/);
    await expect(listen(m, { ...tabSender, frameId: -1 })).rejects.toThrow(/refused/);
    await expect(listen(m, undefined)).rejects.toThrow(/refused/);
    expect(executeScript).not.toHaveBeenCalled();
  });

  it('an injection that fails rejects (the content script asks again on the next use)', async () => {
    const listen = createLatePartsListener({ executeScript: async () => Promise.reject(new Error('Cannot access contents of the page')) }, self);
    await expect(listen({ type: LATE_PARTS_REQUEST }, tabSender)).rejects.toThrow(/Cannot access/);
  });
});
