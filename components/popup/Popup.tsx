import type { PopupApi } from '../../lib/popup/api';
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
      <TabPanel api={api} />
      <ContinueReading api={api} />
      <SettingsPanel settings={settings} update={update} />
    </main>
  );
}
