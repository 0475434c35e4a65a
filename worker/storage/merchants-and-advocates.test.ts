import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ProgramCreate } from '../../shared/schemas/program.ts';
import { PROGRAM_INPUT } from '../../test/support/api.ts';
import { useRedis } from '../../test/support/lua-redis.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { type AdvocateRecord, advocateStore } from './advocates.ts';
import { apiKeyStore } from './api-keys.ts';
import { createRedis } from './client.ts';
import { healthStore } from './health.ts';
import { idempotencyStore } from './idempotency.ts';
import { merchantStore } from './merchants.ts';
import { programStore } from './programs.ts';
import { limitStore } from './rate-limit.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';

// The stores of merchants, keys, programs, advocates and codes, limits and idempotency against
// real Redis (the test database): records are written versioned, records written before codecs
// (no `v`) still read, and the tenancy check on codes holds for reads and writes.
const { redis, direct } = useRedis((url, token) =>
  createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }),
);
const unique = () => randomBytes(6).toString('hex');
const tenant = (): Tenant => ({ merchantId: `mer_test${unique()}`, mode: 'test' });
const stored = async (key: string) => String(await direct(['GET', key]));
const withoutVersion = (raw: string) => raw.replace('{"v":1,', '{');

describe('merchantStore and apiKeyStore', () => {
  it('creates a merchant with its keys, reads one written before codecs, and rolls keys', async () => {
    const merchants = merchantStore.over(redis());
    const domain = `go-${unique()}.example`;
    const input = { name: 'Shop', allowed_origins: [], allowed_hosts: ['shop.example'], link_domains: [domain] };
    const { merchant, secret, publishable } = await merchants.create(input);
    expect(merchant.link_domains).toEqual([domain]);
    expect(await merchants.forLinkDomain(domain)).toBe(merchant.id);
    const raw = await stored(redisKeys.merchant(merchant.id));
    expect(raw.startsWith('{"v":1,')).toBe(true);
    // Before link domains and before codecs: no `v`, no `link_domains`.
    const { link_domains: _, ...old } = merchant;
    await direct(['SET', redisKeys.merchant(merchant.id), JSON.stringify(old)]);
    expect(await merchants.get(merchant.id)).toEqual({ ...merchant, link_domains: [] });

    const keys = apiKeyStore.over(redis());
    expect(await keys.activePublishable(merchant.id, 'test')).toBe(publishable.key);
    const rolled = await keys.roll(merchant.id, 'test', 'secret');
    const listed = await keys.list(merchant.id, 'test');
    expect(listed.map((k) => k.id)).toEqual([secret.meta.id, publishable.meta.id, rolled.meta.id].sort());
    expect(listed.find((k) => k.id === secret.meta.id)?.revoked_at).not.toBeNull();
    expect(listed.every((k) => !('v' in k))).toBe(true);
  });
});

describe('limitStore', () => {
  it('decodes the key record it reads with the limits, and counts without one', async () => {
    const { merchant, secret } = await merchantStore.over(redis()).create({
      name: 'Limits',
      allowed_origins: [],
      allowed_hosts: ['shop.example'],
      link_domains: [],
    });
    const limits = limitStore.over(redis());
    const buckets = [{ name: `test:${unique()}`, limit: 1 }];
    const first = await limits.authenticateAndLimit(await sha256Hex(secret.key), buckets);
    expect(first).toMatchObject({ allowed: true, limit: 1, remaining: 0 });
    expect(first.record).toEqual(secret.record);
    const second = await limits.authenticateAndLimit(null, buckets);
    expect(second).toMatchObject({ allowed: false, remaining: 0, record: null });
    expect(merchant.id).toBe(secret.record.merchant_id);
  });
});

