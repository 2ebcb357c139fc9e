/** Everything the popup needs from the browser, injected so the components run against fakes in tests. */
import {
  sendToBackground,
  sendToTab,
  type BackgroundRequests,
  type BackgroundResponse,
  type RuntimeLike,
  type TabRequests,
  type TabResponse,
  type TabsLike,
} from '../protocol/messages';
import type { StorageLike } from '../settings/store';
import type { LocalReads } from '../library/local';
import type { PopupSnapshot } from './snapshot';

export interface PopupApi {
  /** The active tab of the current window, or null (e.g. no tab, a devtools window). */
  getActiveTabId(): Promise<number | null>;
  sendToTab<K extends keyof TabRequests>(tabId: number, type: K, payload: TabRequests[K]['req']): Promise<TabResponse<K>>;
  sendToBackground<K extends keyof BackgroundRequests>(
    type: K,
    payload: BackgroundRequests[K]['req'],
  ): Promise<BackgroundResponse<K>>;
  storage: StorageLike;
  /** Open a URL in a new tab. */
  openTab(url: string): Promise<void>;
  /** Open the library page (all stories, search, backup) in a new tab. */
  openLibrary(): Promise<void>;
  /** Open the options page ("All settings"). */
  openOptions(): Promise<void>;
  /** Load a URL in an existing tab. */
  navigateTab(tabId: number, url: string): Promise<void>;
  /** Close the popup. */
  close(): void;
  /**
   * Access to the story sites, which Firefox lets the reader withhold or revoke. `request` must be
   * called straight from a click (permissions.request needs the user's gesture). Absent: no
   * permissions API (access as the manifest asked).
   */
  hostAccess?: { has(): Promise<boolean>; request(): Promise<boolean> };
  /** Whether the active tab is in a private (incognito) window; absent: never. */
  isPrivateTab?(): Promise<boolean>;
  /** The library read by the popup itself (see lib/library/local.ts); absent = through the background. */
  library?: Pick<LocalReads, 'forPopup'>;
  /** "Continue reading" as last seen, for the first frame (see lib/popup/snapshot.ts); absent = none. */
  snapshot?: PopupSnapshot;
}

/** The subset of `browser` the popup uses. */
export interface BrowserLike {
  tabs: TabsLike & {
    query(q: { active: boolean; currentWindow: boolean }): Promise<Array<{ id?: number; incognito?: boolean }>>;
    create(p: { url: string }): Promise<unknown>;
    update(tabId: number, p: { url: string }): Promise<unknown>;
  };
  runtime: RuntimeLike & { getURL(path: string): string; getManifest?(): object; openOptionsPage?(): Promise<void> };
  storage: StorageLike;
  permissions?: {
    contains(p: { origins: string[] }): Promise<boolean>;
    request(p: { origins: string[] }): Promise<boolean>;
  };
}

export function createPopupApi(b: BrowserLike, close: () => void): PopupApi {
  return {
    async getActiveTabId() {
      const [tab] = await b.tabs.query({ active: true, currentWindow: true });
      return typeof tab?.id === 'number' ? tab.id : null;
    },
    async isPrivateTab() {
      const [tab] = await b.tabs.query({ active: true, currentWindow: true });
      return tab?.incognito === true;
    },
    sendToTab: (tabId, type, payload) => sendToTab(b.tabs, tabId, type, payload),
    sendToBackground: (type, payload) => sendToBackground(b.runtime, type, payload),
    storage: b.storage,
    async openTab(url) {
      await b.tabs.create({ url });
    },
    async openLibrary() {
      await b.tabs.create({ url: b.runtime.getURL('/library.html') });
    },
    async openOptions() {
      if (b.runtime.openOptionsPage) await b.runtime.openOptionsPage();
      else await b.tabs.create({ url: b.runtime.getURL('/options.html') });
    },
    async navigateTab(tabId, url) {
      await b.tabs.update(tabId, { url });
    },
    close,
    ...(b.permissions
      ? {
          hostAccess: {
            has: () => b.permissions!.contains({ origins: hostOrigins(b) }),
            request: () => b.permissions!.request({ origins: hostOrigins(b) }),
          },
        }
      : {}),
  };
}

/** The story sites' origins, as the manifest asks for them. */
function hostOrigins(b: BrowserLike): string[] {
  const m = b.runtime.getManifest?.() as { host_permissions?: string[] } | undefined;
  return m?.host_permissions ?? [];
}

/**
 * The popup page's api. `popup.html?tab=<id>` (the popup opened as a page, e.g. in tests) acts on
 * that tab and never closes itself.
 */
export function popupPageApi(b: BrowserLike, search: string, close: () => void): PopupApi {
  const api = createPopupApi(b, close);
  const forcedTab = Number(new URLSearchParams(search).get('tab'));
  if (Number.isInteger(forcedTab) && forcedTab > 0) {
    api.getActiveTabId = async () => forcedTab;
    api.close = () => undefined;
  }
  return api;
}
