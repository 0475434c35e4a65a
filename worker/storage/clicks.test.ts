import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgramCreate } from '../../shared/schemas/program.ts';
import { nodeWorkerEnv } from '../../test/support/node-env.ts';
import { createApp } from '../app.ts';
import { type ClickRecord, clickStore } from './clicks.ts';
import { createRedis } from './client.ts';
import { merchantStore } from './merchants.ts';
import { programStore } from './programs.ts';
import { statsDay } from './stats-buckets.ts';

// The click-recording script against real Redis, read back through the click-stats endpoint.
let ctx: Awaited<ReturnType<typeof nodeWorkerEnv>>;
let sk: string;
let programId: string;
let merchantId: string;

beforeAll(async () => {
  ctx = await nodeWorkerEnv();
  const redis = createRedis(ctx.env);
  const created = await merchantStore.over(redis).create({
    name: 'HLL',
    allowed_origins: [],
    allowed_hosts: ['shop.example'],
    link_domains: [],
  });
  sk = created.secret.key;
  merchantId = created.merchant.id;
  const program = await programStore.over(redis).create(
    { merchantId, mode: 'test' },
    ProgramCreate.parse({
      name: 'P',
      status: 'active',
      destination_url: 'https://shop.example/',
      referee_offer: { type: 'percent', value: 10 },
      referrer_reward: { type: 'points', value: 1 },
    }),
  );
  programId = program.id;
});
afterAll(() => ctx?.stop());

function click(i: number, visitor: string): ClickRecord {
  const now = new Date();
  return {
    id: `clk_${String(i).padStart(26, '0')}`,
    code: `HLL${i % 7}`,
    merchant_id: merchantId,
    mode: 'test',
    program_id: programId,
    advocate_id: 'adv_00000000000000000000000000',
    attributed_click_id: `clk_${String(i).padStart(26, '0')}`,
    visitor,
    trigger: i % 10 === 0 ? 'qr' : 'link',
    landing_url: 'https://shop.example/',
    country: null,
    device: 'desktop',
    browser: 'chrome',
    referrer_host: null,
    created_at: now.toISOString(),
    expires_at: now.toISOString(),
  };
}

describe('click recording at scale', () => {
  it('counts 10,000 distinct visitors within 2% (HyperLogLog), deduplicates repeats, is safe to retry', async () => {
    const clicks = clickStore.over(createRedis(ctx.env));
    const day = statsDay(Date.now());
    const N = 10_000;
    for (let start = 0; start < N; start += 250) {
      await Promise.all(
        Array.from({ length: 250 }, (_, j) => clicks.record(click(start + j, `v${start + j}`), 30, day)),
      );
    }
    // The same visitor on the same code within the hour, and a retried recording: not counted again.
    expect(await clicks.record({ ...click(N + 1, 'v1'), code: 'HLL1' }, 30, day)).toBe('duplicate');
    const again = click(N + 2, 'fresh-visitor');
    expect(await clicks.record(again, 30, day)).toBe('recorded');
    expect(await clicks.record({ ...again, visitor: 'retry-with-new-seen-key' }, 30, day)).toBe('already_recorded');

    const res = await createApp().request(
      `/v1/programs/${programId}/click-stats`,
      { headers: { Authorization: `Bearer ${sk}` } },
      ctx.env,
    );
    const stats = (await res.json()) as {
      totals: { clicks: number; unique_visitors: number; by_trigger: Record<string, number> };
    };
    expect(stats.totals.clicks).toBe(N + 1);
    const error = Math.abs(stats.totals.unique_visitors - (N + 1)) / (N + 1);
    console.log(
      `HLL: ${stats.totals.unique_visitors} estimated for ${N + 1} visitors (${(error * 100).toFixed(2)}% off)`,
    );
    expect(error).toBeLessThanOrEqual(0.02);
    expect(stats.totals.by_trigger).toEqual({ qr: 1000, link: N + 1 - 1000 });
  }, 120_000);
});
