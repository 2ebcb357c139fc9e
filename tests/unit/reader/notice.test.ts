/** lib/reader/notice.ts: the "couldn't read this page" notice draws, fades after a while, then goes, or goes when dismissed. */
import { afterEach, describe, expect, it } from 'vitest';
import { HOST_ID } from '../../../lib/reader/host';
import { layoutNotice, showNotice } from '../../../lib/reader/notice';
import type { Timers } from '../../../lib/reader/position';
import type { NoticeDrawing, ReaderUi } from '../../../lib/reader/view';

/** Timers run by hand: `advance(ms)` fires what is due. */
function manualTimers() {
  let now = 0;
  let next = 1;
  const pending = new Map<number, { at: number; fn: () => void }>();
  const timers: Timers = {
    setTimeout(fn, ms) {
      const id = next++;
      pending.set(id, { at: now + ms, fn });
      return id;
    },
    clearTimeout(id) {
      pending.delete(id as number);
    },
    now: () => now,
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...pending.entries()].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      pending.delete(due[0]);
      now = due[1].at;
      due[1].fn();
    }
    now = until;
  };
  return { timers, advance, pending };
}

function recordingUi() {
  const draws: { mount: HTMLElement; what: NoticeDrawing }[] = [];
  const ui: ReaderUi = {
    drawReader: () => {
      throw Error('the notice never draws the reader');
    },
    drawNotice: (mount, what) => void draws.push({ mount, what }),
  };
  return { ui, draws, last: () => draws[draws.length - 1]?.what };
}

afterEach(() => document.querySelectorAll('calm-reader-root').forEach((n) => n.remove()));

describe('showNotice', () => {
  it('draws the message at once in its own shadow host in the error state', () => {
    const { ui, draws, last } = recordingUi();
    const { timers } = manualTimers();
    const handle = showNotice(ui, document, 'Could not read', { timers });
    expect(handle.host.isConnected).toBe(true);
    expect(handle.host.id).toBe(HOST_ID);
    expect(handle.host.getAttribute('data-state')).toBe('error');
    expect(draws).toHaveLength(1);
    expect(draws[0].mount.getRootNode()).toBe(handle.host.shadowRoot);
    expect(last()).toMatchObject({ message: 'Could not read', fading: false });
  });

  it('fades after visibleMs, then removes itself after fadeMs', () => {
    const { ui, last } = recordingUi();
    const { timers, advance, pending } = manualTimers();
    const handle = showNotice(ui, document, 'm', { timers, visibleMs: 1000, fadeMs: 200 });
    advance(999);
    expect(last()).toMatchObject({ fading: false });
    advance(1);
    expect(last()).toMatchObject({ message: 'm', fading: true });
    expect(handle.host.isConnected).toBe(true);
    advance(199);
    expect(handle.host.isConnected).toBe(true);
    advance(1);
    expect(last()).toBeNull();
    expect(handle.host.isConnected).toBe(false);
    expect(pending.size).toBe(0);
  });

  it('defaults to 8 s visible and 0.7 s fading', () => {
    const { ui, last } = recordingUi();
    const { timers, advance } = manualTimers();
    const handle = showNotice(ui, document, 'm', { timers });
    advance(7999);
    expect(last()).toMatchObject({ fading: false });
    advance(1);
    expect(last()).toMatchObject({ fading: true });
    advance(699);
    expect(handle.host.isConnected).toBe(true);
    advance(1);
    expect(handle.host.isConnected).toBe(false);
  });

  it('dismiss() removes it at once, cancels its timers and draws nothing more', () => {
    const { ui, draws, last } = recordingUi();
    const { timers, advance, pending } = manualTimers();
    const handle = showNotice(ui, document, 'm', { timers, visibleMs: 1000, fadeMs: 200 });
    handle.dismiss();
    expect(last()).toBeNull();
    expect(handle.host.isConnected).toBe(false);
    expect(pending.size).toBe(0);
    const count = draws.length;
    advance(5000);
    handle.dismiss();
    expect(draws).toHaveLength(count);
  });

  it('the drawing’s own onDismiss (the close button) dismisses, also while fading', () => {
    const { ui, draws, last } = recordingUi();
    const { timers, advance, pending } = manualTimers();
    const handle = showNotice(ui, document, 'm', { timers, visibleMs: 100, fadeMs: 500 });
    advance(100);
    const fading = last();
    expect(fading).toMatchObject({ fading: true });
    fading!.onDismiss();
    expect(handle.host.isConnected).toBe(false);
    expect(pending.size).toBe(0);
    const count = draws.length;
    fading!.onDismiss();
    advance(1000);
    expect(draws).toHaveLength(count);
  });

  it('two notices do not share a host: dismissing one leaves the other', () => {
    const { ui } = recordingUi();
    const { timers } = manualTimers();
    const a = showNotice(ui, document, 'a', { timers });
    const b = showNotice(ui, document, 'b', { timers });
    expect(a.host).not.toBe(b.host);
    a.dismiss();
    expect(b.host.isConnected).toBe(true);
  });
});

describe('layoutNotice', () => {
  it("is the catalogue's words for a page the reader could not read", () => {
    expect(layoutNotice()).toMatch(/couldn't read this page/);
  });
});
