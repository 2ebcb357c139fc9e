/**
 * The first-run page: what Calm Reader does, on which sites, and the choices that matter on day
 * one (reader view on by default or not, sync on or off, private windows).
 */
import { useEffect, useState } from 'preact/hooks';
import { Switch } from '../shared/Switch';
import { t } from '../../lib/i18n';

export interface WelcomeApi {
  sites: readonly string[];
  readerOn(): Promise<boolean>;
  setReaderOn(on: boolean): Promise<void>;
  syncOn(): Promise<boolean>;
  setSyncOn(on: boolean): Promise<boolean>;
  /** Null when the browser does not say. */
  privateAllowed(): Promise<boolean | null>;
  openLibrary(): void;
}

export function Welcome({ api }: { api: WelcomeApi }) {
  const [reader, setReader] = useState<boolean | null>(null);
  const [sync, setSync] = useState<boolean | null>(null);
  const [priv, setPriv] = useState<boolean | null>(null);
  useEffect(() => {
    void api.readerOn().then(setReader, () => setReader(true));
    void api.syncOn().then(setSync, () => setSync(null));
    void api.privateAllowed().then(setPriv, () => setPriv(null));
  }, [api]);
  return (
    <main class="wl-page" data-testid="welcome">
      <h1>{t('welcomeTitle')}</h1>
      <p class="wl-lead">{t('welcomeLead')}</p>
      <section aria-labelledby="wl-sites">
        <h2 id="wl-sites">{t('welcomeWhere')}</h2>
        <ul class="wl-sites" data-testid="welcome-sites">
          {api.sites.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
        <p>{t('welcomeOtherPages', t('openGeneric'))}</p>
      </section>
      <section aria-labelledby="wl-choices">
        <h2 id="wl-choices">{t('welcomeChoices')}</h2>
        {reader !== null ? (
          <Switch
            label={t('openInReader')}
            description={t('welcomeReaderHint')}
            checked={reader}
            onChange={(on) => {
              setReader(on);
              void api.setReaderOn(on);
            }}
            testId="welcome-reader"
          />
        ) : null}
        {sync !== null ? (
          <Switch
            label={t('welcomeSync')}
            description={t('welcomeSyncHint')}
            checked={sync}
            onChange={(on) => {
              setSync(on);
              void api.setSyncOn(on).then(setSync, () => setSync(!on));
            }}
            testId="welcome-sync"
          />
        ) : null}
        <h3>{t('privacyPrivate')}</h3>
        <p data-testid="welcome-private">
          {priv === true ? t('welcomePrivateOn') : t('welcomePrivateOff')}
        </p>
      </section>
      <p>
        <button type="button" class="cr-button" data-testid="welcome-library" onClick={api.openLibrary}>
          {t('openLibrary')}
        </button>
      </p>
    </main>
  );
}
