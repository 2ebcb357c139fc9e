import { describe, expect, it, vi } from 'vitest';
import { ContentScriptContext } from '../../../lib/reader/script-context';

describe('ContentScriptContext (our content scripts, instead of WXT’s)', () => {
  const live = () => ({ id: 'ext' });

  it('is valid while the runtime is there, and invalid once it is gone (extension reloaded)', () => {
    let runtime: { id?: string } | undefined = { id: 'ext' };
    const ctx = new ContentScriptContext('reader-ao3', {}, document, () => runtime);
    const cb = vi.fn();
    ctx.onInvalidated(cb);
    expect(ctx.isInvalid).toBe(false);
    expect(cb).not.toHaveBeenCalled();
    runtime = undefined;
    expect(ctx.isInvalid).toBe(true);
    expect(cb).toHaveBeenCalledTimes(1);
    expect(ctx.isInvalid).toBe(true);
    expect(cb).toHaveBeenCalledTimes(1);
  });

  it('a newer copy of the same script invalidates the older one, not itself nor other scripts', () => {
    const older = new ContentScriptContext('reader-ao3', {}, document, live);
    const other = new ContentScriptContext('lists', {}, document, live);
    const onOlder = vi.fn();
    older.onInvalidated(onOlder);
    const newer = new ContentScriptContext('reader-ao3', {}, document, live);
    expect(onOlder).toHaveBeenCalledTimes(1);
    expect(older.isInvalid).toBe(true);
    expect(newer.isInvalid).toBe(false);
    expect(other.isInvalid).toBe(false);
    // The older one no longer listens: a third copy invalidates only the second.
    const third = new ContentScriptContext('reader-ao3', {}, document, live);
    expect(onOlder).toHaveBeenCalledTimes(1);
    expect(newer.isInvalid).toBe(true);
    expect(third.isInvalid).toBe(false);
  });

  it('a listener removed before the end is not called', () => {
    let runtime: { id?: string } | undefined = { id: 'ext' };
    const ctx = new ContentScriptContext('reader-x', {}, document, () => runtime);
    const cb = vi.fn();
    ctx.onInvalidated(cb)();
    runtime = {};
    expect(ctx.isInvalid).toBe(true);
    expect(cb).not.toHaveBeenCalled();
  });
});
