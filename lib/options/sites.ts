/** The options page's per-site switches: which sites open chapters in the reader view. */
import type { ReaderSettings } from '../settings/settings';

export interface SiteSwitch {
  id: string;
  name: string;
  on: boolean;
}

/** One switch per supported site, in registry order. Pure. */
export function siteSwitches(sites: ReadonlyArray<readonly [id: string, name: string]>, settings: Pick<ReaderSettings, 'disabledSites'>): SiteSwitch[] {
  return sites.map(([id, name]) => ({ id, name, on: !settings.disabledSites.includes(id) }));
}

/** The settings patch that turns one site on or off. Pure. */
export function setSiteAllowed(settings: Pick<ReaderSettings, 'disabledSites'>, id: string, on: boolean): Pick<ReaderSettings, 'disabledSites'> {
  const rest = settings.disabledSites.filter((s) => s !== id);
  return { disabledSites: on ? rest : [...rest, id].sort() };
}
