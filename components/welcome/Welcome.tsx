/**
 * The first-run page: what Calm Reader does, on which sites, and the choices that matter on day
 * one (reader view on by default or not, sync on or off, private windows).
 */
import { useEffect, useState } from 'preact/hooks';
import { Switch } from '../shared/Switch';

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
      <h1>Welcome to Calm Reader</h1>
      <p class="wl-lead">
        A quiet reader view for fanfiction: the chapter in clean type, the work's rating and warnings at the top, author's notes
        tucked away, your place remembered, and the stories you follow checked for new chapters.
      </p>
      <section aria-labelledby="wl-sites">
        <h2 id="wl-sites">Where it works</h2>
        <ul class="wl-sites" data-testid="welcome-sites">
          {api.sites.map((s) => (
            <li key={s}>{s}</li>
          ))}
        </ul>
        <p>On any other page, ask for it: the toolbar button's "Open this page in reader view", or Alt+Shift+R.</p>
      </section>
      <section aria-labelledby="wl-choices">
        <h2 id="wl-choices">Your choices</h2>
        {reader !== null ? (
          <Switch
            label="Open chapters in reader view"
            description="On: chapters on the sites above open in the calm view at once. Off: the site's page stays, and the small button or Alt+Shift+R opens the view."
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
            label="Sync across your devices"
            description="Followed stories, your place in them and your settings travel through the browser's own sync storage. Off: everything stays on this device."
            checked={sync}
            onChange={(on) => {
              setSync(on);
              void api.setSyncOn(on).then(setSync, () => setSync(!on));
            }}
            testId="welcome-sync"
          />
        ) : null}
        <h3>Private windows</h3>
        <p data-testid="welcome-private">
          {priv === true
            ? 'Calm Reader is allowed in private windows. What you read there is kept in your library like anything else.'
            : 'Calm Reader does not run in private windows unless you allow it: open the extensions page, choose Calm Reader\u2019s Details, and turn on "Allow in Incognito" (Chrome) or "Run in Private Windows" (Firefox). Your library would then keep what you read there too.'}
        </p>
      </section>
      <p>
        <button type="button" class="cr-button" data-testid="welcome-library" onClick={api.openLibrary}>
          Open your library
        </button>
      </p>
    </main>
  );
}
