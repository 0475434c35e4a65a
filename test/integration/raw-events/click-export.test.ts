import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../worker/lib/ids.ts';
import { rawEventKeys } from '../../../worker/storage/raw-event-keys.ts';
import { redisKeys, type Tenant } from '../../../worker/storage/redis-keys.ts';
import { statsDay } from '../../../worker/storage/stats-buckets.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';
import type { RunningWorker } from '../../support/worker.ts';

// The click CSV read from R2 (rows as the consumer writes them: events/click/{merchant}/{mode}/{day}/{hh}/
// {batch}.ndjson) and from the Redis click log of days recorded before them. Objects are written here
// straight into Miniflare's local R2 with the documented layout; the consumer's own writing is tested
// with the consumer (test/integration/events).
const suite = workerSuite();
const HOUR = 3_600_000;
const DAY = 86_400_000;
const HEADER = 'id,at,program_id,advocate_id,code,trigger,counted,reason,country,device,referrer_host';

let merchant: TestMerchant;
let tenant: Tenant;
let bucket: Awaited<ReturnType<RunningWorker['mf']['getR2Bucket']>>;
let batchNo = 0;
let p1: string;

beforeAll(async () => {
  merchant = await createTestMerchant(suite.worker);
  tenant = { merchantId: merchant.id, mode: 'test' };
  bucket = await suite.worker.mf.getR2Bucket('RAW_EVENTS');
  p1 = (await apiClient(suite.worker, merchant.sk).post('/v1/programs', PROGRAM_INPUT)).body.id;
});

/** A click row as the consumer stores it: the ClickEvent, and its decision. */
function clickRow(at: number, click: Record<string, unknown> = {}, decision: Record<string, unknown> = {}) {
  const id = newId('click', at);
  return {
    v: 1,
    id,
    at,
    merchant_id: tenant.merchantId,
    mode: tenant.mode,
    type: 'click',
    window_days: 30,
    click: {
      code: 'ALICE',
      program_id: 'prog_X',
      advocate_id: 'adv_X',
      visitor: 'a'.repeat(32),
      trigger: 'link',
      landing_url: 'https://shop.example/welcome',
      country: 'DE',
      device: 'mobile',
      browser: 'chrome',
      referrer_host: 'chat.example',
      ...click,
    },
    counted: true,
    ...decision,
  };
}
type Row = ReturnType<typeof clickRow>;

/** One object of the hour of its first row, holding the given lines (rows or any text). */
async function putObject(lines: (Row | string)[], hourOf: number) {
  const text = lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n');
  await bucket.put(rawEventKeys.object('click', tenant, hourOf, `b${(batchNo++).toString().padStart(6, '0')}`), text);
}

/** The legacy Redis click log's rows (redisKeys.clickLog), in their documented format, appended to their day. */
async function seedLog(rows: Row[]) {
  for (const row of rows) {
    const c = row.click;
    const logged = {
      id: row.id,
      at: new Date(row.at).toISOString(),
      program_id: c.program_id,
      advocate_id: c.advocate_id,
      code: c.code,
      trigger: c.trigger,
      country: c.country,
      device: c.device,
      referrer_host: c.referrer_host,
      counted: row.counted,
      ...('reason' in row ? { reason: row.reason } : {}),
    };
    await suite.bridge.direct(['RPUSH', redisKeys.clickLog(tenant, statsDay(row.at)), JSON.stringify(logged)]);
  }
}

function records(text: string): Record<string, string>[] {
  const [header, ...lines] = text.split('\r\n');
  expect(header).toBe(HEADER);
  expect(lines.pop()).toBe('');
  // No cell in these rows is quoted: a plain split is the CSV.
  return lines.map((l) => Object.fromEntries(HEADER.split(',').map((h, i) => [h, l.split(',')[i]!])));
}

async function exportClicks(query: Record<string, string>) {
  const res = await suite.worker.fetch(`/v1/exports/clicks.csv?${new URLSearchParams(query)}`, {
    headers: { Authorization: `Bearer ${merchant.sk}` },
  });
  expect(res.status).toBe(200);
  return res;
}
const codes = async (query: Record<string, string>) =>
  records(await (await exportClicks(query)).text()).map((r) => r.code);

