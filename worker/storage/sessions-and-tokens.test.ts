import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ProgramCreate } from '../../shared/schemas/program.ts';
import { useRedis } from '../../test/support/lua-redis.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { newId } from '../lib/ids.ts';
import { advocateTokenStore } from './advocate-tokens.ts';
import { advocateViewStore } from './advocate-views.ts';
import { type AdvocateRecord, advocateStore } from './advocates.ts';
import { createRedis } from './client.ts';
import { codeRecognitionStore } from './code-recognition.ts';
import { merchantStore } from './merchants.ts';
import { programStore } from './programs.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { consoleSessionStore } from './sessions.ts';
import { widgetStore } from './widget.ts';

// The stores of sessions, tokens and the widget's reads against real Redis (the test database),
// under merchant ids of this file's own; records written before codecs (no `v`) must still read.
const { redis, direct } = useRedis((url, token) =>
  createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }),
);
const unique = () => randomBytes(6).toString('hex');
const tenant = (): Tenant => ({ merchantId: `mer_test${unique()}`, mode: 'test' });

describe('consoleSessionStore', () => {
  it('stores links and sessions versioned, exchanges a link once, and revokes a session', async () => {
    const store = consoleSessionStore.over(redis());
    const t = tenant();
    const link = await store.createLink(t);
    const stored = String(await direct(['GET', redisKeys.consoleLink(await sha256Hex(link.token))]));
    expect(stored.startsWith('{"v":1,')).toBe(true);
    const [a, b] = await Promise.all([store.exchangeLink(link.token), store.exchangeLink(link.token)]);
    const session = (a ?? b)!;
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(session.record).toMatchObject({ merchant_id: t.merchantId, mode: 'test' });
    const key = redisKeys.consoleSession(session.record.digest);
    expect(String(await direct(['GET', key])).startsWith('{"v":1,')).toBe(true);
    expect(await store.revoke(session.record.digest)).toBe(true);
    expect(await store.revoke(session.record.digest)).toBe(false);
  });

  it('exchanges a link written before codecs (no version field)', async () => {
    const token = `csl_${'A'.repeat(43)}${unique()}`;
    const digest = await sha256Hex(token);
    const old = {
      merchant_id: 'mer_old',
      mode: 'live',
      digest,
      expires_at: new Date(Date.now() + 60_000).toISOString(),
    };
    await direct(['SET', redisKeys.consoleLink(digest), JSON.stringify(old), 'PX', 60_000]);
    const session = await consoleSessionStore.over(redis()).exchangeLink(token);
    expect(session?.record).toMatchObject({ merchant_id: 'mer_old', mode: 'live' });
  });
});

describe('advocateTokenStore', () => {
  it('finds a token record written before codecs, revokes it once, and revokes all of an advocate', async () => {
    const store = advocateTokenStore.over(redis());
    const t = tenant();
    const digest = unique();
    const record = {
      merchant_id: t.merchantId,
      mode: t.mode,
      advocate_id: 'adv_1',
      program_id: 'prog_1',
      digest,
      created_at: new Date().toISOString(),
    };
    await direct(['SET', redisKeys.advocateToken(digest), JSON.stringify(record)]);
    await direct(['SADD', redisKeys.advocateExtensionTokens(t, 'adv_1'), digest]);
    expect(await store.find(digest)).toEqual(record);
    expect(await store.revoke(record)).toBe(1);
    expect(await store.find(digest)).toBeNull();
    expect(await direct(['SCARD', redisKeys.advocateExtensionTokens(t, 'adv_1')])).toBe(0);
    expect(await store.revoke(record)).toBe(0);

    for (const d of ['x1', 'x2'].map((x) => x + digest)) {
      await direct(['SET', redisKeys.advocateToken(d), JSON.stringify({ ...record, digest: d })]);
      await direct(['SADD', redisKeys.advocateExtensionTokens(t, 'adv_1'), d]);
    }
    expect(await store.revokeAll(t, 'adv_1')).toBe(2);
    expect(await store.find(`x1${digest}`)).toBeNull();
  });
});

describe('advocateViewStore.sessionStart', () => {
  it("reads a token identity, the named program, the customer's advocate and a pairing code's device", async () => {
    const t = tenant();
    const token = `wtk_${unique()}`;
    const tokenRecord = { customer_id: 'c1', email: null, name: 'Ann', expires_at: new Date().toISOString() };
    await widgetStore.over(redis()).putToken(t, await sha256Hex(token), tokenRecord, 60);
    await direct(['HSET', redisKeys.advocateByExternalId(t, 'prog_x'), 'c1', 'adv_9']);
    const userCodeDigest = unique();
    await direct(['SET', redisKeys.pairingUserCode(userCodeDigest), 'device-digest', 'EX', 60]);

    const start = await advocateViewStore
      .over(redis())
      .sessionStart(t, { token }, 'prog_x', { prefetchIndexFor: 'c1', userCodeDigest });
    expect(start).toEqual({
      identity: { token: tokenRecord },
      program: { program: null },
      advocateId: 'adv_9',
      deviceDigest: 'device-digest',
    });
  });

  it('reads the program ids when none is named, and no secret before one is rolled', async () => {
    const t = tenant();
    await direct(['ZADD', redisKeys.programs(t), 0, 'prog_b', 0, 'prog_a']);
    const identity = { customer_id: 'c1', timestamp: 1, signature: '0'.repeat(64) };
    const start = await advocateViewStore.over(redis()).sessionStart(t, identity, undefined);
    expect(start).toEqual({ identity: { secret: null }, program: { programIds: ['prog_a', 'prog_b'] } });
  });
});

describe('codeRecognitionStore.links', () => {
  it('answers a code with its records, on a link domain only when the host is its merchant’s', async () => {
    const r = redis();
    const { merchant } = await merchantStore
      .over(r)
      .create({ name: 'M', allowed_origins: [], allowed_hosts: ['shop.example'], link_domains: [] });
    const t: Tenant = { merchantId: merchant.id, mode: 'test' };
    const program = await programStore.over(r).create(
      t,
      ProgramCreate.parse({
        name: 'P',
        status: 'active',
        destination_url: 'https://shop.example/',
        referee_offer: { type: 'percent', value: 10 },
        referrer_reward: { type: 'points', value: 1 },
      }),
    );
    const code = `REC${unique().toUpperCase()}`;
    const now = new Date();
    const advocate: AdvocateRecord = {
      id: newId('advocate', now.getTime()),
      object: 'advocate',
      livemode: false,
      program_id: program.id,
      external_id: `c-${unique()}`,
      email: null,
      name: 'Ann',
      status: 'active',
      metadata: {},
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    };
    expect(await advocateStore.over(r).enroll(t, advocate, [code], now)).toEqual({ kind: 'created', code });
    const host = `go-${unique()}.example`;
    await direct(['SET', redisKeys.linkDomain(host), t.merchantId]);
    await direct(['SET', redisKeys.linkDomain(`other-${host}`), 'mer_someone_else']);

    const links = await codeRecognitionStore
      .over(r)
      .links([{ code }, { code, linkHost: host }, { code, linkHost: `other-${host}` }, { code: `NO${code}` }]);
    expect(links[0]).toMatchObject({
      code: { merchant_id: t.merchantId, advocate_id: advocate.id },
      program: { id: program.id },
      advocate: { id: advocate.id },
      merchant: { id: merchant.id },
    });
    expect(links[1]).toEqual(links[0]);
    expect(links.slice(2)).toEqual([null, null]);
  });
});
