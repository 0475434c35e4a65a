import { describe, expect, it } from 'vitest';
import { normalizeUserCode, USER_CODE_PATTERN } from '../../shared/schemas/extension.ts';
import { readCandidate } from './recognize-codes.ts';
import { newUserCode } from './user-codes.ts';
import { siteOrigins } from './wallet-entry.ts';

const OWN = ['https://vouch.example'];

describe('readCandidate', () => {
  it('reads plain codes as the codes module normalises them', () => {
    expect(readCandidate(' alice15 ', OWN)).toEqual([{ code: 'ALICE15' }]);
    expect(readCandidate('ALI\u200BCE', OWN)).toEqual([{ code: 'ALICE' }]);
    expect(readCandidate('hello world', OWN)).toEqual([]);
    expect(readCandidate('x', OWN)).toEqual([]);
  });

  it('reads /r/ links and deep links on this Worker only', () => {
    expect(readCandidate('https://vouch.example/r/alice', OWN)).toEqual([{ code: 'ALICE' }]);
    expect(readCandidate('https://vouch.example/r/ALICE/products/mug?x=1#y', OWN)).toEqual([{ code: 'ALICE' }]);
    expect(readCandidate('vouch.example/r/ALICE', OWN)).toEqual([{ code: 'ALICE' }]);
    expect(readCandidate('https://vouch.example/r/', OWN)).toEqual([]);
    expect(readCandidate('https://vouch.example/r/%E0%A4%A', OWN)).toEqual([]);
    // Elsewhere, `/r/…` is just a path: `r` is no code, and the host must be a link domain.
    expect(readCandidate('https://evil.example/r/ALICE', OWN)).toEqual([]);
  });

  it('reads ref and via parameters, and link-domain paths pending the owner check', () => {
    expect(readCandidate('https://shop.example/welcome?ref=alice&vouch_click=clk_1', OWN)).toEqual([
      { code: 'ALICE' },
      { code: 'WELCOME', linkHost: 'shop.example' },
    ]);
    expect(readCandidate('https://shop.example/?via=BOB22', OWN)).toEqual([{ code: 'BOB22' }]);
    expect(readCandidate('https://vouch.example/r/ALICE?via=qr', OWN)).toEqual([{ code: 'ALICE' }]);
    expect(readCandidate('https://Go.Shop.Example/ALICE/deep', OWN)).toEqual([
      { code: 'ALICE', linkHost: 'go.shop.example' },
    ]);
    expect(readCandidate('https://%zz', OWN)).toEqual([]);
    expect(readCandidate('ftp://vouch.example/r/ALICE', OWN)).toEqual([]);
  });
});

describe('user codes', () => {
  it('are 8 Crockford characters shown with a dash, matching the contract', () => {
    for (let i = 0; i < 200; i++) expect(newUserCode()).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(USER_CODE_PATTERN.test(newUserCode())).toBe(true);
  });

  it('normalise case, dash, spaces and look-alikes', () => {
    expect(normalizeUserCode(' abcd-efgh ')).toBe('ABCDEFGH');
    expect(normalizeUserCode('ABCD EFGH')).toBe('ABCDEFGH');
    expect(normalizeUserCode('O1IL-0000')).toBe('01110000');
  });
});

describe('siteOrigins', () => {
  it('joins widget origins and destination hosts, once each', () => {
    expect(
      siteOrigins({
        allowed_origins: ['https://shop.example'],
        allowed_hosts: ['shop.example', 'www.shop.example', 'localhost:8788'],
      }),
    ).toEqual(['https://shop.example', 'https://www.shop.example', 'http://localhost:8788']);
  });
});
