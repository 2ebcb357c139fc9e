import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Popup } from '../../components/popup/Popup';
import { popupPageApi } from '../../lib/popup/api';
import { popupReads } from '../../lib/library/first-read';
import { TAKEOVER_EVENT } from '../../lib/popup/first-frame';
import { pageStorage, popupSnapshot } from '../../lib/popup/snapshot';

const api = popupPageApi(browser, location.search, () => window.close());
// "Continue reading": the read main.tsx started while this code loaded.
api.library = popupReads();
// "Continue reading" as last seen, for the first frame; the read above corrects it.
api.snapshot = popupSnapshot(pageStorage());

// The first frame popup-first.js drew (the same markup) is taken over: Preact's render reuses its
// elements, and that script's click handler stops first.
const root = document.getElementById('app')!;
const takeOver = () => {
  root.dispatchEvent(new Event(TAKEOVER_EVENT));
  render(<Popup api={api} />, root);
};
// With that frame there (and working), the UI takes it over once it is painted: run now, its render
// would hold the first paint back. The library read is already under way (start.ts).
if (root.firstChild && document.visibilityState === 'visible') requestAnimationFrame(() => setTimeout(takeOver, 0));
else takeOver();
