import { describe, expect, it } from 'vitest';
import { useRedis } from '../../../test/support/lua-redis.ts';
import { createRedis } from '../client.ts';
import { runScript } from '../lua.ts';
import {
  ADVOCATE_TOKENS_REVOKE_ALL,
  PAIRING_CONFIRM,
  PAIRING_LINK_CREATE,
  PAIRING_START,
  TOKEN_EXCHANGE,
  TOKEN_EXCHANGE_POLL,
} from './index.ts';

const { redis, direct, key } = useRedis((url, token) =>
  createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }),
);

const NOW = 1_000_000;

describe('pairing-start.lua and pairing-confirm.lua', () => {
  it('claims a user code once, binds the pairing to one advocate, and answers that advocate again', async () => {
    const [code, pairing] = [key('user-code'), key('pairing')];
    const start = () => runScript(redis(), PAIRING_START, [code, pairing], ['dev1', 600, 'chrome', NOW + 60_000]);
    expect(Number(await start())).toBe(1);
    expect(Number(await start())).toBe(0);
    expect(await direct(['HGET', pairing, 'status'])).toBe('pending');
    expect(Number(await direct(['TTL', pairing]))).toBeGreaterThan(500);

    const confirm = (device: string, now: number, advocate: string) =>
      runScript(redis(), PAIRING_CONFIRM, [code, pairing], [device, now, 'm_1', 'test', 'prg_1', advocate]);
    expect(await confirm('dev2', NOW, 'adv_1')).toEqual(['missing']);
    expect(await confirm('dev1', NOW + 60_000, 'adv_1')).toEqual(['expired']);
    expect(await confirm('dev1', NOW, 'adv_1')).toEqual(['confirmed', 'chrome']);
    expect(await confirm('dev1', NOW, 'adv_1')).toEqual(['confirmed', 'chrome']);
    expect(await confirm('dev1', NOW, 'adv_2')).toEqual(['taken']);
    const bound = await direct(['HMGET', pairing, 'status', 'advocate', 'bound']);
    expect(bound).toEqual(['confirmed', 'adv_1', String(NOW)]);
  });
});

describe('pairing-link-create.lua, token-exchange-poll.lua and token-exchange.lua', () => {
  const grant = key('link');
  const [token, tokens, revokedAt] = [key('token'), key('tokens'), key('revoked-at')];
  const exchange = (advocate: string, now = NOW) =>
    runScript(
      redis(),
      TOKEN_EXCHANGE,
      [grant, token, tokens, revokedAt],
      [now, advocate, '{"token":1}', 'digest1', 'sealed', 60_000],
    );

  it('creates a confirmed link, polls it without a gap rule, and exchanges it for one token, once', async () => {
    expect(await exchange('adv_1')).toEqual(['missing']);
    const create = [NOW + 60_000, 'm_1', 'test', 'prg_1', 'adv_1', 600, NOW] as [
      number,
      string,
      string,
      string,
      string,
      number,
      number,
    ];
    expect(Number(await runScript(redis(), PAIRING_LINK_CREATE, [grant], create))).toBe(1);
    const [state, fields] = await runScript(redis(), TOKEN_EXCHANGE_POLL, [grant], [NOW, 1000]);
    expect(state).toBe('ok');
    expect(fields).toEqual(expect.arrayContaining(['status', 'confirmed', 'advocate', 'adv_1']));

    expect(await exchange('adv_2')).toEqual(['missing']);
    expect(await exchange('adv_1', NOW + 60_000)).toEqual(['expired']);
    expect(await exchange('adv_1')).toEqual(['paired', 'sealed']);
    expect(await direct(['GET', token])).toBe('{"token":1}');
    expect(await direct(['SMEMBERS', tokens])).toEqual(['digest1']);
    expect(await direct(['HMGET', grant, 'status', 'token'])).toEqual(['paired', 'digest1']);
    expect(Number(await direct(['PTTL', grant]))).toBeLessThanOrEqual(60_000);
    // A retry answers the same sealed token.
    expect(await exchange('adv_1')).toEqual(['paired', 'sealed']);
  });

  it('polls a pending pairing no faster than the gap, and a missing one as missing', async () => {
    const pending = key('pending');
    expect(await runScript(redis(), TOKEN_EXCHANGE_POLL, [pending], [NOW, 1000])).toEqual(['missing']);
    await direct(['HSET', pending, 'status', 'pending']);
    expect((await runScript(redis(), TOKEN_EXCHANGE_POLL, [pending], [NOW, 1000]))[0]).toBe('ok');
    expect(await runScript(redis(), TOKEN_EXCHANGE_POLL, [pending], [NOW + 500, 1000])).toEqual(['slow_down']);
    expect((await runScript(redis(), TOKEN_EXCHANGE_POLL, [pending], [NOW + 2000, 1000]))[0]).toBe('ok');
  });
});

describe('advocate-tokens-revoke-all.lua', () => {
  it("deletes every token in the advocate's set and notes when, so older grants are refused", async () => {
    const prefix = key('tok:');
    const [set, revokedAt, grant] = [key('adv-tokens'), key('adv-revoked'), key('old-grant')];
    await direct(['SET', `${prefix}a`, '1']);
    await direct(['SET', `${prefix}b`, '1']);
    await direct(['SADD', set, 'a', 'b', 'gone']);
    const revoked = await runScript(redis(), ADVOCATE_TOKENS_REVOKE_ALL, [set, revokedAt], [prefix, NOW, 60_000]);
    expect(Number(revoked)).toBe(2);
    expect(await direct(['EXISTS', `${prefix}a`, `${prefix}b`, set])).toBe(0);
    expect(await direct(['GET', revokedAt])).toBe(String(NOW));

    const bound = [NOW + 60_000, 'm_1', 'test', 'prg_1', 'adv_1', 600, NOW - 1] as [
      number,
      string,
      string,
      string,
      string,
      number,
      number,
    ];
    await runScript(redis(), PAIRING_LINK_CREATE, [grant], bound);
    const reply = await runScript(
      redis(),
      TOKEN_EXCHANGE,
      [grant, key('t'), set, revokedAt],
      [NOW, 'adv_1', '{}', 'd', 's', 60_000],
    );
    expect(reply).toEqual(['revoked']);
  });
});
