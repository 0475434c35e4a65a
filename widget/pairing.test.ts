import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { USER_CODE_PATTERN } from '../shared/schemas/extension.ts';

// safe.ts takes its references to window's fetch and JSON when loaded: stub them first.
const fetch = vi.fn<(url: string, init: RequestInit) => Promise<Response>>();
vi.stubGlobal('window', { fetch, JSON });
vi.stubGlobal('navigator', {});
const { CODE_PATTERN, normalizeCode, pairExtension, pairingEndpoint } = await import('./pairing.ts');
const { store } = await import('./runtime.ts');
afterAll(() => void vi.unstubAllGlobals());

// As the browser compiles a `pattern` attribute: anchored, with the `v` flag.
const input = new RegExp(`^(?:${CODE_PATTERN})$`, 'v');

describe('the code input', () => {
  const valid = ['ABCD-EFGH', 'abcd-efgh', 'ABCDEFGH', '0123-4567', 'Z9Y8X7W6', 'hjkm-nprs'];
  it('accepts every code the contract accepts, in either case, with or without the dash', () => {
    for (const code of valid) {
      expect(USER_CODE_PATTERN.test(code), code).toBe(true);
      expect(input.test(code), code).toBe(true);
    }
  });

  it('reads the look-alikes I, L and O as the digits they stand for', () => {
    for (const [typed, sent] of [
      ['ILOO-abcd', '1100-ABCD'],
      ['loil0000', '10110000'],
    ] as const) {
      expect(input.test(typed), typed).toBe(true);
      expect(normalizeCode(typed)).toBe(sent);
      expect(USER_CODE_PATTERN.test(sent), sent).toBe(true);
    }
  });

  it('refuses what the contract refuses', () => {
    for (const code of ['ABCD-EFG', 'ABCD-EFGHJ', 'ABCD--EFGH', 'ABCD EFGH', 'UUUU-AAAA', 'AB_D-EFGH', ''])
      expect(input.test(code), code).toBe(false);
  });
});

describe('pairExtension', () => {
  const identity = { customer_id: 'cust_1', timestamp: 1_700_000_000, signature: 'sig' };
  beforeAll(() => {
    pairingEndpoint({ _base: 'https://vouch.test', _key: 'pk_test_1' });
    store._set({ _identity: identity as never, _program: { id: 'prog_1' } as never });
  });
  const answer = (status: number, body: unknown) =>
    fetch.mockResolvedValueOnce(new Response(JSON.stringify(body), { status }));

  it('posts the identity, the normalized code and the program with the publishable key', async () => {
    answer(200, { object: 'pairing_confirmation', status: 'confirmed', client: 'chrome' });
    expect(await pairExtension('abcd-efgo')).toBe('pair_ok');
    const [url, init] = fetch.mock.lastCall!;
    expect(url).toBe('https://vouch.test/v1/public/pairings/confirm?key=pk_test_1');
    expect(init).toMatchObject({ method: 'POST', credentials: 'omit' });
    expect(JSON.parse(String(init.body))).toEqual({ identity, user_code: 'ABCD-EFG0', program_id: 'prog_1' });
  });

  it('says which refusal it was, and tells a network failure from a server error', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const refusal = (status: number, code: string) =>
      answer(status, { error: { type: 'invalid_request_error', code, message: code } });
    refusal(404, 'pairing_not_found');
    expect(await pairExtension('ABCD-EFGH')).toBe('pair_gone');
    refusal(409, 'pairing_already_confirmed');
    expect(await pairExtension('ABCD-EFGH')).toBe('pair_used');
    refusal(429, 'rate_limited');
    expect(await pairExtension('ABCD-EFGH')).toBe('pair_slow');
    refusal(401, 'identity_expired');
    expect(await pairExtension('ABCD-EFGH')).toBe('failed');
    refusal(500, 'internal_error');
    expect(await pairExtension('ABCD-EFGH')).toBe('failed');
    fetch.mockRejectedValueOnce(new TypeError('Failed to fetch'));
    expect(await pairExtension('ABCD-EFGH')).toBe('pair_offline');
  });
});
