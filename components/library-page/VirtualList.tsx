import type { ComponentChildren } from 'preact';
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { nextIndex, scrollToReveal, virtualWindow } from '../../lib/library-page/virtual';

/** Used when the scroller reports no height (not laid out yet, or a test DOM). */
export const FALLBACK_VIEWPORT = 640;
export const OVERSCAN = 4;

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  label: string;
  describedBy?: string;
  /** Changes to this value scroll back to the top (new search, filter or sort). */
  resetKey: string;
  renderRow(index: number, top: number, active: boolean): ComponentChildren;
  /** Enter on a focused row. */
  onActivate?(index: number): void;
  testId?: string;
}

/**
 * A role=list of fixed-height rows where only the rows in view (plus overscan) exist in the DOM.
 * Each row carries aria-setsize / aria-posinset so assistive technology still hears "3 of 10,000".
 * One row is in the tab order at a time (roving tabindex); arrow keys, Page Up/Down, Home and End
 * move between rows, scrolling them into view.
 */
export function VirtualList({ count, rowHeight, label, describedBy, resetKey, renderRow, onActivate, testId }: VirtualListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(FALLBACK_VIEWPORT);
  const [active, setActive] = useState(0);
  const pendingFocus = useRef<number | null>(null);

  // Measure the scroller; follow resizes.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => setViewport(el.clientHeight > 0 ? el.clientHeight : FALLBACK_VIEWPORT);
    measure();
    if (typeof ResizeObserver === 'undefined') {
      window.addEventListener('resize', measure);
      return () => window.removeEventListener('resize', measure);
    }
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // A new result set starts at the top.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
    setScrollTop(0);
    setActive(0);
  }, [resetKey]);

  // Keep the active row inside the list when it shrinks.
  const clampedActive = count > 0 ? Math.min(active, count - 1) : 0;

  const win = virtualWindow({ count, rowHeight, scrollTop, viewportHeight: viewport, overscan: OVERSCAN });

  useLayoutEffect(() => {
    const i = pendingFocus.current;
    if (i == null) return;
    pendingFocus.current = null;
    scroller.current?.querySelector<HTMLElement>(`[data-index="${i}"]`)?.focus({ preventScroll: true });
  });

  const moveTo = useCallback(
    (i: number) => {
      const el = scroller.current;
      const current = el ? el.scrollTop : scrollTop;
      const top = scrollToReveal(i, rowHeight, current, viewport);
      if (el && top !== current) el.scrollTop = top;
      setScrollTop(top);
      setActive(i);
      pendingFocus.current = i;
    },
    [rowHeight, viewport, scrollTop],
  );

  const onKeyDown = (e: KeyboardEvent) => {
    const target = e.target as HTMLElement;
    const row = target.closest<HTMLElement>('[data-index]');
    if (!row) return;
    // Selects and text fields keep their own arrow keys; buttons and the row itself navigate.
    if (target !== row && target.tagName !== 'BUTTON') return;
    const from = Number(row.dataset.index);
    if (e.key === 'Enter' && target === row && onActivate) {
      e.preventDefault();
      onActivate(from);
      return;
    }
    const to = nextIndex(e.key, from, count, Math.floor(viewport / rowHeight) - 1);
    if (to == null) return;
    e.preventDefault();
    moveTo(to);
  };

  const onFocusIn = (e: FocusEvent) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]');
    if (row) setActive(Number(row.dataset.index));
  };

  const rows: ComponentChildren[] = [];
  for (let i = win.start; i < win.end; i++) rows.push(renderRow(i, i * rowHeight, i === clampedActive));
  // The roving tab stop must exist even when the active row is scrolled out of view.
  if (count > 0 && (clampedActive < win.start || clampedActive >= win.end)) {
    rows.push(renderRow(clampedActive, clampedActive * rowHeight, true));
  }

  return (
    <div
      class="lib-scroller"
      ref={scroller}
      onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
      onKeyDown={onKeyDown}
      onFocusIn={onFocusIn}
    >
      <div
        role="list"
        aria-label={label}
        aria-describedby={describedBy}
        class="lib-list"
        style={{ height: `${win.totalHeight}px` }}
        data-testid={testId}
        data-count={count}
      >
        {rows}
      </div>
    </div>
  );
}
