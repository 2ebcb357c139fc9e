import { render } from 'preact';
import { browser } from 'wxt/browser';
import { Popup } from '../../components/popup/Popup';
import { RECENT_LIMIT } from '../../components/popup/ContinueReading';
import { createPopupApi } from '../../lib/popup/api';
import { createLocalReads, startedEarly } from '../../lib/library/local';
import { lazyLibrary } from '../../lib/library/schema';
import '../../components/shared/theme.css';
import '../../components/shared/controls.css';
import '../../components/popup/popup.css';

// `popup.html?tab=<id>` shows the popup for a given tab (the popup opened as a page, e.g. in tests).
const forcedTab = Number(new URLSearchParams(location.search).get('tab'));
const api = createPopupApi(browser, () => window.close());
// "Continue reading" is read from the library now, while the popup draws its first frame.
api.library = startedEarly(createLocalReads(lazyLibrary()), RECENT_LIMIT);
if (Number.isInteger(forcedTab) && forcedTab > 0) {
  api.getActiveTabId = async () => forcedTab;
  api.close = () => undefined;
}

render(<Popup api={api} />, document.getElementById('app')!);
