import { describe, expect, it } from 'vitest';
import { isId, isStoredClickId, MAX_CLICK_ID_LENGTH } from '../../shared/ids.ts';
import { fromBase64Url, toBase64Url } from './base64url.ts';
import { type ClickTokenInput, signClickToken, tokenExpiry, verifyClickToken } from './click-token.ts';

const SECRET = 'k7Qp2v9XzL4mN8rT1wY6bH3jD5sF0gAe';
const OTHER = 'Zt5uR8eW2qY7iO4pL1kJ6hG9fD3sA0xC';
const T0 = Date.parse('2026-12-07T23:00:00.123Z');

const click: ClickTokenInput = {
  createdAt: T0,
  windowDays: 30,
  mode: 'live',
  merchantId: 'mer_01KBX8Z6Q3M4N5P6R7S8T9V0WX',
  programId: 'prog_01KBX8Z6Q3M4N5P6R7S8T9V0WY',
  advocateId: 'adv_01KBX8Z6Q3M4N5P6R7S8T9V0WZ',
  code: 'ALICE-10_X',
  visitor: '0123456789abcdef0123456789abcdef',
  trigger: 'deep_link',
  adClickIds: ['gclid', 'sccid'],
};

/** The token with one payload byte changed and the same signature. */
function tampered(token: string, at: number): string {
  const dot = token.lastIndexOf('.');
  const payload = fromBase64Url(token.slice(4, dot))!;
  payload[at]! ^= 1;
  return `clk_${toBase64Url(payload)}${token.slice(dot)}`;
}

describe('click token', () => {
  it('round-trips every fact, with the token as its id', async () => {
    const token = await signClickToken(SECRET, click);
    expect(await verifyClickToken([SECRET], token)).toEqual({ ...click, id: token });
    expect(tokenExpiry(click)).toBe(T0 + 30 * 86400_000);
  });

  it('is URL- and cookie-safe, an id either schema accepts, bounded, and unique per click', async () => {
    const a = await signClickToken(SECRET, click);
    const b = await signClickToken(SECRET, click);
    expect(a).toMatch(/^clk_[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(a).not.toBe(b);
    expect(isId('click', a)).toBe(true);
    expect(isStoredClickId(a)).toBe(false);
    // Generated ids pack into 17 bytes each: within Stripe's 200 characters of client_reference_id.
    expect(a.length).toBeLessThanOrEqual(160);
    const longest = await signClickToken(SECRET, { ...click, code: `A${'B'.repeat(30)}C`, adClickIds: [] });
    expect(longest.length).toBeLessThanOrEqual(200);
    expect(longest.length).toBeLessThanOrEqual(MAX_CLICK_ID_LENGTH);
  });

  it('keeps ids of another shape (hand-made in tests and seeds) as they are', async () => {
    const odd = { ...click, merchantId: 'mer_1', programId: 'prog_x', advocateId: 'adv_ä', mode: 'test' as const };
    const token = await signClickToken(SECRET, { ...odd, trigger: 'qr', adClickIds: [] });
    expect(await verifyClickToken([SECRET], token)).toMatchObject({
      merchantId: 'mer_1',
      programId: 'prog_x',
      advocateId: 'adv_ä',
      mode: 'test',
      trigger: 'qr',
      adClickIds: [],
    });
  });

  it('refuses any changed byte, signature character or length', async () => {
    const token = await signClickToken(SECRET, click);
    for (const at of [1, 9, 11, 20, 40, 90])
      expect(await verifyClickToken([SECRET], tampered(token, at)), `${at}`).toBeNull();
    // Every other spelling of the last character (its low 4 bits are padding): none verifies.
    for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') {
      if (ch !== token.at(-1)) expect(await verifyClickToken([SECRET], token.slice(0, -1) + ch), ch).toBeNull();
    }
    expect(await verifyClickToken([SECRET], token.slice(0, -1))).toBeNull();
    expect(await verifyClickToken([SECRET], `${token}A`)).toBeNull();
    expect(await verifyClickToken([SECRET], token.replace('.', ''))).toBeNull();
    expect(await verifyClickToken([SECRET], 'clk_01KBX8Z6Q3M4N5P6R7S8T9V0WX')).toBeNull();
  });

  it('refuses another secret; verifies the previous one during a rotation', async () => {
    const old = await signClickToken(OTHER, click);
    expect(await verifyClickToken([SECRET], old)).toBeNull();
    expect(await verifyClickToken([SECRET, OTHER], old)).toMatchObject({ code: click.code });
  });

  it('is signed under a key of its own, not HASH_SECRET itself', async () => {
    const token = await signClickToken(SECRET, click);
    const dot = token.lastIndexOf('.');
    const payload = fromBase64Url(token.slice(4, dot))!;
    const hmac = { name: 'HMAC', hash: 'SHA-256' } as const;
    const raw = await crypto.subtle.importKey('raw', new TextEncoder().encode(SECRET), hmac, false, ['sign']);
    const direct = new Uint8Array(await crypto.subtle.sign('HMAC', raw, payload)).subarray(0, 16);
    expect(token.slice(dot + 1)).not.toBe(toBase64Url(direct));
  });

  it('stays readable after its window; the expiry is the reader’s to check', async () => {
    const old = { ...click, createdAt: T0 - 40 * 86400_000 };
    const token = await verifyClickToken([SECRET], await signClickToken(SECRET, old));
    expect(tokenExpiry(token!)).toBeLessThan(T0);
  });
});

describe('base64url', () => {
  it('round-trips every length and refuses characters outside the alphabet', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = crypto.getRandomValues(new Uint8Array(n));
      const text = toBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64Url(text)).toEqual(bytes);
    }
    expect(fromBase64Url('ab+c')).toBeNull();
    expect(fromBase64Url('abcde')).toBeNull();
    // One spelling per byte string: 'AB' and 'AA' would both read as one zero byte.
    expect(fromBase64Url('AA')).toEqual(new Uint8Array(1));
    expect(fromBase64Url('AB')).toBeNull();
  });
});

describe('click token limits', () => {
  it('refuses to sign an id or code longer than 255 bytes, or a token past the bound, rather than cut it', async () => {
    await expect(signClickToken(SECRET, { ...click, code: 'X'.repeat(256) })).rejects.toThrow(RangeError);
    await expect(signClickToken(SECRET, { ...click, advocateId: 'ä'.repeat(128) })).rejects.toThrow(RangeError);
    // Within every field's 255 bytes but past the id's bound (shared/ids.ts) altogether: refused too.
    await expect(signClickToken(SECRET, { ...click, advocateId: 'a'.repeat(255) })).rejects.toThrow(RangeError);
    const long = await signClickToken(SECRET, { ...click, advocateId: 'a'.repeat(100) });
    expect((await verifyClickToken([SECRET], long))?.advocateId).toBe('a'.repeat(100));
  });
});
