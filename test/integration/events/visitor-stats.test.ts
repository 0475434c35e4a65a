import { beforeAll, describe, expect, it } from 'vitest';
import { redisKeys } from '../../../worker/storage/redis-keys.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import { click, DAY_MS, dayOf, eventually, type FakeLink, hashOf, sendMessages } from './event-pipeline.ts';

const suite = workerSuite();
const DAY = 86400_000;
let link: FakeLink;
let api: ReturnType<typeof apiClient>;

/** A real merchant, program and two advocates: the stats routes read their records. */
beforeAll(async () => {
  const m = await createTestMerchant(suite.worker);
  api = apiClient(suite.worker, m.sk);
  const program = await api.post('/v1/programs', PROGRAM_INPUT);
  expect(program.status).toBe(201);
  const enroll = async (external: string) => {
    const res = await api.post(`/v1/programs/${program.body.id}/advocates`, { external_id: external });
    expect(res.status).toBe(201);
    return { id: res.body.advocate.id as string, code: res.body.code as string };
  };
  link = {
    tenant: { merchantId: m.id, mode: 'test' },
    programId: program.body.id,
    alice: await enroll('ext-alice'),
    bob: await enroll('ext-bob'),
  };
});

describe("an advocate's unique visitors", () => {
  it('are exact from the consumer (first click of the day), summed over days, plus the old HyperLogLogs', async () => {
    const [d1, d2, old] = [DAY_MS, DAY_MS + DAY, DAY_MS - DAY];
    // Day 1: V1 twice (an hour apart: both counted, one visitor), V2 once; day 2: V1 again (a new day's visitor).
    await sendMessages(suite, [
      click(link, 'alice', 'V1', d1 + 9 * 3600_000),
      click(link, 'alice', 'V1', d1 + 11 * 3600_000),
      click(link, 'alice', 'V2', d1 + 12 * 3600_000),
      click(link, 'alice', 'V1b', d2 + 1 * 3600_000),
      click(link, 'bob', 'V1', d1 + 9 * 3600_000),
    ]);
    const day1 = redisKeys.dailyClicks(link.tenant, dayOf(d1), 'advocate', link.alice.id);
    await eventually(async () => (await hashOf(suite, day1)).visitors, 2);
    // A day recorded before issue 17: its visitors in the advocate's daily HyperLogLog only.
    await suite.bridge.direct([
      'PFADD',
      redisKeys.dailyVisitors(link.tenant, dayOf(old), 'advocate', link.alice.id),
      'O1',
      'O2',
    ]);
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const res = await api.get(`/v1/advocates/${link.alice.id}/stats?from=${iso(old)}&to=${iso(d2)}&interval=day`);
    expect(res.status).toBe(200);
    const series = res.body.series.map((b: { metrics: { clicks: number; unique_visitors: number } }) => [
      b.metrics.clicks,
      b.metrics.unique_visitors,
    ]);
    expect(series).toEqual([
      [0, 2],
      [3, 2],
      [1, 1],
    ]);
    expect(res.body.totals.unique_visitors).toBe(5);
    expect(res.body.totals).not.toHaveProperty('visitors');
    const code = await api.get(`/v1/codes/${link.bob.code}/stats?from=${iso(d1)}&to=${iso(d1)}&interval=day`);
    expect(code.body.totals).toMatchObject({ clicks: 1, unique_visitors: 1 });
  });
});
