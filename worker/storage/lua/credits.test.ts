import { describe, expect, it } from 'vitest';
import { useRedis } from '../../../test/support/lua-redis.ts';
import { createRedis } from '../client.ts';
import { runScript } from '../lua.ts';
import { CREDIT_ADD, CREDIT_TAKE } from './index.ts';

const { redis, direct, keys } = useRedis((url, token) =>
  createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }),
);

describe('credit-add.lua and credit-take.lua', () => {
  it('grant once, spend at most the balance once per order, restore once, revoke down to a target', async () => {
    const k = keys('balances', 'entries', 'refs', 'ledger') as [string, string, string, string];
    let n = 0;
    const run = (
      script: typeof CREDIT_ADD,
      ref: string,
      requires: string,
      amount: number,
      kind: string,
      reference: string,
    ) => runScript(redis(), script, k, [ref, requires, `cre_${++n}`, 'USD', amount, kind, reference, 'now']);
    const entry = (reply: [string, string]) => [reply[0], reply[1] ? JSON.parse(reply[1]) : null] as const;

    const [s1, g1] = entry(await run(CREDIT_ADD, 'grant:rwd_1', '', 1000, 'grant', 'rwd_1'));
    expect([s1, g1.amount, g1.balance_after]).toEqual(['new', 1000, 1000]);
    expect(entry(await run(CREDIT_ADD, 'grant:rwd_1', '', 1000, 'grant', 'rwd_1'))[0]).toBe('existing');

    const [, spend] = entry(await run(CREDIT_TAKE, 'spend:o1', '', 700, 'spend', 'o1'));
    expect([spend.amount, spend.balance_after]).toEqual([-700, 300]);
    const [, partial] = entry(await run(CREDIT_TAKE, 'spend:o2', '', 900, 'spend', 'o2'));
    expect([partial.amount, partial.balance_after]).toEqual([-300, 0]);
    expect(await run(CREDIT_TAKE, 'spend:o3', '', 100, 'spend', 'o3')).toEqual(['empty', '']);
    expect(await direct(['HEXISTS', k[2], 'spend:o3'])).toBe(0);

    const [, restored] = entry(await run(CREDIT_ADD, 'restore:o1', 'spend:o1', 0, 'restore', 'o1'));
    expect([restored.amount, restored.balance_after]).toEqual([700, 700]);
    expect(entry(await run(CREDIT_ADD, 'restore:o1', 'spend:o1', 0, 'restore', 'o1'))[0]).toBe('existing');
    expect(await run(CREDIT_ADD, 'restore:o9', 'spend:o9', 0, 'restore', 'o9')).toEqual(['missing', '']);

    // A refund brings the grant from 1000 to 600 (400 taken), then a void to 0: 600 asked, 300 left, 300 owed.
    const [, r1] = entry(await run(CREDIT_TAKE, 'revoke:rwd_1:600', 'grant:rwd_1', 600, 'revoke', 'rwd_1'));
    expect([r1.amount, r1.balance_after, r1.owed]).toEqual([-400, 300, 0]);
    expect(await run(CREDIT_TAKE, 'revoke:rwd_1:700', 'grant:rwd_1', 700, 'revoke', 'rwd_1')).toEqual(['empty', '']);
    const [, r2] = entry(await run(CREDIT_TAKE, 'revoke:rwd_1:0', 'grant:rwd_1', 0, 'revoke', 'rwd_1'));
    expect([r2.amount, r2.balance_after, r2.owed]).toEqual([-300, 0, 300]);
    expect(await run(CREDIT_TAKE, 'revoke:rwd_2:0', 'grant:rwd_2', 0, 'revoke', 'rwd_2')).toEqual(['missing', '']);
    expect(await direct(['HGET', k[0], 'USD'])).toBe('0');
    expect(await direct(['ZCARD', k[3]])).toBe(6);
  });
});
