/**
 * The per-site content scripts (modules/site-scripts.ts) are generated from the registry: every
 * registered adapter is in exactly one, each script matches its own sites only, no page can load
 * two of them, and together they match what the registry asks host access for.
 */
import { describe, expect, it } from 'vitest';
import { servedModuleSource, siteScripts } from '../../../modules/site-scripts';
import { findAdapter, matchPattern } from '../../../lib/sites/match';
import { ADAPTERS, contentScriptMatches, hostPermissions } from '../../../lib/sites/registry';
import { matchesOf } from '../../../lib/sites/match';

const scripts = await siteScripts();

/** The origin part of a match pattern ("*://www.fanfiction.net"). */
const origin = (m: string) => m.slice(0, m.indexOf('/', m.indexOf('://') + 3));

describe('per-site content scripts', () => {
  it('put every registered adapter in exactly one script, one script per adapter file, in registry order', () => {
    const ids = scripts.flatMap((s) => s.adapters.map((a) => a.adapter.id));
    expect([...ids].sort()).toEqual(ADAPTERS.map((a) => a.id).sort());
    expect(new Set(scripts.map((s) => s.file)).size).toBe(scripts.length);
    expect(new Set(scripts.map((s) => s.name)).size).toBe(scripts.length);
    for (const s of scripts) expect(s.name).toMatch(/^[a-z0-9-]+$/);
    expect(scripts[0].adapters[0].adapter).toBe(ADAPTERS[0]);
    // Sites built by one factory share their file, hence their script.
    const byId = (id: string) => scripts.find((s) => s.adapters.some((a) => a.adapter.id === id))!.name;
    expect(byId('fictionpress')).toBe(byId('ffnet'));
    expect(byId('sufficientvelocity')).toBe(byId('spacebattles'));
    expect(byId('ao3')).not.toBe(byId('ffnet'));
  });

  it('match exactly the registry content-script patterns between them, each only its own sites', () => {
    expect(scripts.flatMap((s) => s.matches).sort()).toEqual(contentScriptMatches().sort());
    for (const s of scripts) {
      expect(s.matches.sort()).toEqual(matchesOf(s.adapters.map((a) => a.adapter)).sort());
      for (const m of s.matches) expect(hostPermissions()).toContain(`${origin(m)}/*`);
    }
  });

  it('never both match one page: their hosts are exact and disjoint', () => {
    const hosts = (s: (typeof scripts)[number]) => s.matches.map((m) => origin(m).replace(/^[^:]+:\/\//, ''));
    for (const a of scripts) {
      for (const h of hosts(a)) expect(h, a.name).not.toContain('*');
      for (const b of scripts.filter((x) => x !== a)) {
        expect(hosts(a).filter((h) => hosts(b).includes(h)), `${a.name} and ${b.name}`).toEqual([]);
      }
    }
  });

  it("route every example URL to its adapter with the script's own adapters, and no other script matches it", () => {
    for (const s of scripts) {
      const own = s.adapters.map((a) => a.adapter);
      for (const a of own) {
        for (const url of a.exampleUrls) {
          expect(findAdapter(url, own), `${url} in ${s.name}`).toBe(a);
          const u = new URL(url);
          for (const other of scripts.filter((o) => o !== s)) {
            expect(other.matches.some((m) => matchPattern(m)(u)), `${url} also matched by ${other.name}`).toBe(false);
          }
        }
      }
    }
  });

  it('build each script with its own adapter file only', () => {
    for (const s of scripts) {
      const src = servedModuleSource(s);
      expect(src).toContain(JSON.stringify(s.file));
      expect(src.match(/\bfrom\b/g)).toHaveLength(1);
      expect(src).toMatch(new RegExp(`export const SERVED_ADAPTERS = \\[${s.adapters.map((a) => a.exportName).join(', ')}\\];`));
    }
  });
});
