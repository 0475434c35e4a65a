import { describe, expect, it } from 'vitest';
import type { RawEventType } from '../../../worker/storage/raw-event-keys.ts';
import { type RawEventBucket, type RawEventRow, rawEventRows } from '../../../worker/storage/raw-event-reads.ts';
import type { Tenant } from '../../../worker/storage/redis-keys.ts';
import { BROWSER_UA } from '../../support/clicks.ts';
import { workerSuite } from '../../support/suite.ts';
import { widgetShop } from '../../support/widget-shop.ts';

// Widget events and conversions leave as raw events after the response (send-events.ts), through the real
// local queue and its consumer (worker/events/consume-events.ts), into Miniflare's local R2; read back here
// by the exports' reader. Needs the consumer: the placeholder one leaves every message in the queue.
const suite = workerSuite();
const ORIGIN = 'https://shop.example';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';

/** Today's (and the last hour's) rows of a type, as the exports read them. */
async function rowsOf<K extends RawEventType>(type: K, t: Tenant): Promise<RawEventRow<K>[]> {
  const bucket: RawEventBucket = await suite.worker.mf.getR2Bucket('RAW_EVENTS');
  const rows: RawEventRow<K>[] = [];
  const period = { startMs: Date.now() - 3_600_000, endMs: Date.now() + 1 };
  for await (const page of rawEventRows(bucket, type, t, period)) rows.push(...page);
  return rows;
}

/** Polls until `count` rows of the type are in R2 (the consumer's batch wait in tests: 50 ms), then reads again. */
async function arrived<K extends RawEventType>(type: K, t: Tenant, count: number): Promise<RawEventRow<K>[]> {
  const deadline = Date.now() + 15_000;
  while ((await rowsOf(type, t)).length < count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  // A little longer: a row sent twice, or more than expected, would show now.
  await new Promise((r) => setTimeout(r, 500));
  return rowsOf(type, t);
}

describe('raw events produced by the API', () => {
  it('POST /v1/public/events: one widget row per event, a filtered beacon’s with its reason', async () => {
    const s = await widgetShop(suite.worker, { merchant: { allowed_origins: [ORIGIN] } });
    const tenant: Tenant = { merchantId: s.m.id, mode: 'test' };
    const send = async (ua: string, events: Record<string, unknown>[]) => {
      const res = await suite.worker.fetch(`/v1/public/events?key=${s.m.pk}`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain;charset=UTF-8', Origin: ORIGIN, 'User-Agent': ua },
        body: JSON.stringify({ events }),
      });
      expect(res.status).toBe(202);
    };
    const before = Date.now();
    await send(BROWSER_UA, [
      { type: 'impression', program_id: s.programId },
      { type: 'share', program_id: s.programId, channel: 'whatsapp' },
      // Not a program id: counted nowhere, and no row.
      { type: 'open', program_id: 'nope' },
    ]);
    await send(GOOGLEBOT, [{ type: 'open', program_id: s.programId }]);

    const rows = await arrived('widget', tenant, 3);
    expect(rows).toHaveLength(3);
    const by = (event: string) => rows.find((r) => r.event === event)!;
    expect(by('impression')).toMatchObject({ program_id: s.programId, channel: null, filtered_reason: null });
    expect(by('share')).toMatchObject({ channel: 'whatsapp', filtered_reason: null });
    expect(by('open')).toMatchObject({ program_id: s.programId, filtered_reason: 'bot' });
    for (const r of rows) {
      expect(r.id).toMatch(/^evt_/);
      expect(r.at).toBeGreaterThanOrEqual(before);
    }
    expect(new Set(rows.map((r) => r.id)).size).toBe(3);
  });

  it('POST /v1/conversions: a row per conversion (attributed, retried, unattributed), none elsewhere', async () => {
    const s = await widgetShop(suite.worker);
    const tenant: Tenant = { merchantId: s.m.id, mode: 'test' };
    const enrolled = await s.api.post(`/v1/programs/${s.programId}/advocates`, { external_id: 'adv-raw-1' });
    const code = enrolled.body.code as string;
    const sale = {
      type: 'sale',
      order_id: 'ord-raw-1',
      customer: { external_id: 'c-1' },
      amount: 4200,
      currency: 'EUR',
    };
    const created = await s.api.post('/v1/conversions', { ...sale, code });
    expect(created.status).toBe(201);
    // The same order again: the same conversion, and its row once.
    expect((await s.api.post('/v1/conversions', { ...sale, code })).status).toBe(200);
    const lost = await s.api.post('/v1/conversions', { ...sale, order_id: 'ord-raw-2', code: 'NOSUCHCODE' });
    expect(lost.body).toMatchObject({ attributed: false, reason: { code: 'code_not_found' } });

    const rows = await arrived('conversion', tenant, 2);
    expect(rows).toHaveLength(2);
    expect(rows.find((r) => r.id === created.body.id)).toEqual({
      v: 1,
      id: created.body.id,
      at: Date.parse(created.body.created_at),
      merchant_id: s.m.id,
      mode: 'test',
      type: 'conversion',
      conversion_type: 'sale',
      status: created.body.status,
      program_id: s.programId,
      advocate_id: enrolled.body.advocate.id,
      click_id: null,
      code,
      amount: 4200,
      currency: 'EUR',
      unattributed_reason: null,
    });
    expect(rows.find((r) => r.id !== created.body.id)).toMatchObject({
      status: 'unattributed',
      unattributed_reason: 'code_not_found',
      code: 'NOSUCHCODE',
      program_id: null,
      amount: 4200,
    });
    const other = await widgetShop(suite.worker);
    expect(await rowsOf('conversion', { merchantId: other.m.id, mode: 'test' })).toEqual([]);
  });
});
