import { describe, expect, it } from 'vitest';
import { useRedis } from '../../../test/support/lua-redis.ts';
import { createRedis } from '../client.ts';
import { runScript } from '../lua.ts';
import {
  WEBHOOK_ENDPOINT_CREATE,
  WEBHOOK_ENDPOINT_DELETE,
  WEBHOOK_ENDPOINT_UPDATE,
  WEBHOOK_EVENTS_PUBLISH,
  WEBHOOK_QUEUE_CLAIM,
  WEBHOOK_QUEUE_COMPLETE,
} from './index.ts';

const { redis, direct, key } = useRedis((url, token) =>
  createRedis({ UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token }),
);

describe('webhook-endpoint-create.lua, webhook-endpoint-update.lua and webhook-endpoint-delete.lua', () => {
  it('creates up to the limit, updates over the expected record, and deletes with its index and log', async () => {
    const [endpoint, index, subs, log] = [key('ep'), key('eps'), key('subs'), key('log')];
    const create = (id: string, subscription: string) =>
      runScript(redis(), WEBHOOK_ENDPOINT_CREATE, [key(id), index, subs], [id, `{"id":"${id}"}`, 2, subscription]);
    expect(Number(await create('ep', 'a,b'))).toBe(1);
    expect(Number(await create('ep2', ''))).toBe(1);
    expect(Number(await create('ep3', 'a'))).toBe(0);
    expect(await direct(['HGETALL', subs])).toEqual(['ep', 'a,b']);

    const update = (expected: string, subscription: string) =>
      runScript(redis(), WEBHOOK_ENDPOINT_UPDATE, [endpoint, subs], [expected, 'v2', 'ep', subscription]);
    expect(Number(await update('stale', 'c'))).toBe(0);
    expect(Number(await update('{"id":"ep"}', 'c'))).toBe(1);
    expect(await direct(['HGET', subs, 'ep'])).toBe('c');
    expect(Number(await update('v2', ''))).toBe(1);
    expect(await direct(['HEXISTS', subs, 'ep'])).toBe(0);

    await direct(['LPUSH', log, 'attempt']);
    const remove = () => runScript(redis(), WEBHOOK_ENDPOINT_DELETE, [endpoint, index, subs, log], ['ep']);
    expect(Number(await remove())).toBe(1);
    expect(Number(await remove())).toBe(0);
    expect(await direct(['ZRANGE', index, 0, -1])).toEqual(['ep2']);
    expect(await direct(['EXISTS', log])).toBe(0);
  });
});

describe('webhook-events-publish.lua', () => {
  it('records each event once, for the endpoints subscribed to its type, with a due delivery each', async () => {
    const [subs, due] = [key('pub-subs'), key('pub-due')];
    await direct(['HSET', subs, 'ep_a', 'reward.approved,conversion.created', 'ep_b', 'conversion.created']);
    const eventKeys = (id: string) => [key(`dedupe:${id}`), key(`event:${id}`), key(`deliveries:${id}`)];
    const publish = () =>
      runScript(
        redis(),
        WEBHOOK_EVENTS_PUBLISH,
        [subs, due, ...eventKeys('e1'), ...eventKeys('e2')],
        [5000, 60_000, 'm', 1000, 'e1', 'reward.approved', '{"e":1}', 'e2', 'payout.sent', '{"e":2}'],
      );
    expect(await publish()).toEqual([['e1'], ['m:ep_a:e1:1']]);
    expect(await publish()).toEqual([[], []]);
    expect(await direct(['GET', key('event:e1')])).toBe('{"e":1}');
    expect(await direct(['ZRANGE', due, 0, -1, 'WITHSCORES'])).toEqual(['m:ep_a:e1:1', '5000']);
    expect(await direct(['HGET', key('deliveries:e1'), 'ep_a:status'])).toBe('pending');
    expect(await direct(['EXISTS', key('event:e2')])).toBe(0);
  });
});

describe('webhook-queue-claim.lua and webhook-queue-complete.lua', () => {
  const [due, deliveries, attempts] = [key('q-due'), key('q-deliveries'), key('q-attempts')];
  const complete = (member: string, outcome: string, next: [string, number] = ['', 0]) =>
    runScript(
      redis(),
      WEBHOOK_QUEUE_COMPLETE,
      [due, deliveries, attempts],
      [member, 'ep', outcome, '{"attempt":', ',"status":200}', next[0], next[1], 60_000],
    );

  it('claims due members under a lease, and numbers, logs and schedules each attempt', async () => {
    await direct(['ZADD', due, 100, 'job1', 200, 'job2', 9000, 'later']);
    const claim = () => runScript(redis(), WEBHOOK_QUEUE_CLAIM, [due], [1000, 5000, 10]);
    expect(await claim()).toEqual(['job1', 'job2']);
    expect(await claim()).toEqual([]);
    expect(await direct(['ZSCORE', due, 'job1'])).toBe('5000');

    expect(Number(await complete('job1', 'retry_scheduled', ['job1:2', 7000]))).toBe(1);
    expect(await direct(['ZSCORE', due, 'job1:2'])).toBe('7000');
    expect(await direct(['HMGET', deliveries, 'ep:status', 'ep:pending'])).toEqual(['pending', 'job1:2']);
    expect(await direct(['LRANGE', attempts, 0, -1])).toEqual(['{"attempt":1,"status":200}']);

    // A manual success cancels the pending retry.
    expect(Number(await complete('', 'succeeded'))).toBe(2);
    expect(await direct(['ZSCORE', due, 'job1:2'])).toBe(null);
    expect(await direct(['HGET', deliveries, 'ep:status'])).toBe('succeeded');

    expect(Number(await complete('job2', 'failed'))).toBe(3);
    expect(await direct(['HGET', deliveries, 'ep:status'])).toBe('failed');
  });

  it('a canceled attempt is not logged and counts nothing', async () => {
    await direct(['ZADD', due, 100, 'job3']);
    expect(Number(await complete('job3', 'canceled'))).toBe(0);
    expect(await direct(['HGET', deliveries, 'ep:status'])).toBe('canceled');
    expect(await direct(['LLEN', attempts])).toBe(3);
  });
});
