/** Which rows of a fixed-row-height list to render for a scroll position. */

export interface WindowInput {
  /** Total rows. */
  count: number;
  /** px, > 0 */
  rowHeight: number;
  /** The scroll container's scrollTop (px). */
  scrollTop: number;
  /** The scroll container's visible height (px). */
  viewportHeight: number;
  /** Extra rows rendered above and below the visible ones. */
  overscan: number;
}

export interface RowWindow {
  /** First rendered row (inclusive). */
  start: number;
  /** Last rendered row + 1 (exclusive). */
  end: number;
  /** Height of the whole list (px). */
  totalHeight: number;
}

export function virtualWindow({ count, rowHeight, scrollTop, viewportHeight, overscan }: WindowInput): RowWindow {
  const h = rowHeight > 0 ? rowHeight : 1;
  const n = Math.max(0, Math.floor(count));
  const totalHeight = n * h;
  if (n === 0) return { start: 0, end: 0, totalHeight };
  const maxTop = Math.max(0, totalHeight - Math.max(0, viewportHeight));
  const top = Math.min(Math.max(0, scrollTop || 0), maxTop);
  const first = Math.floor(top / h);
  const last = Math.ceil((top + Math.max(0, viewportHeight)) / h); // exclusive
  const o = Math.max(0, Math.floor(overscan));
  return { start: Math.max(0, first - o), end: Math.min(n, Math.max(last, first + 1) + o), totalHeight };
}

/** The scrollTop that brings row `index` fully into view, moving as little as possible. */
export function scrollToReveal(index: number, rowHeight: number, scrollTop: number, viewportHeight: number): number {
  const top = index * rowHeight;
  const bottom = top + rowHeight;
  if (top < scrollTop) return top;
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight);
  return scrollTop;
}

/** The row a navigation key moves to, or null when the key does not navigate. */
export function nextIndex(key: string, current: number, count: number, pageRows: number): number | null {
  if (count <= 0) return null;
  const page = Math.max(1, pageRows);
  let next: number;
  switch (key) {
    case 'ArrowDown':
      next = current + 1;
      break;
    case 'ArrowUp':
      next = current - 1;
      break;
    case 'PageDown':
      next = current + page;
      break;
    case 'PageUp':
      next = current - page;
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = count - 1;
      break;
    default:
      return null;
  }
  return Math.min(count - 1, Math.max(0, next));
}
