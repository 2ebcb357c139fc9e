/**
 * The reader's shadow host: <calm-reader-root id="calm-reader-root"> appended to <html>, with an
 * open shadow root holding the stylesheet and a mount point. It is the only node the extension adds
 * to the page. The host itself is the fixed-position box: the full viewport while the reader is on,
 * the floating control's size in the corner while it is off, the notice's size when showing a notice.
 */
import { READER_CSS } from './style';

export const HOST_TAG = 'calm-reader-root';
export const HOST_ID = 'calm-reader-root';

export type HostState = 'reader' | 'off' | 'error';

export interface ShadowHost {
  host: HTMLElement;
  shadow: ShadowRoot;
  mount: HTMLElement;
  setState(state: HostState): void;
  remove(): void;
}

/** Kept on the host in every state, so page CSS cannot hide or box in the overlay. */
const BASE: Record<string, string> = {
  display: 'block',
  position: 'fixed',
  'z-index': '2147483647',
  filter: 'none',
  contain: 'none',
  opacity: '1',
  visibility: 'visible',
  margin: '0',
  padding: '0',
  border: '0',
  'max-width': 'none',
  'max-height': 'none',
  'min-width': '0',
  'min-height': '0',
  background: 'transparent',
};

const AUTO = { top: 'auto', left: 'auto', right: 'auto', bottom: 'auto', width: 'auto', height: 'auto', transform: 'none' };

const STATES: Record<HostState, Record<string, string>> = {
  reader: { ...AUTO, top: '0', left: '0', width: '100vw', height: '100vh' },
  off: { ...AUTO, right: '16px', bottom: '16px' },
  error: { ...AUTO, left: '50%', bottom: '16px', transform: 'translateX(-50%)', width: 'max-content', 'max-width': 'calc(100vw - 32px)' },
};

function applyState(host: HTMLElement, state: HostState): void {
  for (const [k, v] of Object.entries({ ...BASE, ...STATES[state] })) host.style.setProperty(k, v, 'important');
  host.setAttribute('data-state', state);
}

export function createShadowHost(doc: Document, state: HostState): ShadowHost {
  const host = doc.createElement(HOST_TAG);
  host.id = HOST_ID;
  applyState(host, state);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = READER_CSS;
  const mount = doc.createElement('div');
  mount.setAttribute('class', 'cr-mount');
  shadow.append(style, mount);
  doc.documentElement.appendChild(host);
  return {
    host,
    shadow,
    mount,
    setState(s) {
      applyState(host, s);
    },
    remove() {
      host.remove();
    },
  };
}
