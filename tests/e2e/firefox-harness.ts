/**
 * Loads the built Firefox extension (.output/firefox-mv3) into Debian's Firefox ESR and drives it
 * over WebDriver BiDi, the browser's own remote protocol (Playwright's Firefox needs a patched
 * build, and its BiDi mode asks for commands ESR does not have yet). The extension is installed
 * as a temporary add-on (`webExtension.install`), the supported sites' pages are answered from
 * fixtures at their real URLs (`network.addIntercept` + `provideResponse`), and every other
 * request to the network is failed: the tests never touch it.
 *
 * Waits are on state (`waitFor` polls a page expression), never on time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { ROOT, SITE_HOSTS, stripHash } from './harness';

export const FIREFOX_EXTENSION_DIR = join(ROOT, '.output/firefox-mv3');
/** The add-on's id (wxt.config.ts, browser_specific_settings.gecko.id). */
export const GECKO_ID = 'calm-reader@calm-reader.app';
/** The extension's moz-extension:// host, fixed through a preference so tests can open its pages. */
export const EXTENSION_UUID = '6d1b2c3a-5e1f-4b7a-9c3d-0e2f4a6b8c01';
export const EXTENSION_ORIGIN = `moz-extension://${EXTENSION_UUID}`;

export function firefoxPath(): string {
  const found = [process.env.FIREFOX_PATH, '/usr/bin/firefox-esr', '/usr/bin/firefox'].find((p): p is string => !!p && existsSync(p));
  if (!found) throw new Error('Firefox not found: run `node scripts/ensure-tools.mjs firefox` or set FIREFOX_PATH');
  return found;
}

/** WebDriver's code points for the keys the tests press. */
export const KEY = { Enter: '\uE007', Escape: '\uE00C', ArrowDown: '\uE015', Tab: '\uE004' } as const;

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

