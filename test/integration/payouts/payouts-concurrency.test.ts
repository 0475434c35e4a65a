import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT } from '../../support/api.ts';
import { type FaultProxy, startFaultProxy } from '../../support/fault-proxy.ts';
import { workerSuite } from '../../support/suite.ts';
import { type RunningWorker, startWorker } from '../../support/worker.ts';

const suite = workerSuite();
let n = 0;
const uid = () => `${Date.now().toString(36)}${(n++).toString(36)}`.toUpperCase();

type Api = ReturnType<typeof apiClient>;

async function program(api: Api): Promise<string> {
  const payouts = { minimum_amount: 0, hold_days: 0, schedule: 'manual' };
  return (await api.post('/v1/programs', { ...PROGRAM_INPUT, hold_days: 0, payouts })).body.id;
}

/** `advocates` advocates paid by hand, each with `sales` approved rewards of `value`. */
async function advocatesWithRewards(api: Api, prog: string, advocates: number, sales: number) {
  const rewards: { id: string; amount: number; advocate_id: string }[] = [];
  await Promise.all(
    Array.from({ length: advocates }, async () => {
      const e = (await api.post(`/v1/programs/${prog}/advocates`, { external_id: `cus-${uid()}` })).body;
      await api.call('PUT', `/v1/advocates/${e.advocate.id}/payout_details`, { method: 'manual' });
      for (let i = 0; i < sales; i++) rewards.push(await sale(api, e.code, 5000 + rewards.length));
    }),
  );
  return rewards;
}

async function sale(api: Api, code: string, amount: number) {
  const body = {
    type: 'sale',
    order_id: `ord-${uid()}`,
    customer: { external_id: `f-${uid()}` },
    amount,
    currency: 'USD',
  };
  const conversion = (await api.post('/v1/conversions', { ...body, code })).body;
  return conversion.rewards.find((r: { recipient: string }) => r.recipient === 'advocate');
}

/** Runs again (as a merchant retrying) until a run answers 200 and gathers nothing more. */
async function gatherUntilNothingLeft(api: Api, prog: string) {
  for (let tries = 0; tries < 90; tries++) {
    const r = await api.post('/v1/payouts', { program_id: prog });
    if (r.status === 200 && r.body.created.length === 0) return;
    if (r.status !== 200) await new Promise((done) => setTimeout(done, 1000));
  }
  throw new Error('payout runs kept gathering or kept being refused for 90 tries');
}

/** Every approved advocate reward of the merchant (held by a fraud check: not payable), all pages. */
async function advocateRewards(api: Api): Promise<{ id: string; amount: number; advocate_id: string }[]> {
  const out: { id: string; amount: number; advocate_id: string; recipient: string; status: string }[] = [];
  let after = '';
  for (;;) {
    const page = (await api.get(`/v1/rewards?limit=100${after ? `&starting_after=${after}` : ''}`)).body;
    out.push(...page.data);
    if (!page.has_more) return out.filter((r) => r.recipient === 'advocate' && r.status === 'approved');
    after = page.next_cursor;
  }
}

/** Every payout of the program's advocates, all pages. */
async function allPayouts(api: Api): Promise<any[]> {
  const out: any[] = [];
  let after = '';
  for (;;) {
    const page = (await api.get(`/v1/payouts?limit=100${after ? `&starting_after=${after}` : ''}`)).body;
    out.push(...page.data);
    if (!page.has_more) return out;
    after = page.next_cursor;
  }
}

