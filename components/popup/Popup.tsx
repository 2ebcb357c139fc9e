import { useEffect, useState } from 'preact/hooks';
import type { PopupApi } from '../../lib/popup/api';
import { PRIVATE_WINDOW_MESSAGE } from '../../lib/popup/format';
import { ContinueReading } from './ContinueReading';
import { useDocumentTheme, useSettings } from './hooks';
import { SettingsPanel } from './SettingsPanel';
import { TabPanel } from './TabPanel';

/** The toolbar popup: this page, reading settings, and recent stories. */
export function Popup({ api, root }: { api: PopupApi; root?: HTMLElement }) {
  const { settings, update } = useSettings(api);
  useDocumentTheme(settings?.theme, root);
  return (
    <main class="cr-popup">
      <h1 class="cr-title">Calm Reader</h1>
      <PrivateNote api={api} />
      <TabPanel api={api} />
      <ContinueReading api={api} />
      <SettingsPanel settings={settings} update={update} />
    </main>
  );
}

/** In a private window: say that nothing read there is recorded. */
function PrivateNote({ api }: { api: PopupApi }) {
  const [isPrivate, setPrivate] = useState(false);
  useEffect(() => {
    api.isPrivateTab?.().then(setPrivate, () => undefined);
  }, [api]);
  return isPrivate ? (
    <p class="cr-hint" role="note" data-testid="private-window">
      {PRIVATE_WINDOW_MESSAGE}
    </p>
  ) : null;
}
