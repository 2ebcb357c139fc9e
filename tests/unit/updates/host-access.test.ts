/** Host permissions withheld or revoked (Firefox): checks ask first and say what to do (#20 point 9). */
import { describe, expect, it, vi } from 'vitest';
import { openLibrary } from '../../../lib/library/schema';
import { recordVisit } from '../../../lib/library/store';
import { checkStory } from '../../../lib/updates/check';
import { createHostAccess, NO_ACCESS_MESSAGE, originPattern, type PermissionsLike } from '../../../lib/updates/host-access';
import { freshName, visit } from '../library/helpers';

function fakePermissions(granted: Set<string>) {
  const removed: Array<(p: { origins?: string[] }) => void> = [];
  const added: Array<(p: { origins?: string[] }) => void> = [];
  const perms: PermissionsLike = {
    contains: vi.fn(async ({ origins }: { origins: string[] }) => origins.every((o) => granted.has(o))),
    onAdded: { addListener: (cb) => added.push(cb) },
    onRemoved: { addListener: (cb) => removed.push(cb) },
  };
  return {
    perms,
    revoke(o: string) {
      granted.delete(o);
      for (const cb of removed) cb({ origins: [o] });
    },
    grant(o: string) {
      granted.add(o);
      for (const cb of added) cb({ origins: [o] });
    },
  };
}

describe('host access', () => {
  it('asks permissions.contains once per origin and follows onRemoved / onAdded', async () => {
    const ao3 = 'https://archiveofourown.org/*';
    const p = fakePermissions(new Set([ao3]));
    const access = createHostAccess(p.perms);
    expect(await access.has('https://archiveofourown.org/works/1/navigate')).toBe(true);
    expect(await access.has('https://archiveofourown.org/works/2/navigate')).toBe(true);
    expect(p.perms.contains).toHaveBeenCalledTimes(1);
    expect(p.perms.contains).toHaveBeenCalledWith({ origins: [ao3] });
    p.revoke(ao3);
    expect(await access.has('https://archiveofourown.org/works/1/navigate')).toBe(false);
    p.grant(ao3);
    expect(await access.has('https://archiveofourown.org/works/1/navigate')).toBe(true);
    expect(await access.has('file:///etc/passwd')).toBe(false);
    expect(originPattern('https://www.fanfiction.net/s/1/1/')).toBe('https://www.fanfiction.net/*');
  });

  it('a check without access fetches nothing and tells the reader how to allow it', async () => {
    const db = await openLibrary(freshName('access'));
    const { story } = await recordVisit(db, visit({ storyId: '123456' }), 1000);
    const fetcher = { get: vi.fn() };
    const access = createHostAccess(fakePermissions(new Set()).perms);
    const res = await checkStory({ db, fetcher, parseDocument: () => document, now: () => 2000, hasAccess: access.has }, story);
    expect(res).toMatchObject({ state: 'error', message: NO_ACCESS_MESSAGE });
    expect(fetcher.get).not.toHaveBeenCalled();
    db.close();
  });
});
