import { describe, expect, it } from 'vitest';
import { readCookieFrom } from './read-cookie.ts';

describe('readCookieFrom', () => {
  it('finds a cookie anywhere in the header, trimmed', () => {
    expect(readCookieFrom('vouch_prog_1=abc', 'vouch_prog_1')).toBe('abc');
    expect(readCookieFrom('a=1; vouch_prog_1=abc; b=2', 'vouch_prog_1')).toBe('abc');
    expect(readCookieFrom('a=1;vouch_prog_1 = abc ;b=2', 'vouch_prog_1')).toBe('abc');
  });

  it('does not match a name that merely contains or extends it', () => {
    expect(readCookieFrom('xvouch_prog_1=evil', 'vouch_prog_1')).toBeUndefined();
    expect(readCookieFrom('vouch_prog_12=other', 'vouch_prog_1')).toBeUndefined();
    expect(readCookieFrom('a=vouch_prog_1=evil', 'vouch_prog_1')).toBeUndefined();
    expect(readCookieFrom('xvouch_prog_1=evil; vouch_prog_1=good', 'vouch_prog_1')).toBe('good');
  });

  it('is undefined without a header or the cookie', () => {
    expect(readCookieFrom(null, 'vouch_prog_1')).toBeUndefined();
    expect(readCookieFrom('', 'vouch_prog_1')).toBeUndefined();
    expect(readCookieFrom('a=1', 'vouch_prog_1')).toBeUndefined();
  });
});