interface BidiEvent {
  method: string;
  params: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface FirefoxSession {
  /** Sends one BiDi command and resolves with its result. */
  send<T = any>(method: string, params?: Record<string, unknown>): Promise<T>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The first tab's browsing context. */
  tab: string;
  /** URLs asked of the fake sites, in order. */
  requests: string[];
  /** Opens a URL in a tab and waits until its document has loaded. */
  goto(url: string, context?: string): Promise<void>;
  /** A new tab (its browsing context id). */
  newTab(): Promise<string>;
  /** Evaluates an expression in the page (the page's own world; a promise is awaited); returns its JSON value. */
  evaluate<T = unknown>(expression: string, context?: string): Promise<T>;
  /** Polls an expression until it is truthy, returning that value; throws with `what` after `timeoutMs`. */
  waitFor<T = unknown>(expression: string, what: string, opts?: { context?: string; timeoutMs?: number }): Promise<T>;
  /**
   * Opens one of the extension's pages (e.g. 'popup.html') and returns its browsing context: the
   * add-on's own tab (the welcome page it opens on install) goes there itself, since BiDi may not
   * navigate a tab to a moz-extension:// address. Resolves once the new document has loaded.
   */
  extensionPage(path: string): Promise<string>;
  /** Presses one key (a KEY value or a character) in the tab's focused element. */
  press(key: string, context?: string): Promise<void>;
  close(): Promise<void>;
}

/** Preferences of the test profile: unsigned add-ons allowed (ESR), the add-on's UUID fixed, no first-run noise. */
function profilePrefs(): Record<string, string | number | boolean> {
  return {
    'xpinstall.signatures.required': false,
    'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: EXTENSION_UUID }),
    'browser.shell.checkDefaultBrowser': false,
    'browser.startup.homepage_override.mstone': 'ignore',
    'browser.aboutwelcome.enabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'toolkit.telemetry.reportingpolicy.firstRun': false,
    'app.update.disabledForTesting': true,
    'app.normandy.enabled': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'extensions.update.enabled': false,
    'extensions.getAddons.cache.enabled': false,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'remote.prefs.recommended': true,
    // Focus and key events as in a focused window, although a headless one never is.
    'focusmanager.testmode': true,
  };
}

export async function launchFirefox(opts: { pages: Map<string, string>; extensionDir?: string }): Promise<FirefoxSession> {
  const extensionDir = opts.extensionDir ?? FIREFOX_EXTENSION_DIR;
  if (!existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`No built Firefox extension at ${extensionDir}: run \`npx wxt build -b firefox\` first`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'calm-reader-firefox-'));
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries(profilePrefs())
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});`)
      .join('\n'),
  );
  const proc: ChildProcess = spawn(firefoxPath(), ['--headless', '--no-remote', '--remote-debugging-port=0', '--profile', profile], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MOZ_CRASHREPORTER_DISABLE: '1', MOZ_HEADLESS_WIDTH: '1200', MOZ_HEADLESS_HEIGHT: '900' },
  });
  let log = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      log += String(d);
      const m = /WebDriver BiDi listening on (ws:\/\/\S+)/.exec(log);
      if (m) resolve(m[1]);
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => reject(new Error(`Firefox exited (${code}) before BiDi was up:\n${log.slice(-2000)}`)));
  });
  const ws = new WebSocket(`${endpoint}/session`);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });

  let nextId = 0;
  const pending = new Map<number, Pending>();
  const listeners: Array<(e: BidiEvent) => void> = [];
  ws.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (typeof m.id === 'number' && pending.has(m.id)) {
      const p = pending.get(m.id)!;
      pending.delete(m.id);
      if (m.type === 'error') p.reject(new Error(`BiDi ${m.error}: ${m.message}`));
      else p.resolve(m.result);
    } else if (m.type === 'event') {
      for (const l of listeners) l(m as BidiEvent);
    }
  });
  const send = <T>(method: string, params: Record<string, unknown> = {}): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      ws.send(JSON.stringify({ id, method, params }));
    });

  await send('session.new', { capabilities: {} });
  await send('webExtension.install', { extensionData: { type: 'path', path: extensionDir } });

  // Pages: the fake sites answer from fixtures; anything else on the network is refused.
  const pages = new Map([...opts.pages].map(([u, html]) => [stripHash(u), html]));
  const hosts = new Set(SITE_HOSTS);
  for (const url of pages.keys()) hosts.add(new URL(url).hostname);
  const requests: string[] = [];
  await send('session.subscribe', { events: ['network.beforeRequestSent'] });
  await send('network.addIntercept', { phases: ['beforeRequestSent'] });
  listeners.push((e) => {
    if (e.method !== 'network.beforeRequestSent' || !e.params.isBlocked) return;
    const request = e.params.request.request as string;
    const url = stripHash(e.params.request.url as string);
    let host = '';
    try {
      host = new URL(url).hostname;
    } catch {
      // not a URL we know how to answer
    }
    if (!hosts.has(host)) {
      send('network.failRequest', { request }).catch(() => undefined);
      return;
    }
    requests.push(url);
    const html = pages.get(url);
    send('network.provideResponse', {
      request,
      statusCode: html === undefined ? 404 : 200,
      reasonPhrase: html === undefined ? 'Not Found' : 'OK',
      headers: [{ name: 'content-type', value: { type: 'string', value: 'text/html; charset=utf-8' } }],
      body: { type: 'string', value: html ?? '<!doctype html><title>Not found</title><h1>Not found</h1>' },
    }).catch(() => undefined);
  });

  const tree = await send<{ contexts: Array<{ context: string }> }>('browsingContext.getTree', {});
  const tab = tree.contexts[0].context;

  const evaluate = async <T>(expression: string, context = tab): Promise<T> => {
    const r = await send<{ type: string; result?: { value?: string }; exceptionDetails?: { text: string } }>('script.evaluate', {
      expression: `(async () => JSON.stringify((await (${expression})) ?? null))()`,
      target: { context },
      awaitPromise: true,
    });
    if (r.type === 'exception') throw new Error(`in the page: ${r.exceptionDetails?.text ?? 'exception'} (${expression.slice(0, 120)})`);
    return JSON.parse(r.result?.value ?? 'null') as T;
  };

  const waitFor = async <T>(expression: string, what: string, o: { context?: string; timeoutMs?: number } = {}): Promise<T> => {
    const deadline = Date.now() + (o.timeoutMs ?? 30_000);
    let last: unknown = null;
    for (;;) {
      try {
        last = await evaluate<T>(expression, o.context);
        if (last) return last as T;
      } catch (e) {
        last = e; // a document being replaced by a navigation: ask again
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  return {
    send,
    tab,
    requests,
    async goto(url, context = tab) {
      await send('browsingContext.navigate', { context, url, wait: 'complete' });
    },
    async newTab() {
      const r = await send<{ context: string }>('browsingContext.create', { type: 'tab' });
      return r.context;
    },
    evaluate,
    waitFor,
    async extensionPage(path) {
      let ext = '';
      const deadline = Date.now() + 30_000;
      while (!ext) {
        const t = await send<{ contexts: Array<{ context: string; url: string }> }>('browsingContext.getTree', {});
        ext = t.contexts.find((c) => c.url.startsWith(`${EXTENSION_ORIGIN}/`))?.context ?? '';
        if (!ext && Date.now() > deadline) throw new Error('the extension opened no page of its own (welcome.html on install)');
        if (!ext) await new Promise((r) => setTimeout(r, 100));
      }
      const url = `${EXTENSION_ORIGIN}/${path}`;
      await evaluate(`(window.__calmLeaving = true, location.href = ${JSON.stringify(url)}, 1)`, ext);
      await waitFor(`!window.__calmLeaving && document.readyState === 'complete' && location.href === ${JSON.stringify(url)}`, `${path} loaded`, { context: ext });
      return ext;
    },
    async press(key, context = tab) {
      // Keys go to the focused window only: a headless window has the focus once its tab is activated.
      await send('browsingContext.activate', { context });
      await send('input.performActions', {
        context,
        actions: [{ type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value: key }, { type: 'keyUp', value: key }] }],
      });
    },
    async close() {
      await send('browser.close', {}).catch(() => undefined);
      ws.close();
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once('exit', r));
        setTimeout(() => proc.kill('SIGKILL'), 10_000).unref();
        await exited;
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
