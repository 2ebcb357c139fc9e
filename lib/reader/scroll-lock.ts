/**
 * While the reader view is on, the host page must not scroll underneath it, and it need not be
 * laid out either: <html> gets overflow hidden, and one <style> of ours keeps <body> undisplayed
 * (the reader's host hangs off <html>, outside it). A 300k-word page costs Chromium a few hundred
 * ms per layout; under the view it is never seen. Nothing of the page changes: turning the view
 * off removes the style and restores <html>'s inline style exactly as it was (value, priority, and
 * the absence of a style attribute).
 */
export const PAGE_REST_ID = 'calm-reader-page-rest';
/** The viewport meta the view adds while it is on, when the page has none (phones lay it out at device width). */
export const VIEWPORT_ID = 'calm-reader-viewport';

export function lockPageScroll(doc: Document): () => void {
  const html = doc.documentElement;
  const rest = doc.createElement('style');
  rest.id = PAGE_REST_ID;
  rest.textContent = 'body{display:none!important}';
  html.appendChild(rest);
  let viewport: HTMLMetaElement | null = null;
  if (!doc.querySelector('meta[name="viewport" i]')) {
    viewport = doc.createElement('meta');
    viewport.id = VIEWPORT_ID;
    viewport.name = 'viewport';
    viewport.content = 'width=device-width, initial-scale=1';
    (doc.head ?? html).appendChild(viewport);
  }
  const hadStyleAttr = html.hasAttribute('style');
  const prevAttr = html.getAttribute('style');
  const prevValue = html.style.getPropertyValue('overflow');
  const prevPriority = html.style.getPropertyPriority('overflow');
  html.style.setProperty('overflow', 'hidden', 'important');
  let released = false;
  return () => {
    if (released) return;
    released = true;
    rest.remove();
    viewport?.remove();
    // Put back the previous overflow only; anything else the page changed meanwhile stays.
    if (prevValue) html.style.setProperty('overflow', prevValue, prevPriority);
    else html.style.removeProperty('overflow');
    if (!hadStyleAttr && html.getAttribute('style') === '') html.removeAttribute('style');
    else if (hadStyleAttr && prevAttr !== null && html.style.cssText === '' && prevAttr.trim() === '') {
      html.setAttribute('style', prevAttr);
    }
  };
}
