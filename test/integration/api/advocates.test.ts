import { beforeAll, describe, expect, it } from 'vitest';
import { Enrollment } from '../../../shared/schemas/advocate.ts';
import { apiClient, createTestMerchant, PROGRAM_INPUT, type TestMerchant } from '../../support/api.ts';
import { workerSuite } from '../../support/suite.ts';

const suite = workerSuite();

let m: TestMerchant;
let api: ReturnType<typeof apiClient>;
let programId: string;

beforeAll(async () => {
  m = await createTestMerchant(suite.worker);
  api = apiClient(suite.worker, m.sk);
  programId = (await api.post('/v1/programs', PROGRAM_INPUT)).body.id;
});

const unique = () => Math.random().toString(36).slice(2, 8).toUpperCase();

describe('enrollment', () => {
  it('enrolls a customer with a generated code and a share link', async () => {
    const res = await api.post(`/v1/programs/${programId}/advocates`, {
      external_id: `cust_${unique()}`,
      email: 'zoe@example.com',
      name: 'Zoë Ångström',
    });
    expect(res.status).toBe(201);
    const body = Enrollment.parse(res.body);
    expect(body.created).toBe(true);
    expect(body.code).toMatch(/^ZOEANG[2-9A-HJKMNP-TV-Z]{4}$/);
    expect(body.link).toBe(`${suite.worker.url.origin}/r/${body.code}`);
    expect(body.advocate).toMatchObject({
      program_id: programId,
      name: 'Zoë Ångström',
      status: 'active',
      codes: [body.code],
      livemode: false,
    });
    expect(body.requested_code).toBeUndefined();
  });

  it('is idempotent on external_id: enrolling again returns the same advocate and code (200)', async () => {
    const external_id = `cust_${unique()}`;
    const first = await api.post(`/v1/programs/${programId}/advocates`, { external_id, name: 'Bob' });
    const again = await api.post(`/v1/programs/${programId}/advocates`, {
      external_id,
      name: 'Robert',
      code: 'ROBERT1',
    });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      created: false,
      code: first.body.code,
      advocate: { id: first.body.advocate.id, name: 'Bob' },
    });
    const list = await api.get(`/v1/programs/${programId}/advocates?limit=100`);
    expect(list.body.data.filter((a: { external_id: string }) => a.external_id === external_id)).toHaveLength(1);
  });

  it('enrolls exactly once under concurrent requests for the same customer', async () => {
    const external_id = `cust_${unique()}`;
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        api.post(`/v1/programs/${programId}/advocates`, { external_id, name: 'Concurrent' }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(new Set(results.map((r) => r.body.advocate.id)).size).toBe(1);
  });

  it('gives the vanity code when valid and free, and says why when not', async () => {
    const vanity = `ALICE${unique()}`;
    const ok = await api.post(`/v1/programs/${programId}/advocates`, {
      external_id: `c_${unique()}`,
      name: 'Alice',
      code: ` ${vanity.toLowerCase()}\u200B `,
    });
    expect(ok.body.code).toBe(vanity);
    expect(ok.body.requested_code).toEqual({ code: vanity, accepted: true });

    const taken = await api.post(`/v1/programs/${programId}/advocates`, {
      external_id: `c_${unique()}`,
      name: 'Alice',
      code: vanity,
    });
    expect(taken.status).toBe(201);
    expect(taken.body.code).not.toBe(vanity);
    expect(taken.body.requested_code).toEqual({ code: vanity, accepted: false, reason: 'taken' });

    const invalid = await api.post(`/v1/programs/${programId}/advocates`, {
      external_id: `c_${unique()}`,
      code: 'no spaces!',
    });
    expect(invalid.body.requested_code).toMatchObject({ accepted: false, reason: 'invalid' });
    const rude = await api.post(`/v1/programs/${programId}/advocates`, {
      external_id: `c_${unique()}`,
      code: 'SHITCODE',
    });
    expect(rude.body.requested_code).toMatchObject({ accepted: false, reason: 'not_allowed' });
    expect(rude.body.code).not.toContain('SHIT');
  });

  it('keeps codes unique across merchants (one code, one link)', async () => {
    const vanity = `SHARED${unique()}`;
    await api.post(`/v1/programs/${programId}/advocates`, { external_id: `c_${unique()}`, code: vanity });
    const other = await createTestMerchant(suite.worker);
    const otherApi = apiClient(suite.worker, other.sk);
    const otherProgram = (await otherApi.post('/v1/programs', PROGRAM_INPUT)).body.id;
    const res = await otherApi.post(`/v1/programs/${otherProgram}/advocates`, { external_id: 'x', code: vanity });
    expect(res.body.requested_code).toMatchObject({ accepted: false, reason: 'taken' });
  });

  it('validates the body', async () => {
    const cases: [unknown, string][] = [
      [{}, 'external_id'],
      [{ external_id: '' }, 'external_id'],
      [{ external_id: 'x'.repeat(129) }, 'external_id'],
      [{ external_id: 'a', email: 'not-an-email' }, 'email'],
      [{ external_id: 'a', name: '' }, 'name'],
      [{ external_id: 'a', code: 5 }, 'code'],
      [{ external_id: 'a', surprise: 1 }, ''],
    ];
    for (const [body, param] of cases) {
      const res = await api.post(`/v1/programs/${programId}/advocates`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      if (param) expect(res.body.error.param).toBe(param);
    }
    expect(
      (await api.post('/v1/programs/prog_00000000000000000000000000/advocates', { external_id: 'a' })).status,
    ).toBe(404);
  });

  it('refuses enrollment into an ended program', async () => {
    const p = (await api.post('/v1/programs', PROGRAM_INPUT)).body;
    await api.patch(`/v1/programs/${p.id}`, { status: 'ended' });
    const res = await api.post(`/v1/programs/${p.id}/advocates`, { external_id: 'late' });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('program_ended');
  });
});