describe('programStore', () => {
  it('stores programs versioned, reads older ones with today’s defaults, and updates without lost writes', async () => {
    const programs = programStore.over(redis());
    const t = tenant();
    const program = await programs.create(t, ProgramCreate.parse(PROGRAM_INPUT));
    const key = redisKeys.program(t, program.id);
    expect((await stored(key)).startsWith('{"v":1,')).toBe(true);
    // Written before codecs and before contests existed.
    const { contest: _, ...old } = program;
    await direct(['SET', key, JSON.stringify(old)]);
    expect(await programs.get(t, program.id)).toEqual(program);
    const renamed = await Promise.all(
      ['A', 'B'].map((n) => programs.update(t, program.id, (p) => ({ ...p, name: p.name + n }))),
    );
    expect(renamed.map((p) => p?.name.length)).toContain(program.name.length + 2);
    expect((await programs.get(t, program.id))?.name).toMatch(/AB$|BA$/);
    expect(await programs.update(t, 'prog_missing', (p) => p)).toBeNull();
    expect((await programs.list(t, 10)).programs.map((p) => p.id)).toEqual([program.id]);
  });
});

describe('advocateStore', () => {
  const newAdvocate = (programId: string): AdvocateRecord => {
    const at = new Date().toISOString();
    return {
      id: `adv_${unique()}`,
      object: 'advocate',
      livemode: false,
      program_id: programId,
      external_id: `cus_${unique()}`,
      email: null,
      name: 'Ada',
      status: 'active',
      metadata: {},
      created_at: at,
      updated_at: at,
    };
  };

  it('keeps codes to their tenant for reads and writes, and reads records written before codecs', async () => {
    const advocates = advocateStore.over(redis());
    const t = tenant();
    const other: Tenant = { merchantId: t.merchantId, mode: 'live' };
    const advocate = newAdvocate('prog_1');
    const code = `E1${unique().toUpperCase()}`;
    expect(await advocates.enroll(t, advocate, [code], new Date())).toEqual({ kind: 'created', code });
    expect(await advocates.codeFor(t, code)).toMatchObject({ advocate_id: advocate.id, status: 'active' });
    expect(await advocates.codeFor(other, code)).toBeNull();
    expect(await advocates.updateCode(other, code, (r) => ({ ...r, status: 'disabled' }))).toBeNull();
    expect((await advocates.codeFor(t, code))?.status).toBe('active');
    expect((await advocates.updateCode(t, code, (r) => ({ ...r, status: 'disabled' })))?.status).toBe('disabled');

    await direct(['SET', redisKeys.code(code), withoutVersion(await stored(redisKeys.code(code)))]);
    await direct(['SET', redisKeys.advocate(t, advocate.id), JSON.stringify(advocate)]);
    expect((await advocates.codeFor(t, code))?.status).toBe('disabled');
    expect(await advocates.get(t, advocate.id)).toEqual({ ...advocate, codes: [code] });
    const updated = await advocates.update(t, advocate.id, (a) => ({ ...a, name: 'Grace' }));
    expect(updated).toMatchObject({ name: 'Grace', codes: [code] });
    expect((await stored(redisKeys.advocate(t, advocate.id))).startsWith('{"v":1,')).toBe(true);
  });
});

describe('idempotencyStore and healthStore', () => {
  it('claims once, replays what completed, and frees only its own lock', async () => {
    const store = idempotencyStore.over(redis());
    const scope = `test:${unique()}`;
    const pending = { state: 'pending' as const, fingerprint: 'f', token: 'mine' };
    expect(await store.claim(scope, 'd1', pending)).toBeNull();
    expect(await store.claim(scope, 'd1', { ...pending, token: 'theirs' })).toEqual(pending);
    await store.release(scope, 'd1', 'theirs');
    expect(await store.read(scope, 'd1')).toEqual(pending);
    await store.release(scope, 'd1', 'mine');
    expect(await store.read(scope, 'd1')).toBeNull();
    const done = { ...pending, state: 'done' as const, status: 201, body: '{}', content_type: 'application/json' };
    await store.complete(scope, 'd1', done);
    expect(await store.read(scope, 'd1')).toEqual(done);
  });

  it('pings Redis', async () => {
    expect(await healthStore.over(redis()).ping()).toBe(true);
  });
});
