import { useEffect, useState } from 'preact/hooks';
import type { PopupApi } from '../../lib/popup/api';
import { noAccessPopupMessage, privateWindowMessage } from '../../lib/popup/format';
import { t } from '../../lib/i18n';
import { ContinueReading } from './ContinueReading';
import { useDocumentTheme, useSettings } from './hooks';
import { SettingsPanel } from './SettingsPanel';
import { TabPanel } from './TabPanel';

/** The toolbar popup: this page, reading settings, and recent stories. */
export function Popup({ api, root }: { api: PopupApi; root?: HTMLElement }) {
  const { settings, update } = useSettings(api);
  useDocumentTheme(settings?.theme, root, api.snapshot);
  return (
    <main class="cr-popup">
      <h1 class="cr-title">{t('extShortName')}</h1>
      <PrivateNote api={api} />
      <AccessNote api={api} />
      <TabPanel api={api} />
      <ContinueReading api={api} />
      <SettingsPanel settings={settings} update={update} />
      <p class="cr-all-settings">
        <a
          href="options.html"
          data-testid="all-settings"
          onClick={(e) => {
            e.preventDefault();
            void api.openOptions().then(() => api.close(), () => undefined);
          }}
        >
          {t('allSettings')}
        </a>
      </p>
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
      {privateWindowMessage()}
    </p>
  ) : null;
}

/** Without access to the story sites (withheld or revoked): one click asks for it. */
function AccessNote({ api }: { api: PopupApi }) {
  const [state, setState] = useState<'unknown' | 'granted' | 'missing' | 'refused'>('unknown');
  useEffect(() => {
    api.hostAccess?.has().then(
      (ok) => setState(ok ? 'granted' : 'missing'),
      () => undefined,
    );
  }, [api]);
  if (state === 'unknown' || state === 'granted') return null;
  // Called in the click itself: permissions.request needs the user's gesture.
  const ask = () => {
    api.hostAccess?.request().then(
      (ok) => setState(ok ? 'granted' : 'refused'),
      () => setState('refused'),
    );
  };
  return (
    <div class="cr-panel" role="note" data-testid="host-access">
      <p class="cr-message">{noAccessPopupMessage()}</p>
      <button type="button" class="cr-button cr-button-primary" data-testid="allow-access" onClick={ask}>
        {t('allowAccess')}
      </button>
      {state === 'refused' && <p class="cr-hint">{t('accessRefused')}</p>}
    </div>
  );
}
