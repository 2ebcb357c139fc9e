/**
 * While the reader view is on, the host page must not scroll underneath it: <html> gets
 * overflow hidden. Turning the view off restores the inline style exactly as it was
 * (value, priority, and the absence of a style attribute).
 */
export function lockPageScroll(doc: Document): () => void {
  const html = doc.documentElement;
  const hadStyleAttr = html.hasAttribute('style');
  const prevAttr = html.getAttribute('style');
  const prevValue = html.style.getPropertyValue('overflow');
  const prevPriority = html.style.getPropertyPriority('overflow');
  html.style.setProperty('overflow', 'hidden', 'important');
  let released = false;
  return () => {
    if (released) return;
    released = true;
    // Put back the previous overflow only; anything else the page changed meanwhile stays.
    if (prevValue) html.style.setProperty('overflow', prevValue, prevPriority);
    else html.style.removeProperty('overflow');
    if (!hadStyleAttr && html.getAttribute('style') === '') html.removeAttribute('style');
    else if (hadStyleAttr && prevAttr !== null && html.style.cssText === '' && prevAttr.trim() === '') {
      html.setAttribute('style', prevAttr);
    }
  };
}
