import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INCOMPLETE_MARKER } from '../../../worker/analytics/csv-stream.ts';
import { newId } from '../../../worker/lib/ids.ts';
import { redisKeys, type Tenant } from '../../../worker/storage/redis-keys.ts';
import { statsDay } from '../../../worker/storage/stats-buckets.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { settle, visitor } from '../../support/clicks.ts';
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy.ts';
import { workerSuite } from '../../support/suite.ts';
import { type RunningWorker, startWorker } from '../../support/worker.ts';

// A database of its own: the command counts below must see this file's requests only.
const suite = workerSuite({ db: 6 });

let merchant: TestMerchant;
let tenant: Tenant;
let api: ReturnType<typeof apiClient>;
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

/** RFC 4180 as a spreadsheet reads it: quoted fields may hold commas, quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  expect(cell === '' && row.length === 0, 'the file ends with CRLF').toBe(true);
  return rows;
}

/** Rows as objects by the header row. */
function records(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

const exportOf = (
  kind: string,
  query: Record<string, string>,
  key = merchant.sk,
  worker: RunningWorker = suite.worker,
) =>
  worker.fetch(`/v1/exports/${kind}.csv?${new URLSearchParams(query)}`, {
    headers: { Authorization: `Bearer ${key}` },
  });

async function csvOf(kind: string, query: Record<string, string>): Promise<Record<string, string>[]> {
  const res = await exportOf(kind, query);
  expect(res.status, await res.clone().text()).toBe(200);
  return records(await res.text());
}

async function program(input: Record<string, unknown> = {}) {
  return (await api.post('/v1/programs', { ...PROGRAM_INPUT, ...input })).body as { id: string };
}

async function advocateIn(programId: string) {
  const e = (await api.post(`/v1/programs/${programId}/advocates`, { external_id: `adv-${uid()}` })).body;
  return { code: e.code as string, advocateId: e.advocate.id as string };
}

const sale = async (body: Record<string, unknown>) => {
  const res = await api.post('/v1/conversions', {
    type: 'sale',
    order_id: `ord-${uid()}`,
    customer: { external_id: `cust-${uid()}` },
    amount: 10_000,
    currency: 'USD',
    ...body,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const today = () => new Date().toISOString().slice(0, 10);
const yesterday = () => new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
/** Every record created during this run, whatever the clock did meanwhile. */
const recent = () => ({ from: yesterday(), to: today() });

/** Copies of a stored record (a conversion or reward) minted at the given times, written straight to Redis. */
async function cloneAt(
  kind: 'conversion' | 'reward',
  sourceId: string,
  times: number[],
  patch: Record<string, unknown> = {},
): Promise<string[]> {
  const recordKey = (id: string) =>
    kind === 'conversion' ? redisKeys.conversion(tenant, id) : redisKeys.reward(tenant, id);
  const source = JSON.parse(String(await suite.bridge.direct(['GET', recordKey(sourceId)])));
  const ids = times.map((ms) => newId(kind, ms));
  const sets = ids.flatMap((id, i) => [
    recordKey(id),
    JSON.stringify({ ...source, ...patch, id, created_at: new Date(times[i]!).toISOString() }),
  ]);
  await suite.bridge.direct(['MSET', ...sets]);
  await suite.bridge.direct([
    'ZADD',
    kind === 'conversion' ? redisKeys.conversions(tenant, 'all') : redisKeys.rewards(tenant, 'all'),
    ...ids.flatMap((id) => ['0', id]),
  ]);
  return ids;
}

/** Click log rows in the documented format (redisKeys.clickLog), appended to their UTC day. */
function clickRow(at: number, fields: Record<string, unknown> = {}) {
  return {
    id: newId('click', at),
    at: new Date(at).toISOString(),
    program_id: 'prog_X',
    advocate_id: 'adv_X',
    code: 'ALICE',
    trigger: 'link',
    country: 'DE',
    device: 'mobile',
    referrer_host: 'chat.example',
    counted: true,
    ...fields,
  };
}

async function seedClicks(rows: ReturnType<typeof clickRow>[]) {
  const byDay = new Map<string, string[]>();
  for (const row of rows)
    byDay.set(statsDay(Date.parse(row.at)), [...(byDay.get(statsDay(Date.parse(row.at))) ?? []), JSON.stringify(row)]);
  for (const [day, values] of byDay) await suite.bridge.direct(['RPUSH', redisKeys.clickLog(tenant, day), ...values]);
}

/** Reads a body chunk by chunk, as a browser saving a download does. */
async function readChunks(res: Response): Promise<string[]> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(decoder.decode(value, { stream: true }));
  }
}

let p1: string;
let p2: string;
let other: TestMerchant;
let otherProgram: string;

beforeAll(async () => {
  merchant = await createTestMerchant(suite.worker);
  tenant = { merchantId: merchant.id, mode: 'test' };
  api = apiClient(suite.worker, merchant.sk);
  p1 = (await program({ name: 'Coffee friends' })).id;
  p2 = (await program({ name: 'Tea friends' })).id;
  other = await createTestMerchant(suite.worker, { name: 'Other shop' });
  otherProgram = (await apiClient(suite.worker, other.sk).post('/v1/programs', PROGRAM_INPUT)).body.id;
});

describe('GET /v1/exports/conversions.csv and rewards.csv', () => {
  it(`exports conversions and rewards created through the API, with a header row and the download \
headers`, async () => {
    const a = await advocateIn(p1);
    const b = await advocateIn(p2);
    const first = await sale({ code: a.code, amount: 12_345 });
    const second = await sale({ code: b.code });

    const res = await exportOf('conversions', { from: yesterday(), to: today() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="vouch-conversions-${yesterday()}-${today()}.csv"`,
    );
    expect(res.headers.get('cache-control')).toBe('no-store');
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe(
      'id,created_at,occurred_at,livemode,type,status,program_id,advocate_id,referral_id,code,click_id,order_id,' +
        'customer_external_id,amount,currency,refunded_amount,attribution_source,attribution_model,' +
        'attribution_reason,risk_score,risk_decision,risk_signals,reward_ids,reward_note,subscription_id,renewal',
    );
    const rows = records(text);
    const row = rows.find((r) => r.id === first.id)!;
    expect(row).toMatchObject({
      created_at: first.created_at,
      type: 'sale',
      status: 'approved',
      program_id: p1,
      advocate_id: a.advocateId,
      code: a.code,
      order_id: first.order_id,
      customer_external_id: first.customer_external_id,
      amount: '12345',
      currency: 'USD',
      refunded_amount: '0',
      attribution_source: 'code',
      risk_decision: 'approve',
      reward_ids: first.rewards.map((r: { id: string }) => r.id).join(';'),
    });
    expect(rows.map((r) => r.id)).toContain(second.id);
    // Oldest first: ids are minted in creation order.
    expect(rows.findIndex((r) => r.id === first.id)).toBeLessThan(rows.findIndex((r) => r.id === second.id));

    const rewards = await csvOf('rewards', { ...recent(), program_id: p1 });
    expect(rewards.map((r) => r.id).sort()).toEqual(first.rewards.map((r: { id: string }) => r.id).sort());
    const advocateReward = first.rewards.find((r: { recipient: string }) => r.recipient === 'advocate');
    expect(rewards.find((r) => r.id === advocateReward.id)).toMatchObject({
      recipient: 'advocate',
      kind: 'reward',
      status: advocateReward.status,
      program_id: p1,
      advocate_id: a.advocateId,
      conversion_id: first.id,
      type: 'fixed_amount',
      amount: '1000',
      unit: 'USD',
      created_at: advocateReward.created_at,
    });
    const rewardsRes = await exportOf('rewards', { from: '2025-01-01', to: '2025-01-31T12:00:00Z' });
    expect(rewardsRes.headers.get('content-disposition')).toBe(
      'attachment; filename="vouch-rewards-2025-01-01-2025-01-31T120000Z.csv"',
    );
  });

  it('filters by program', async () => {
    const a = await advocateIn(p1);
    const b = await advocateIn(p2);
    const inP1 = await sale({ code: a.code });
    const inP2 = await sale({ code: b.code });
    const onlyP2 = await csvOf('conversions', { ...recent(), program_id: p2 });
    expect(onlyP2.map((r) => r.id)).toContain(inP2.id);
    expect(onlyP2.map((r) => r.id)).not.toContain(inP1.id);
    expect(new Set(onlyP2.map((r) => r.program_id))).toEqual(new Set([p2]));
    const rewardsP2 = await csvOf('rewards', { ...recent(), program_id: p2 });
    expect(new Set(rewardsP2.map((r) => r.program_id))).toEqual(new Set([p2]));
    expect(rewardsP2.map((r) => r.conversion_id)).toContain(inP2.id);
  });

  it('keeps to the period: date-times to the millisecond, dates to whole UTC days', async () => {
    const p = (await program()).id;
    const a = await advocateIn(p);
    const made = [];
    for (let i = 0; i < 3; i++) {
      made.push(await sale({ code: a.code }));
      await sleep(5);
    }
    const [c1, c2, c3] = made;
    const ids = async (kind: string, from: string, to: string) =>
      (await csvOf(kind, { from, to, program_id: p })).map((r) => r.id);
    expect(await ids('conversions', c2.created_at, c2.created_at)).toEqual([c2.id]);
    expect(await ids('conversions', c1.created_at, c2.created_at)).toEqual([c1.id, c2.id]);
    expect(await ids('conversions', c3.created_at, new Date(Date.parse(c3.created_at) + 1).toISOString())).toEqual([
      c3.id,
    ]);
    expect(await ids('rewards', c2.created_at, c2.created_at)).toEqual(
      expect.arrayContaining(c2.rewards.map((r: { id: string }) => r.id)),
    );
    expect(await ids('rewards', c2.created_at, c2.created_at)).toHaveLength(c2.rewards.length);

    // Records a millisecond either side of a day's edges.
    const day = Date.parse('2025-03-10T00:00:00Z');
    const edges = [day - 1, day, day + 86_400_000 - 1, day + 86_400_000];
    const convs = await cloneAt('conversion', c1.id, edges, { program_id: p });
    const rwds = await cloneAt('reward', c1.rewards[0].id, edges, { program_id: p });
    expect(await ids('conversions', '2025-03-10', '2025-03-10')).toEqual([convs[1], convs[2]]);
    expect(await ids('rewards', '2025-03-10', '2025-03-10')).toEqual([rwds[1], rwds[2]]);
    expect(await ids('conversions', '2025-03-09', '2025-03-11')).toEqual(convs);
    expect(await ids('conversions', '2025-03-10T00:00:00.001Z', '2025-03-10T23:59:59.998Z')).toEqual([]);
  });

  it('escapes commas, quotes and line breaks, and defuses spreadsheet formulas', async () => {
    const a = await advocateIn(p1);
    const orderId = `=HYPERLINK("http://evil.example","click, me")\nline 2 ${uid()}`;
    const customer = `+cust,"${uid()}"`;
    const made = await sale({ code: a.code, order_id: orderId, customer: { external_id: customer } });
    const text = await (await exportOf('conversions', { ...recent(), program_id: p1 })).text();
    expect(text).toContain(`"'${orderId.replace(/"/g, '""')}"`);
    const row = records(text).find((r) => r.id === made.id)!;
    expect(row.order_id).toBe(`'${orderId}`);
    expect(row.customer_external_id).toBe(`'${customer}`);
  });

  it('pages through Redis: 1,200 conversions arrive in three pages, one round trip each after the first', async () => {
    const p = (await program()).id;
    const a = await advocateIn(p);
    const source = await sale({ code: a.code });
    const start = Date.parse('2025-04-01T00:00:00Z');
    const ids = await cloneAt(
      'conversion',
      source.id,
      Array.from({ length: 1200 }, (_, i) => start + i * 1000),
      { program_id: p },
    );
    suite.bridge.server.resetStats();
    const res = await exportOf('conversions', { from: '2025-04-01', to: '2025-04-01', program_id: p });
    const rows = records((await readChunks(res)).join(''));
    expect(rows.map((r) => r.id)).toEqual(ids);
    const stats = suite.bridge.server.stats();
    expect(stats.by_command.ZRANGE).toBe(3);
    expect(stats.by_command.MGET).toBe(3);
    // Auth and the program check, then 1 + 3 pages (each page's MGET rides with the next ZRANGE).
    expect(stats.by_path['/pipeline']).toBe(3);
  });
});

describe('GET /v1/exports/clicks.csv', () => {
  it('exports the click log of the period, filtered by program, escaped', async () => {
    const day = Date.parse('2025-05-20T00:00:00Z');
    const rows = [
      clickRow(day - 1, { code: 'BEFORE' }),
      clickRow(day, { program_id: p1, code: 'FIRST' }),
      clickRow(day + 3_600_000, {
        program_id: p2,
        code: 'TEA',
        counted: false,
        reason: 'duplicate',
        country: null,
        device: null,
        referrer_host: '=cmd|"/C calc"!A0,x',
      }),
      clickRow(day + 86_400_000 - 1, { program_id: p1, code: 'LAST', trigger: 'qr' }),
      clickRow(day + 86_400_000, { code: 'AFTER' }),
    ];
    await seedClicks(rows);
    const res = await exportOf('clicks', { from: '2025-05-20', to: '2025-05-20' });
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="vouch-clicks-2025-05-20-2025-05-20.csv"',
    );
    const text = await res.text();
    expect(text.split('\r\n')[0]).toBe(
      'id,at,program_id,advocate_id,code,trigger,counted,reason,country,device,referrer_host',
    );
    const all = records(text);
    expect(all.map((r) => r.code)).toEqual(['FIRST', 'TEA', 'LAST']);
    expect(all[1]).toEqual({
      id: rows[2]!.id,
      at: rows[2]!.at,
      program_id: p2,
      advocate_id: 'adv_X',
      code: 'TEA',
      trigger: 'link',
      counted: 'false',
      reason: 'duplicate',
      country: '',
      device: '',
      referrer_host: `'=cmd|"/C calc"!A0,x`,
    });
    expect(
      (await csvOf('clicks', { from: '2025-05-20', to: '2025-05-20', program_id: p1 })).map((r) => r.code),
    ).toEqual(['FIRST', 'LAST']);
    expect(
      (await csvOf('clicks', { from: '2025-05-20T00:30:00Z', to: '2025-05-20T01:00:00Z' })).map((r) => r.code),
    ).toEqual(['TEA']);
    expect((await csvOf('clicks', { from: '2025-05-19', to: '2025-05-21' })).map((r) => r.code)).toEqual([
      'BEFORE',
      'FIRST',
      'TEA',
      'LAST',
      'AFTER',
    ]);
  });

  it('streams a 2,000-row export in pages: the header first, then 500 rows per round trip', async () => {
    const day = Date.parse('2025-06-01T00:00:00Z');
    const rows = Array.from({ length: 2000 }, (_, i) =>
      clickRow(day + i * 10_000 + (i >= 1250 ? 86_400_000 : 0), { code: `C${i}` }),
    );
    await seedClicks(rows);
    suite.bridge.server.resetStats();
    const res = await exportOf('clicks', { from: '2025-06-01', to: '2025-06-02' });
    const chunks = await readChunks(res);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[0]).toBe('id,at,program_id,advocate_id,code,trigger,counted,reason,country,device,referrer_host\r\n');
    const got = records(chunks.join(''));
    expect(got).toHaveLength(2000);
    expect(got.map((r) => r.code)).toEqual(rows.map((r) => r.code));
    const stats = suite.bridge.server.stats();
    // One round trip for both days' lengths, then four of 500 rows (the third spans the two days: two slices).
    expect(stats.by_command.LLEN).toBe(2);
    expect(stats.by_command.LRANGE).toBe(5);
    expect(stats.by_path['/pipeline']).toBe(5);
  });

  it('reads a year of empty days in one round trip', async () => {
    suite.bridge.server.resetStats();
    expect(await csvOf('clicks', { from: '2020-01-01', to: '2020-12-31' })).toEqual([]);
    expect(suite.bridge.server.stats().by_command.LLEN).toBe(366);
    expect(suite.bridge.server.stats().by_path['/pipeline']).toBe(1);
  });

  it('lists a click made through the real redirect /r/{code}: queue, consumer, R2 row with its decision', async () => {
    const a = await advocateIn(p1);
    const who = visitor('10.66.0.1');
    const res = await suite.worker.fetch(`/r/${a.code}`, { headers: who.headers(), redirect: 'manual' });
    expect(res.status).toBe(302);
    const clickId = new URL(res.headers.get('location')!).searchParams.get('vouch_click');
    await settle(suite.bridge);
    // The same person again without the cookie, within the hour: logged, not counted.
    const again = await suite.worker.fetch(`/r/${a.code}`, { headers: who.headers(), redirect: 'manual' });
    const againId = new URL(again.headers.get('location')!).searchParams.get('vouch_click');
    await settle(suite.bridge);
    // The consumer writes the rows to R2 right after counting them: wait for the object if it is not there yet.
    const ours = async () => (await csvOf('clicks', { ...recent(), program_id: p1 })).filter((r) => r.code === a.code);
    let rows = await ours();
    for (const deadline = Date.now() + 5000; rows.length < 2 && Date.now() < deadline; rows = await ours())
      await sleep(100);
    expect(rows).toEqual([
      expect.objectContaining({ id: clickId, advocate_id: a.advocateId, trigger: 'link', counted: 'true', reason: '' }),
      expect.objectContaining({ id: againId, counted: 'false', reason: 'duplicate' }),
    ]);
  });
});

