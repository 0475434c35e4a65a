import { describe, expect, it, vi } from 'vitest';
import { hmacSha256Hex, safeEqual } from '../lib/crypto.ts';
import { decodeCookie, peekVerifiedCookie } from './click-cookie.ts';
import { signClickToken } from './click-token.ts';

// Wrapped, not replaced: the test can see that verification goes through the constant-time compare.
vi.mock('../lib/crypto.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../lib/crypto.ts')>();
  return { ...actual, safeEqual: vi.fn(actual.safeEqual) };
});

const SECRET = 'k7Qp2v9XzL4mN8rT1wY6bH3jD5sF0gAe';
let n = 0;
// A fresh click per test: verified cookies are remembered per isolate.
const click = () => ({ clickId: `clk_01J${String(n++).padStart(23, '0')}`, code: 'ALICE10', issuedAt: 1_765e9 });

/** A cookie of the format before click tokens (`clk_<26>.CODE.issuedMs.sig24`), as deployed visitors keep. */
async function encodeCookie(secret: string, c: ReturnType<typeof click>): Promise<string> {
  const body = `${c.clickId}.${c.code}.${c.issuedAt}`;
  return `${body}.${(await hmacSha256Hex(secret, `cookie:${body}`)).slice(0, 24)}`;
}

const TOKEN_CLICK = {
  windowDays: 30,
  mode: 'test' as const,
  merchantId: 'mer_01KBX8Z6Q3M4N5P6R7S8T9V0WX',
  programId: 'prog_01KBX8Z6Q3M4N5P6R7S8T9V0WY',
  advocateId: 'adv_01KBX8Z6Q3M4N5P6R7S8T9V0WZ',
  code: 'ALICE10',
  visitor: 'ab'.repeat(16),
  trigger: 'link' as const,
  adClickIds: [],
};

describe('click cookie: the click token', () => {
  it('is the token itself, verified once, then known to the isolate under the secret that signed it', async () => {
    const createdAt = 1_765e9 + n++;
    const token = await signClickToken(SECRET, { ...TOKEN_CLICK, createdAt });
    expect(peekVerifiedCookie(SECRET, token)).toBeNull();
    expect(await decodeCookie([SECRET], token)).toEqual({ clickId: token, code: 'ALICE10', issuedAt: createdAt });
    expect(peekVerifiedCookie(SECRET, token)).toEqual({ clickId: token, code: 'ALICE10', issuedAt: createdAt });
  });

  it('verifies under the previous secret during a rotation, and under no other', async () => {
    const previous = 'Zt5uR8eW2qY7iO4pL1kJ6hG9fD3sA0xC';
    const token = await signClickToken(previous, { ...TOKEN_CLICK, createdAt: 1_765e9 + n++ });
    expect(await decodeCookie([SECRET], token)).toBeNull();
    expect(await decodeCookie([SECRET, previous], token)).toMatchObject({ clickId: token });
    // Remembered under the secret that verified it: the warm path, asking with the current one, does not see it.
    expect(peekVerifiedCookie(SECRET, token)).toBeNull();
    expect(peekVerifiedCookie(previous, token)).not.toBeNull();
  });

  it('refuses a token with a changed signature', async () => {
    const token = await signClickToken(SECRET, { ...TOKEN_CLICK, createdAt: 1_765e9 + n++ });
    const last = token.at(-1) === 'A' ? 'B' : 'A';
    expect(await decodeCookie([SECRET], token.slice(0, -1) + last)).toBeNull();
  });
});

describe('click cookie of the format before tokens', () => {
  it('accepts its own signature, compared in constant time', async () => {
    const c = click();
    vi.mocked(safeEqual).mockClear();
    expect(await decodeCookie([SECRET], await encodeCookie(SECRET, c))).toEqual(c);
    expect(safeEqual).toHaveBeenCalledTimes(1);
  });

  it('refuses a wrong signature of the same length, through the constant-time compare', async () => {
    const value = await encodeCookie(SECRET, click());
    const last = value.at(-1) === '0' ? '1' : '0';
    vi.mocked(safeEqual).mockClear();
    expect(await decodeCookie([SECRET], value.slice(0, -1) + last)).toBeNull();
    expect(safeEqual).toHaveBeenCalledTimes(1);
    expect(await decodeCookie([SECRET], `${value.slice(0, -24)}${'0'.repeat(24)}`)).toBeNull();
  });

  it('refuses a signature that is shorter or longer', async () => {
    const value = await encodeCookie(SECRET, click());
    const unsigned = value.slice(0, -24);
    for (const bad of [value.slice(0, -1), `${value}0`, unsigned, `${unsigned}${'a'.repeat(64)}`]) {
      expect(await decodeCookie([SECRET], bad), bad).toBeNull();
    }
  });

  it('safeEqual takes strings of unequal length without throwing', async () => {
    await expect(safeEqual('abc', 'abcd')).resolves.toBe(false);
    await expect(safeEqual('', 'a'.repeat(64))).resolves.toBe(false);
    await expect(safeEqual('same', 'same')).resolves.toBe(true);
  });

  it('refuses a cookie signed with another secret', async () => {
    const value = await encodeCookie('Zt5uR8eW2qY7iO4pL1kJ6hG9fD3sA0xC', click());
    expect(await decodeCookie([SECRET], value)).toBeNull();
  });
});
