/** lib/background/generic.ts: injecting the generic reader into one tab, and saying why when the browser refuses. */
import { describe, expect, it, vi } from 'vitest';
import { createOpenGeneric, GENERIC_READER_FILE, injectionError, runCommandWithGeneric } from '../../../lib/background/generic';

const REFUSED = "Calm Reader can't open this page: the browser does not let extensions read it.";

describe('injectionError', () => {
  it("says the browser refuses for its own pages and the extension gallery", () => {
    for (const m of [
      'Cannot access contents of url "chrome://settings/".',
      'Cannot access a chrome:// URL',
      'The extensions gallery cannot be scripted.',
      'Missing host permission for the tab',
      'Cannot access "about:blank" at origin "null".',
      'edge://newtab',
    ]) {
      expect(injectionError(new Error(m)), m).toBe(REFUSED);
    }
  });

  it('says a closed tab is gone', () => {
    expect(injectionError(new Error('No tab with id: 42.'))).toBe('That tab is gone.');
    expect(injectionError('Invalid tab ID: 7')).toBe('That tab is gone.');
  });

  it('passes any other reason on in its sentence, also when it is not an Error', () => {
    expect(injectionError(new Error('Frame with ID 0 was removed.'))).toBe('Calm Reader could not open the reader view here (Frame with ID 0 was removed.).');
    expect(injectionError(undefined)).toBe('Calm Reader could not open the reader view here (undefined).');
    expect(injectionError({ toString: () => 'odd' })).toBe('Calm Reader could not open the reader view here (odd).');
  });
});

describe('createOpenGeneric', () => {
  it('injects the generic reader file into that tab only', async () => {
    const executeScript = vi.fn(async () => undefined);
    expect(await createOpenGeneric({ executeScript })(7)).toEqual({ ok: true });
    expect(executeScript).toHaveBeenCalledExactlyOnceWith({ target: { tabId: 7 }, files: [GENERIC_READER_FILE] });
    expect(GENERIC_READER_FILE).toBe('/generic-reader.js');
  });

  it('refuses tab ids that are no tab, without injecting anything', async () => {
    const executeScript = vi.fn(async () => undefined);
    const open = createOpenGeneric({ executeScript });
    for (const id of [-1, 1.5, NaN, Infinity, '3', null, undefined, { id: 3 }] as unknown[]) {
      expect(await open(id as number), String(id)).toEqual({ ok: false, error: 'No such tab.' });
    }
    expect(executeScript).not.toHaveBeenCalled();
  });

  it('answers a failed injection in words and logs it, never throwing', async () => {
    const log = vi.fn();
    const err = new Error('No tab with id: 9.');
    const open = createOpenGeneric({ executeScript: async () => Promise.reject(err) }, log);
    expect(await open(9)).toEqual({ ok: false, error: 'That tab is gone.' });
    expect(log).toHaveBeenCalledWith('could not inject the generic reader', err);
  });
});

describe('runCommandWithGeneric', () => {
  const noReceiver = () => ({
    query: vi.fn(async () => [] as { id?: number }[]),
    sendMessage: vi.fn(async () => Promise.reject(new Error('Receiving end does not exist.'))),
  });

  it('keeps the plain result when there is no tab to open it in, or opening fails', async () => {
    const open = vi.fn(async () => ({ ok: false, error: 'x' }));
    expect(await runCommandWithGeneric('toggle-reader', noReceiver(), undefined, open)).toBe('no-tab');
    expect(open).not.toHaveBeenCalled();
    expect(await runCommandWithGeneric('toggle-reader', noReceiver(), { id: 5 }, open)).toBe('no-receiver');
    expect(open).toHaveBeenCalledWith(5);
  });

  it('never opens the generic reader for an unknown command', async () => {
    const open = vi.fn(async () => ({ ok: true }));
    expect(await runCommandWithGeneric('rm -rf', noReceiver(), { id: 5 }, open)).toBe('unknown-command');
    expect(open).not.toHaveBeenCalled();
  });
});
