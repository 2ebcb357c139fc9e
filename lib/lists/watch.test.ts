/** lib/lists/watch.ts: one observer wakes the list marking when the site adds entries, never for our own marks. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { observeAdditions } from './watch';
import { OWN_ATTR } from './page';

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
  document.body.innerHTML = '';
});

/** Let the observer's records arrive and a 0 ms timer run. */
const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 20));

describe('observeAdditions', () => {
  it('calls back after the page adds an element of its own, anywhere under <body>', async () => {
    document.body.innerHTML = '<ul id="list"><li>one</li></ul>';
    const onChange = vi.fn();
    stop = observeAdditions(document, onChange, 0);
    const li = document.createElement('li');
    li.textContent = 'two';
    document.getElementById('list')!.append(li);
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(1));
  });

  it('calls back once for a burst of additions within the delay', async () => {
    const onChange = vi.fn();
    stop = observeAdditions(document, onChange, 50);
    for (let i = 0; i < 20; i++) document.body.append(document.createElement('div'));
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(1));
    await settle();
    await settle();
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('ignores our own marks and plain text nodes, so marking cannot loop', async () => {
    const onChange = vi.fn();
    stop = observeAdditions(document, onChange, 0);
    const mark = document.createElement('span');
    mark.setAttribute(OWN_ATTR, 'mark');
    document.body.append(mark);
    document.body.append(document.createTextNode('text'));
    await settle();
    await settle();
    expect(onChange).not.toHaveBeenCalled();
    document.body.append(document.createElement('p'));
    await vi.waitFor(() => expect(onChange).toHaveBeenCalledTimes(1));
  });

  it('stops observing, and drops a pending call, once stopped', async () => {
    const onChange = vi.fn();
    const s = observeAdditions(document, onChange, 30);
    document.body.append(document.createElement('div'));
    await new Promise<void>((resolve) => queueMicrotask(resolve));
    s();
    document.body.append(document.createElement('div'));
    await settle();
    await settle();
    await settle();
    expect(onChange).not.toHaveBeenCalled();
  });

  it('does nothing on a document without a window or a body', () => {
    const bare = document.implementation.createHTMLDocument('');
    bare.body.remove();
    const onChange = vi.fn();
    const s = observeAdditions(bare, onChange, 0);
    expect(typeof s).toBe('function');
    expect(() => s()).not.toThrow();
  });
});
