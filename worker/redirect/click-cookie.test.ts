import { describe, expect, it, vi } from 'vitest';
import { safeEqual } from '../lib/crypto.ts';
import { decodeCookie, encodeCookie } from './click-cookie.ts';

// Wrapped, not replaced: the test can see that verification goes through the constant-time compare.
vi.mock('../lib/crypto.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../lib/crypto.ts')>();
  return { ...actual, safeEqual: vi.fn(actual.safeEqual) };
});

const SECRET = 'k7Qp2v9XzL4mN8rT1wY6bH3jD5sF0gAe';
let n = 0;
// A fresh click per test: verified cookies are remembered per isolate.
const click = () => ({ clickId: `clk_01J${String(n++).padStart(23, '0')}`, code: 'ALICE10', issuedAt: 1_765e9 });

describe('click cookie signature', () => {
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
