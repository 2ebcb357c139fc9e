import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Popup } from '../../components/popup/Popup';
import { createPopupApi } from '../../lib/popup/api';
import { popupReads } from '../../lib/library/first-read';
import { pageStorage, popupSnapshot } from '../../lib/popup/snapshot';

// `popup.html?tab=<id>` shows the popup for a given tab (the popup opened as a page, e.g. in tests).
const forcedTab = Number(new URLSearchParams(location.search).get('tab'));
const api = createPopupApi(browser, () => window.close());
// "Continue reading": the read main.tsx started while this code loaded.
api.library = popupReads();
// "Continue reading" as last seen, for the first frame; the read above corrects it.
api.snapshot = popupSnapshot(pageStorage());
if (Number.isInteger(forcedTab) && forcedTab > 0) {
  api.getActiveTabId = async () => forcedTab;
  api.close = () => undefined;
}

render(<Popup api={api} />, document.getElementById('app')!);