describe('advocates and codes', () => {
  it('reads, updates and suspends an advocate', async () => {
    const { advocate } = (
      await api.post(`/v1/programs/${programId}/advocates`, { external_id: `c_${unique()}`, name: 'Carol' })
    ).body;
    expect((await api.get(`/v1/advocates/${advocate.id}`)).body).toEqual(advocate);
    const res = await api.patch(`/v1/advocates/${advocate.id}`, {
      status: 'suspended',
      email: 'carol@example.com',
      metadata: { tier: 'vip' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'suspended',
      email: 'carol@example.com',
      name: 'Carol',
      metadata: { tier: 'vip' },
      codes: advocate.codes,
    });
    expect((await api.patch(`/v1/advocates/${advocate.id}`, { status: 'banned' })).status).toBe(400);
    expect((await api.patch(`/v1/advocates/${advocate.id}`, {})).status).toBe(400);
    expect((await api.get('/v1/advocates/adv_00000000000000000000000000')).status).toBe(404);
  });

  it('adds codes, looks them up case-insensitively, disables them', async () => {
    const { advocate, code } = (
      await api.post(`/v1/programs/${programId}/advocates`, { external_id: `c_${unique()}`, name: 'Dave' })
    ).body;
    const vanity = `DAVE${unique()}`;
    const added = await api.post(`/v1/advocates/${advocate.id}/codes`, { code: vanity });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      code: vanity,
      object: 'code',
      advocate_id: advocate.id,
      program_id: programId,
      status: 'active',
      requested_code: { accepted: true },
    });
    const generated = await api.post(`/v1/advocates/${advocate.id}/codes`, {});
    expect(generated.status).toBe(201);
    expect((await api.get(`/v1/advocates/${advocate.id}`)).body.codes).toEqual([code, vanity, generated.body.code]);

    const lookup = await api.get(`/v1/codes/${encodeURIComponent(` ${vanity.toLowerCase()}\u200D`)}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body.code).toBe(vanity);
    const disabled = await api.patch(`/v1/codes/${vanity.toLowerCase()}`, { status: 'disabled' });
    expect(disabled.body.status).toBe('disabled');
    expect((await api.get(`/v1/codes/${vanity}`)).body.status).toBe('disabled');
    expect((await api.patch(`/v1/codes/${vanity}`, { status: 'gone' })).status).toBe(400);
    expect((await api.get('/v1/codes/NOSUCHCODE999')).status).toBe(404);
    expect((await api.get('/v1/codes/%00%0A')).status).toBe(404);
  });

  it('lists a program’s advocates with cursor pagination', async () => {
    const p = (await api.post('/v1/programs', PROGRAM_INPUT)).body.id;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await api.post(`/v1/programs/${p}/advocates`, { external_id: `e${i}` })).body.advocate.id);
    const page1 = await api.get(`/v1/programs/${p}/advocates?limit=3`);
    expect(page1.body.data.map((a: { id: string }) => a.id)).toEqual(ids.slice(0, 3));
    expect(page1.body.data[0].codes).toHaveLength(1);
    const page2 = await api.get(`/v1/programs/${p}/advocates?limit=3&starting_after=${page1.body.next_cursor}`);
    expect(page2.body).toMatchObject({ has_more: false, next_cursor: null });
    expect(page2.body.data.map((a: { id: string }) => a.id)).toEqual(ids.slice(3));
  });
});