describe('GET /v1/exports/clicks.csv from the raw click rows in R2', () => {
  it('exports each click once, oldest first, counted or not, skipping rows it cannot read', async () => {
    const day = Date.parse('2025-08-10T00:00:00Z');
    const a = clickRow(day + 10 * HOUR + 5000, { code: 'A', program_id: p1 });
    const b = clickRow(day + 10 * HOUR + 1000, { code: 'B', trigger: 'qr' });
    const c = clickRow(day + 10 * HOUR + 3000, { code: 'C', country: null }, { counted: false, reason: 'duplicate' });
    const d = clickRow(day + 11 * HOUR, { code: 'D', program_id: p1 });
    const before = clickRow(day - 1, { code: 'BEFORE' });
    const after = clickRow(day + DAY, { code: 'AFTER' });
    const broken = { ...clickRow(day + 10 * HOUR + 4000, { code: 'BROKEN' }), at: 'yesterday' };
    const otherTenant = { ...clickRow(day + 10 * HOUR + 4500, { code: 'OTHER' }), merchant_id: 'mer_other' };
    // Two batches of the hour interleave in time; the queue regrouped a retried batch, so B is in both.
    await putObject([a, b, '{not json', broken as unknown as Row], a.at);
    await putObject([c, b, otherTenant as unknown as Row, ''], c.at);
    await putObject([d], d.at);
    await putObject([before], before.at);
    await putObject([after], after.at);

    const text = await (await exportClicks({ from: '2025-08-10', to: '2025-08-10' })).text();
    const rows = records(text);
    expect(rows.map((r) => r.code)).toEqual(['B', 'C', 'A', 'D']);
    expect(rows[0]).toEqual({
      id: b.id,
      at: new Date(b.at).toISOString(),
      program_id: 'prog_X',
      advocate_id: 'adv_X',
      code: 'B',
      trigger: 'qr',
      counted: 'true',
      reason: '',
      country: 'DE',
      device: 'mobile',
      referrer_host: 'chat.example',
    });
    expect(rows[1]).toMatchObject({ id: c.id, counted: 'false', reason: 'duplicate', country: '' });
    // No visitor hash, landing page or browser leaves in the export.
    expect(text).not.toContain('a'.repeat(32));
    expect(text).not.toContain('shop.example');

    expect(await codes({ from: '2025-08-10', to: '2025-08-10', program_id: p1 })).toEqual(['A', 'D']);
    expect(await codes({ from: '2025-08-10T10:00:02Z', to: '2025-08-10T10:00:04Z' })).toEqual(['C']);
    expect(await codes({ from: '2025-08-09', to: '2025-08-11' })).toEqual(['BEFORE', 'B', 'C', 'A', 'D', 'AFTER']);
    expect(await codes({ from: '2025-08-10T11:00:00Z', to: '2025-08-12' })).toEqual(['D', 'AFTER']);
  });

  it('reads a day of the Redis click log alone, and a day holding both sources, each click once', async () => {
    const legacyDay = Date.parse('2025-09-01T00:00:00Z');
    const old = [clickRow(legacyDay + HOUR, { code: 'OLD1' }), clickRow(legacyDay + 2 * HOUR, { code: 'OLD2' })];
    await seedLog(old);
    expect(await codes({ from: '2025-09-01', to: '2025-09-01' })).toEqual(['OLD1', 'OLD2']);

    // The day of the change: the log until noon, R2 from then on, one click recorded in both.
    const both = Date.parse('2025-09-02T00:00:00Z');
    const logged = [
      clickRow(both + 11 * HOUR, { code: 'LOG1' }),
      clickRow(both + 12 * HOUR + 60_000, { code: 'LOG2' }, { counted: false, reason: 'duplicate' }),
    ];
    const twice = clickRow(both + 12 * HOUR + 30_000, { code: 'TWICE' });
    const raw = [clickRow(both + 12 * HOUR + 90_000, { code: 'RAW1' }), clickRow(both + 13 * HOUR, { code: 'RAW2' })];
    await seedLog([...logged, twice]);
    await putObject([raw[0]!, twice], raw[0]!.at);
    await putObject([raw[1]!], raw[1]!.at);
    const rows = records(await (await exportClicks({ from: '2025-09-01', to: '2025-09-02' })).text());
    expect(rows.map((r) => r.code)).toEqual(['OLD1', 'OLD2', 'LOG1', 'TWICE', 'LOG2', 'RAW1', 'RAW2']);
    expect(rows.find((r) => r.code === 'LOG2')).toMatchObject({ counted: 'false', reason: 'duplicate' });
  });

  it('streams a big export in pages: 1,050 objects (two list pages), 2,100 rows over three days', async () => {
    const start = Date.parse('2025-10-01T00:00:00Z');
    const made: Row[][] = Array.from({ length: 1050 }, (_, i) => {
      const at = start + Math.floor((i * 3 * DAY) / 1050);
      return [clickRow(at + 1, { code: `C${i}x` }), clickRow(at, { code: `C${i}` })];
    });
    // Writing 1,050 objects to the local R2 takes about 10 s alone on an idle 2-core machine (hence the timeout).
    for (let i = 0; i < made.length; i += 50)
      await Promise.all(made.slice(i, i + 50).map((rows) => putObject(rows, rows[0]!.at)));
    const res = await exportClicks({ from: '2025-10-01', to: '2025-10-03' });
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const chunks: string[] = [];
    for (let r = await reader.read(); !r.done; r = await reader.read()) chunks.push(decoder.decode(r.value));
    expect(chunks[0]).toBe(`${HEADER}\r\n`);
    expect(chunks.length).toBeGreaterThan(3);
    const got = records(chunks.join('')).map((r) => r.code);
    expect(got).toEqual(made.flatMap((rows) => [rows[1]!.click.code, rows[0]!.click.code]));
  }, 120_000);
});