describe('a storage failure mid-way', () => {
  let proxy: FaultProxy;
  let flaky: RunningWorker;

  beforeAll(async () => {
    proxy = await startFaultProxy(suite.bridge);
    flaky = await startWorker({ bridge: suite.bridge, bindings: { UPSTASH_REDIS_REST_URL: proxy.url } });
  });
  afterAll(async () => {
    await flaky?.dispose();
    await proxy?.close();
  });

  it('ends the download as a failure, never a complete-looking file or a hang', async () => {
    const day = Date.parse('2025-07-01T00:00:00Z');
    await seedClicks(Array.from({ length: 1500 }, (_, i) => clickRow(day + i * 1000)));
    // The second page's read fails (the client does not retry an HTTP error answer).
    proxy.arm((body) => /"lrange","[^"]+","?500"?,/i.test(body), { fail_requests: 3 });
    const res = await exportOf('clicks', { from: '2025-07-01', to: '2025-07-01' }, merchant.sk, flaky);
    expect(res.status).toBe(200);
    const started = Date.now();
    const outcome = await readChunks(res).then(
      (chunks) => chunks.join(''),
      (err: unknown) => err,
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    suite.bridge.server.setFaults({});
    if (outcome instanceof Error) return; // a runtime that aborts errored bodies: the download itself fails
    // workerd ends an errored body like a complete one (cloudflare/workerd#6818): the file says so itself.
    const text = outcome as string;
    expect(text.endsWith(INCOMPLETE_MARKER)).toBe(true);
    expect(text.split('\r\n')).toHaveLength(1 + 500 + 2);
  });
});

describe('refused queries', () => {
  it('answers 400 for bad periods and unknown parameters, 404 for programs that are not yours', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ to: '2025-01-01' }, 'from'],
      [{ from: '2025-01-01' }, 'to'],
      [{ from: 'yesterday', to: '2025-01-01' }, 'from'],
      [{ from: '2025-01-01', to: '2025-13-45' }, 'to'],
      [{ from: '2025-02-01', to: '2025-01-31' }, 'to'],
      [{ from: '2025-01-01T12:00:00Z', to: '2025-01-01T11:59:59Z' }, 'to'],
      [{ from: '2024-01-01', to: '2025-01-01' }, 'to'],
      [{ from: '2025-01-01', to: '2025-01-02', program_id: 'nope' }, 'program_id'],
      [{ from: '2025-01-01', to: '2025-01-02', limit: '5' }, ''],
    ];
    for (const kind of ['clicks', 'conversions', 'rewards']) {
      for (const [query, param] of cases) {
        const res = await exportOf(kind, query);
        const body = await res.json();
        expect(res.status, `${kind} ${JSON.stringify(query)}`).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/application\/json/);
        if (param) expect(body.error.param, JSON.stringify(query)).toBe(param);
        expect(body.error.message.length).toBeGreaterThan(5);
      }
      // A leap year is 366 days: allowed.
      expect((await exportOf(kind, { from: '2024-01-01', to: '2024-12-31' })).status).toBe(200);
      for (const program_id of [otherProgram, newId('program')]) {
        const res = await exportOf(kind, { from: '2025-01-01', to: '2025-01-02', program_id });
        expect(res.status).toBe(404);
        expect((await res.json()).error.code).toBe('resource_missing');
      }
      expect((await exportOf(kind, recent(), other.sk)).status).toBe(200);
      expect((await exportOf(kind, recent(), merchant.pk)).status).toBe(403);
      expect((await suite.worker.fetch(`/v1/exports/${kind}.csv?from=2025-01-01&to=2025-01-01`)).status).toBe(401);
    }
  });

  it('never shows one merchant another merchant\u2019s records', async () => {
    const rows = await csvOf('conversions', recent());
    expect(rows.length).toBeGreaterThan(0);
    const theirs = await exportOf('conversions', recent(), other.sk);
    expect(records(await theirs.text())).toEqual([]);
  });
});
