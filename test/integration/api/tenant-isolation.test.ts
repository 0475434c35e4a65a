import { beforeAll, describe, expect, it } from 'vitest';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { diff, snapshot } from '../../support/snapshot.ts';
import { workerSuite } from '../../support/suite.ts';
import { TEST_ADMIN_TOKEN } from '../../support/worker.ts';

const suite = workerSuite({ db: 14 });

// A database of its own: the whole of it is compared before and after.
let owner: TestMerchant;
let ownerLive: string;
let intruder: TestMerchant;
let intruderLive: string;
const ids = { program: '', advocate: '', code: '', liveProgram: '', liveAdvocate: '', liveCode: '' };

beforeAll(async () => {
  owner = await createTestMerchant(suite.worker);
  intruder = await createTestMerchant(suite.worker, { name: 'Intruder' });
  const admin = apiClient(suite.worker, TEST_ADMIN_TOKEN);
  ownerLive = (await admin.post(`/v1/merchants/${owner.id}/keys`, { type: 'secret', mode: 'live' })).body.key;
  intruderLive = (await admin.post(`/v1/merchants/${intruder.id}/keys`, { type: 'secret', mode: 'live' })).body.key;
  for (const [key, suffix] of [
    [owner.sk, ''],
    [ownerLive, 'live'],
  ] as const) {
    const api = apiClient(suite.worker, key);
    const program = (await api.post('/v1/programs', PROGRAM_INPUT)).body.id;
    const enrolled = (
      await api.post(`/v1/programs/${program}/advocates`, { external_id: `owner-${suffix}`, name: 'Owner' })
    ).body;
    if (suffix)
      Object.assign(ids, { liveProgram: program, liveAdvocate: enrolled.advocate.id, liveCode: enrolled.code });
    else Object.assign(ids, { program, advocate: enrolled.advocate.id, code: enrolled.code });
  }
});

/** Every endpoint that names an object, aimed at the owner's objects. */
function attacks(o: { program: string; advocate: string; code: string }): [string, string, unknown?][] {
  return [
    ['GET', `/v1/programs/${o.program}`],
    ['PATCH', `/v1/programs/${o.program}`, { name: 'Hijacked', status: 'ended' }],
    ['GET', `/v1/programs/${o.program}/advocates`],
    ['POST', `/v1/programs/${o.program}/advocates`, { external_id: 'intruder', code: 'INTRUDER1' }],
    ['GET', `/v1/advocates/${o.advocate}`],
    ['PATCH', `/v1/advocates/${o.advocate}`, { status: 'suspended', email: 'evil@example.com' }],
    ['POST', `/v1/advocates/${o.advocate}/codes`, { code: 'STOLEN1' }],
    ['GET', `/v1/codes/${o.code}`],
    ['PATCH', `/v1/codes/${o.code}`, { status: 'disabled' }],
  ];
}

describe('tenant isolation', () => {
  it.each([
    ['another merchant (test key)', () => intruder.sk, () => ids],
    [
      'another merchant (live key)',
      () => intruderLive,
      () => ({ program: ids.liveProgram, advocate: ids.liveAdvocate, code: ids.liveCode }),
    ],
    ['the same merchant in live mode, at test objects', () => ownerLive, () => ids],
    [
      'the same merchant in test mode, at live objects',
      () => owner.sk,
      () => ({ program: ids.liveProgram, advocate: ids.liveAdvocate, code: ids.liveCode }),
    ],
  ])('%s: every endpoint answers 404 and changes nothing', async (_label, key, target) => {
    const before = await snapshot(suite.bridge);
    const api = apiClient(suite.worker, key());
    for (const [method, path, body] of attacks(target())) {
      const res = await api.call(method, path, body, { 'Idempotency-Key': `iso-${method}-${path}` });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.error.type).toBe('not_found_error');
      expect(JSON.stringify(res.body)).not.toContain('Owner');
    }
    expect(diff(before, await snapshot(suite.bridge))).toEqual([]);
  });

  it('lists show only the caller’s own objects', async () => {
    const mine = (await apiClient(suite.worker, intruder.sk).get('/v1/programs')).body.data;
    expect(mine).toEqual([]);
    const live = (await apiClient(suite.worker, ownerLive).get('/v1/programs')).body.data.map(
      (p: { id: string }) => p.id,
    );
    expect(live).toEqual([ids.liveProgram]);
  });

  it('the owner still sees everything intact', async () => {
    const api = apiClient(suite.worker, owner.sk);
    expect((await api.get(`/v1/programs/${ids.program}`)).body).toMatchObject({
      name: PROGRAM_INPUT.name,
      status: 'active',
    });
    expect((await api.get(`/v1/advocates/${ids.advocate}`)).body).toMatchObject({
      status: 'active',
      email: null,
      codes: [ids.code],
    });
    expect((await api.get(`/v1/codes/${ids.code}`)).body.status).toBe('active');
  });
});
