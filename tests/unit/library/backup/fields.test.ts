/** Single-field checks of a backup file (lib/library/backup/fields.ts). */
import { afterEach, describe, expect, it } from 'vitest';
import { BackupError } from '../../../../lib/library/backup';
import { clampToFile, forgetGoodUrls, isWebUrl, jsonValue, object, setLatestTime, time, unique, webUrl } from '../../../../lib/library/backup/fields';

afterEach(() => {
  setLatestTime(Infinity);
  forgetGoodUrls();
});

describe('fields', () => {
  it('refuses forbidden field names wherever an object is read', () => {
    expect(() => object(JSON.parse('{"__proto__":{"x":1}}'), 'a')).toThrow(/forbidden field name "__proto__"/);
    expect(() => jsonValue(JSON.parse('{"a":[{"constructor":1}]}'), 'v')).toThrow(BackupError);
    expect(object({ a: 1 }, 'a')).toEqual({ a: 1 });
  });

  it('accepts http(s) addresses and empty ones only', () => {
    expect(webUrl('https://archiveofourown.org/works/1', 'u')).toBe('https://archiveofourown.org/works/1');
    expect(webUrl('', 'u')).toBe('');
    expect(() => webUrl('javascript:alert(1)', 'stories[0].url')).toThrow(/stories\[0\]\.url is not an http\(s\) web address/);
    expect(() => webUrl('not a url', 'u')).toThrow(/is not a web address/);
    expect(isWebUrl('data:text/html,x')).toBe(false);
    expect(isWebUrl('http://x.org/')).toBe(true);
  });

  it('clamps times to the file\'s latest allowed time, and refuses negative ones', () => {
    setLatestTime(1000);
    expect(time(5000, 't')).toBe(1000);
    expect(clampToFile(999)).toBe(999);
    expect(() => time(-1, 't')).toThrow(/t is negative/);
    setLatestTime(Infinity);
    expect(time(5000, 't')).toBe(5000);
  });

  it('refuses a key held twice', () => {
    expect(() => unique([{ k: 'a' }, { k: 'a' }], (x) => x.k, 'stories')).toThrow(/stories holds "a" twice/);
    expect(() => unique([{ k: 'a' }, { k: 'b' }], (x) => x.k, 'stories')).not.toThrow();
  });
});
