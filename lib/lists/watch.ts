/**
 * Entries a site draws after load (Wattpad fills its lists in by script, "Show more" adds more):
 * one MutationObserver on the page calls back, at most every `delayMs`, after the page added
 * elements of its own. Our own marks and bars (OWN_ATTR) never wake it, so marking cannot loop.
 */
import { OWN_ATTR } from './page';

export function observeAdditions(doc: Document, onChange: () => void, delayMs = 250): () => void {
  const win = doc.defaultView;
  if (!win || typeof win.MutationObserver !== 'function' || !doc.body) return () => undefined;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const theirs = (n: Node) => n.nodeType === 1 && !(n as Element).hasAttribute(OWN_ATTR);
  const observer = new win.MutationObserver((records) => {
    if (timer !== null || !records.some((r) => [...r.addedNodes].some(theirs))) return;
    timer = setTimeout(() => {
      timer = null;
      onChange();
    }, delayMs);
  });
  observer.observe(doc.body, { childList: true, subtree: true });
  return () => {
    observer.disconnect();
    if (timer !== null) clearTimeout(timer);
  };
}