describe('payouts under concurrency and faults', () => {
  it('1,000 concurrent runs (keyed retries and unkeyed) never put a reward in two payouts; sums exact', async () => {
    const api = apiClient(suite.worker, (await createTestMerchant(suite.worker)).sk);
    const prog = await program(api);
    const rewards = await advocatesWithRewards(api, prog, 25, 2);
    // More rewards while the runs go (sales of advocates enrolled before): gathered by them or by the
    // last run, never twice. A sale that times out in the storm is simply not counted.
    const codes = await Promise.all(
      Array.from({ length: 5 }, async () => {
        const e = (await api.post(`/v1/programs/${prog}/advocates`, { external_id: `cus-${uid()}` })).body;
        await api.call('PUT', `/v1/advocates/${e.advocate.id}/payout_details`, { method: 'manual' });
        return e.code as string;
      }),
    );
    const calls = Array.from({ length: 1000 }, (_, i) =>
      i % 2 === 0
        ? api.post('/v1/payouts', { program_id: prog }, { 'Idempotency-Key': `run-${prog}-${i % 50}` })
        : api.post('/v1/payouts', { program_id: prog }),
    );
    const late = Promise.all(codes.map((code, i) => sale(api, code, 7000 + i).catch(() => undefined)));
    const answers = await Promise.all(calls);
    await late;
    // One run at a time per account: the others are told so (409 payout_run_in_progress), as is a keyed
    // call racing its own first attempt. On a loaded machine some calls time out reaching Redis and
    // answer 503 (retry later), which the invariants below must survive as well: the merchant's retries
    // then gather what is left, once the lock of a run cut short has lapsed.
    const statuses = new Map<number, number>();
    for (const r of answers) statuses.set(r.status, (statuses.get(r.status) ?? 0) + 1);
    expect(Object.fromEntries(statuses), JSON.stringify(answers.find((r) => r.status !== 200)?.body)).toEqual(
      expect.objectContaining({ 200: expect.any(Number) }),
    );
    expect(answers.every((r) => [200, 409, 503].includes(r.status))).toBe(true);
    const busy = answers.find((r) => r.status === 409 && r.body.error.code === 'payout_run_in_progress');
    expect(busy).toBeDefined();
    await gatherUntilNothingLeft(api, prog);
    // Every reward the sales made (a late sale that timed out for its caller may still have been
    // recorded), as the API lists them: the merchant is this test's alone.
    rewards.length = 0;
    rewards.push(...(await advocateRewards(api)));

    const payouts = await allPayouts(api);
    const seen = new Map<string, string>();
    for (const p of payouts) {
      for (const id of p.reward_ids) {
        expect(seen.has(id), `reward ${id} in ${seen.get(id)} and ${p.id}`).toBe(false);
        seen.set(id, p.id);
      }
    }
    expect(seen.size).toBe(rewards.length);
    const byId = new Map(rewards.map((r) => [r.id, r]));
    for (const p of payouts) {
      const sum = p.reward_ids.reduce((s: number, id: string) => s + byId.get(id)!.amount, 0);
      expect(p.amount).toBe(sum);
      expect(p.reward_ids.every((id: string) => byId.get(id)!.advocate_id === p.advocate_id)).toBe(true);
    }
    expect(payouts.reduce((s, p) => s + p.amount, 0)).toBe(rewards.reduce((s, r) => s + r.amount, 0));
    // Each reward names its one payout.
    const sample = rewards.slice(0, 30);
    for (const r of sample) expect((await api.get(`/v1/rewards/${r.id}`)).body.payout_id).toBe(seen.get(r.id));
  }, 240_000);

  describe('through a fault proxy', () => {
    let proxy: FaultProxy;
    let worker: RunningWorker;
    let api: Api;
    // Only a payout's creation writes the tenant's `payouts:all` index.
    const isCreate = (body: string) => /"evalsha"/i.test(body) && body.includes(':payouts:all');

    beforeAll(async () => {
      proxy = await startFaultProxy(suite.bridge);
      worker = await startWorker({ bridge: suite.bridge, bindings: { UPSTASH_REDIS_REST_URL: proxy.url } });
      api = apiClient(worker, (await createTestMerchant(worker)).sk);
      // Load the changeset script once, so the faulted request is the EVALSHA itself.
      const warm = await program(api);
      await advocatesWithRewards(api, warm, 1, 1);
      await api.post('/v1/payouts', { program_id: warm });
    });
    afterAll(async () => {
      await worker?.dispose();
      await proxy?.close();
    });

    it('a commit whose answer is dropped is retried by the client and creates one payout', async () => {
      const prog = await program(api);
      const [r] = await advocatesWithRewards(api, prog, 1, 1);
      proxy.arm(isCreate, { drop_after_commit_requests: 1 });
      proxy.count(isCreate);
      const res = await api.post('/v1/payouts', { program_id: prog });
      expect(proxy.counted).toBe(2);
      expect(res.status).toBe(200);
      expect(res.body.created).toHaveLength(1);
      expect(res.body.created[0].reward_ids).toEqual([r!.id]);
      const again = await api.post('/v1/payouts', { program_id: prog });
      expect(again.body.created).toEqual([]);
      const mine = (await allPayouts(api)).filter((p) => p.program_id === prog);
      expect(mine.map((p) => p.id)).toEqual([res.body.created[0].id]);
    });

    it("when every try's answer is dropped, the merchant's retry finds the one payout and adds none", async () => {
      const prog = await program(api);
      const [r] = await advocatesWithRewards(api, prog, 1, 1);
      // 3 = the first try and both of the client's retries.
      proxy.arm(isCreate, { drop_after_commit_requests: 3 });
      const failed = await api.post('/v1/payouts', { program_id: prog });
      expect(failed.status).toBeGreaterThanOrEqual(500);
      const retried = await api.post('/v1/payouts', { program_id: prog });
      expect(retried.status).toBe(200);
      expect(retried.body.created).toEqual([]);
      const mine = (await allPayouts(api)).filter((p) => p.program_id === prog);
      expect(mine).toHaveLength(1);
      expect(mine[0].reward_ids).toEqual([r!.id]);
      expect((await api.get(`/v1/rewards/${r!.id}`)).body.payout_id).toBe(mine[0].id);
    });
  });
});
