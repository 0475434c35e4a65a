import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProgramCreate } from '../../shared/schemas/program.ts';
import { PROGRAM_INPUT } from '../../test/support/api.ts';
import { nodeWorkerEnv } from '../../test/support/node-env.ts';
import { createApp } from '../app.ts';
import { newId } from '../lib/ids.ts';
import type { Tenant } from '../tenant.ts';
import { advocateStore } from './advocates.ts';
import { type ClickRecord, clickCodec, clickStore } from './clicks.ts';
import { createRedis, type Redis } from './client.ts';
import { type CountableClick, eventCounters } from './event-counters.ts';
import { exportStore } from './exports.ts';
import { linkStore } from './links.ts';
import { merchantStore } from './merchants.ts';
import { programStore } from './programs.ts';
import { redisKeys } from './redis-keys.ts';
import { statsStore } from './stats.ts';
import { statsDay } from './stats-buckets.ts';

// The click, link, stats and export stores against real Redis: what they decode, and the tenancy
// check on global records (clicks, codes) they apply.
let ctx: Awaited<ReturnType<typeof nodeWorkerEnv>>;
let redis: Redis;
let t: Tenant;
let sk: string;
const other: Tenant = { merchantId: `mer_${randomBytes(8).toString('hex')}`, mode: 'test' };
let programId: string;
let advocateId: string;
const code = `ST${randomBytes(4).toString('hex').toUpperCase()}`;

beforeAll(async () => {
  ctx = await nodeWorkerEnv();
  redis = createRedis(ctx.env);
  const created = await merchantStore.over(redis).create({
    name: 'Stores',
    allowed_origins: [],
    allowed_hosts: ['shop.example'],
    link_domains: [],
  });
  t = { merchantId: created.merchant.id, mode: 'test' };
  sk = created.secret.key;
  programId = await newProgram();
  const now = new Date();
  advocateId = newId('advocate', now.getTime());
  const enrolled = await advocateStore.over(redis).enroll(
    t,
    {
      id: advocateId,
      object: 'advocate',
      livemode: false,
      program_id: programId,
      external_id: 'ext-1',
      email: null,
      name: 'Alice Smith',
      status: 'active',
      metadata: {},
      created_at: now.toISOString(),
      updated_at: now.toISOString(),
    },
    [code],
    now,
  );
  expect(enrolled).toEqual({ kind: 'created', code });
});
afterAll(() => ctx?.stop());

async function newProgram(): Promise<string> {
  const program = await programStore.over(redis).create(t, ProgramCreate.parse(PROGRAM_INPUT));
  return program.id;
}

function click(id: string, owner: Tenant = t, program = programId): ClickRecord {
  const at = new Date();
  return {
    id,
    code,
    merchant_id: owner.merchantId,
    mode: owner.mode,
    program_id: program,
    advocate_id: advocateId,
    attributed_click_id: id,
    visitor: randomBytes(16).toString('hex'),
    trigger: 'link',
    landing_url: 'https://shop.example/?ref=X',
    country: 'DE',
    device: 'mobile',
    browser: 'safari',
    referrer_host: null,
    created_at: at.toISOString(),
    expires_at: new Date(at.getTime() + 86_400_000).toISOString(),
  };
}

/** A click as the queue consumer counts it. */
function countable(id: string, atMs: number, visitor: string, program = programId): CountableClick {
  return { kind: 'click', id, at: atMs, tenant: t, programId: program, advocateId, code, visitor, trigger: 'link' };
}

