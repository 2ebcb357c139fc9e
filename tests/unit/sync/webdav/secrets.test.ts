import { describe, expect, it } from 'vitest';
import { createSecretArea } from '../../../../lib/sync/webdav/secrets';
import { freshName } from '../helpers';

describe('WebDAV secret area (the extension origin’s own IndexedDB)', () => {
  it('gets, sets and removes values, and keeps them across openings', async () => {
    const name = freshName('secrets');
    const area = createSecretArea(name);
    expect(await area.get(['a', 'b'])).toEqual({});
    await area.set({ a: { url: 'https://x.example/', password: 'p' }, b: 2 });
    expect(await area.get('a')).toEqual({ a: { url: 'https://x.example/', password: 'p' } });
    expect(await createSecretArea(name).get(['a', 'b'])).toEqual({ a: { url: 'https://x.example/', password: 'p' }, b: 2 });
    await area.remove(['a']);
    expect(await area.get(['a', 'b'])).toEqual({ b: 2 });
  });
});
