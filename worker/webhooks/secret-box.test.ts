import { describe, expect, it } from 'vitest';
import { openSecret, sealSecret } from './secret-box.ts';

const OLD = 'k7Qp2v9XzL4mN8rT1wY6bH3jD5sF0gAe';
const NEW = 'Zt5uR8eW2qY7iO4pL1kJ6hG9fD3sA0xC';

describe('secret boxes across a HASH_SECRET rotation', () => {
  it('opens boxes sealed under the previous secret, seals new ones under the current one', async () => {
    const before = { VOUCH_ENV: 'production' as const, HASH_SECRET: OLD };
    const rotating = { VOUCH_ENV: 'production' as const, HASH_SECRET: NEW, HASH_SECRET_PREVIOUS: OLD };
    const after = { VOUCH_ENV: 'production' as const, HASH_SECRET: NEW };
    const oldBox = await sealSecret(before, 'whsec_old', 'bind');
    expect(await openSecret(rotating, oldBox, 'bind')).toBe('whsec_old');
    // Once the previous secret is dropped, boxes from before the rotation no longer open.
    await expect(openSecret(after, oldBox, 'bind')).rejects.toThrow();
    const newBox = await sealSecret(rotating, 'whsec_new', 'bind');
    expect(await openSecret(after, newBox, 'bind')).toBe('whsec_new');
    await expect(openSecret(before, newBox, 'bind')).rejects.toThrow();
    // The binding still holds under either key.
    await expect(openSecret(rotating, oldBox, 'other')).rejects.toThrow();
  });

  it('in production refuses to seal or open with a missing or weak secret, naming it', async () => {
    for (const HASH_SECRET of ['', 'replace-me']) {
      const env = { VOUCH_ENV: 'production' as const, HASH_SECRET };
      const refused = { code: 'secret_not_configured', status: 503 };
      await expect(sealSecret(env, 'whsec_x', 'bind')).rejects.toMatchObject(refused);
      await expect(openSecret(env, 'v1.AAAA.AAAA', 'bind')).rejects.toMatchObject({ code: 'secret_not_configured' });
    }
  });
});