describe('clickStore', () => {
  it('reads a click recorded before click tokens (versioned) back only for its own tenant', async () => {
    const clicks = clickStore.over(redis);
    const mine = click(newId('click'));
    await redis.set(redisKeys.click(mine.id), clickCodec.encode(mine));
    expect(String(await redis.get(redisKeys.click(mine.id)))).toMatch(/^\{"v":1,"id":"clk_/);
    expect(await clicks.get(t, mine.id)).toEqual(mine);
    expect(await clicks.get(other, mine.id)).toBeNull();
    expect(await clicks.get({ ...t, mode: 'live' }, mine.id)).toBeNull();
    expect(await clicks.get(t, newId('click'))).toBeNull();
  });

  it('reads a click stored before codecs (no version field)', async () => {
    const old = click(newId('click'));
    await redis.set(redisKeys.click(old.id), JSON.stringify(old));
    expect(await clickStore.over(redis).get(t, old.id)).toEqual(old);
  });

  it("names a click's program and advocate in one read; a gone advocate is null", async () => {
    const clicks = clickStore.over(redis);
    const found = await clicks.referrer(t, click(newId('click')));
    expect(found.program?.id).toBe(programId);
    expect(found.advocate?.name).toBe('Alice Smith');
    const gone = await clicks.referrer(t, { ...click(newId('click')), advocate_id: 'adv_gone' });
    expect(gone).toMatchObject({ advocate: null, program: { id: programId } });
  });

  it("reads a program's day: counters, unique visitors, filtered hits by reason", async () => {
    const day = statsDay(Date.now());
    await eventCounters.over(redis).apply([countable(newId('click'), Date.now(), randomBytes(16).toString('hex'))]);
    await redis.hincrby(redisKeys.dailyFiltered(t, day, programId), 'bot', 2);
    const read = await clickStore.over(redis).programDay(t, programId, day);
    expect(read.counters.clicks).toBeGreaterThanOrEqual(1);
    expect(read.counters['trigger:link']).toBe(read.counters.clicks);
    expect(read.uniqueVisitors).toBe(read.counters.clicks);
    expect(read.filtered).toEqual({ bot: 2 });
  });
});

describe('linkStore', () => {
  it('resolves a code to its decoded records in one script; an unknown code is null', async () => {
    const links = linkStore.over(redis);
    const found = await links.resolve(code);
    expect(found).toMatchObject({
      code: { merchant_id: t.merchantId, mode: 'test', program_id: programId, advocate_id: advocateId },
      program: { id: programId, status: 'active' },
      advocate: { id: advocateId, name: 'Alice Smith' },
      merchant: { name: 'Stores', allowed_hosts: ['shop.example'], link_domains: [] },
    });
    expect(found?.code).not.toHaveProperty('v');
    expect(await links.resolve(`NO${code}`)).toBeNull();
  });
});

describe('statsStore', () => {
  const today = () => [[Math.floor(Date.now() / 86_400_000) * 86_400_000]];

  it("reads a code's figures for its owner only (codes are global)", async () => {
    const stats = statsStore.over(redis);
    const mine = await stats.read(t, { type: 'code', id: code }, { unit: 'day', units: today() });
    expect(mine?.units[0]?.clicks).toBeGreaterThanOrEqual(1);
    expect(await stats.read(other, { type: 'code', id: code }, { unit: 'day', units: today() })).toBeNull();
    expect(await stats.read(t, { type: 'advocate', id: 'adv_none' }, { unit: 'day', units: today() })).toBeNull();
  });

  it('ranks advocates with their stored names and first codes', async () => {
    const day = Date.now();
    await redis.zincrby(redisKeys.leaderboard(t, statsDay(day), programId, 'conversions'), 3, advocateId);
    const rows = await statsStore
      .over(redis)
      .leaderboard(t, { programId, days: [day], currency: null, by: 'conversions', limit: 5 });
    expect(rows).toEqual([{ advocateId, conversions: 3, revenue: 0, name: 'Alice Smith', code }]);
  });
});

describe('exportStore', () => {
  it('pages the click log of the days a period touches, leaving out a damaged row', async () => {
    const start = Date.parse('2024-02-03T00:00:00Z');
    const row = { id: 'clk_1', at: '2024-02-03T10:00:00.000Z', program_id: programId, advocate_id: advocateId };
    const full = { ...row, code, trigger: 'qr', country: null, device: null, referrer_host: null, counted: true };
    await redis.rpush(redisKeys.clickLog(t, '20240203'), JSON.stringify(full), '{not json', JSON.stringify(row));
    const pages = [];
    for await (const page of exportStore.over(redis).clickLog(t, { startMs: start, endMs: start + 86_400_000 }))
      pages.push(page);
    expect(pages).toEqual([[full]]);
  });
});

describe('click counting at scale', () => {
  it('counts 10,000 distinct visitors within 2% (HyperLogLog), deduplicates repeats, is safe to retry', async () => {
    const hllProgram = await newProgram();
    const counters = eventCounters.over(redis);
    const now = Date.now();
    const N = 10_000;
    const at = (i: number, visitor: string): CountableClick => ({
      ...countable(`clk_${String(i).padStart(26, '0')}`, now, visitor, hllProgram),
      code: `HLL${i % 7}`,
      trigger: i % 10 === 0 ? 'qr' : 'link',
    });
    // Batches as the queue consumer applies them (at most 100 messages of events each).
    for (let start = 0; start < N; start += 250) {
      await counters.apply(Array.from({ length: 250 }, (_, j) => at(start + j, `v${start + j}`)));
    }
    // The same visitor on the same code within the hour, and a retried batch: not counted again.
    const repeat = at(N + 1, 'v1');
    expect((await counters.apply([{ ...repeat, code: 'HLL1' }])).get(repeat.id)).toBe('duplicate');
    const again = at(N + 2, 'fresh-visitor');
    expect((await counters.apply([again])).get(again.id)).toBe('counted');
    expect((await counters.apply([again])).get(again.id)).toBe('counted');

    const res = await createApp().request(
      `/v1/programs/${hllProgram}/click-stats`,
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
