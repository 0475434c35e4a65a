import { describe, expect, it } from 'vitest';
import type { AdvocateStore } from '../storage/advocates.ts';
import type { Tenant } from '../tenant.ts';
import { addAdvocateCode } from './add-code.ts';
import { enrollAdvocate } from './enroll-advocate.ts';

const t: Tenant = { merchantId: 'mer_1', mode: 'test' };
const who = { programId: 'prog_1', externalId: 'cus_1', email: 'ada@example.com', name: null, metadata: {} };

/** A store whose codes are all taken: records the candidates of each round. */
function fullStore() {
  const rounds: string[][] = [];
  const store = {
    enroll: async (_t: Tenant, _a: unknown, candidates: string[]) => {
      rounds.push(candidates);
      return { kind: 'no_code' as const };
    },
    addCode: async (_t: Tenant, _a: unknown, candidates: string[]) => {
      rounds.push(candidates);
      return null;
    },
  } as unknown as AdvocateStore;
  return { store, rounds };
}

describe('enrollAdvocate', () => {
  it('tries the vanity code in the first round only, then gives up after three rounds', async () => {
    const { store, rounds } = fullStore();
    const err = await enrollAdvocate(store, t, { ...who, code: 'ADA15' }, 'api').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'code_space_exhausted', message: expect.stringContaining('vanity') });
    expect(rounds).toHaveLength(3);
    expect(rounds[0]![0]).toBe('ADA15');
    expect(rounds.slice(1).flat()).not.toContain('ADA15');
  });

  it('tells the widget only to try again (it cannot ask for a vanity code)', async () => {
    const { store } = fullStore();
    const err = await enrollAdvocate(store, t, who, 'widget').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'code_space_exhausted', message: 'Could not find a free code; try again.' });
  });

  it('answers the advocate already enrolled, and reports the vanity code taken when another won', async () => {
    const existing = { enroll: async () => ({ kind: 'existing', advocateId: 'adv_9' }) } as unknown as AdvocateStore;
    expect(await enrollAdvocate(existing, t, who, 'api')).toEqual({ kind: 'existing', advocateId: 'adv_9' });
    const other = { enroll: async () => ({ kind: 'created', code: 'OTHER1' }) } as unknown as AdvocateStore;
    const created = await enrollAdvocate(other, t, { ...who, code: 'ADA15' }, 'api', new Date(0));
    expect(created).toMatchObject({
      kind: 'created',
      code: 'OTHER1',
      requested: { code: 'ADA15', accepted: false, reason: 'taken' },
      advocate: { program_id: 'prog_1', external_id: 'cus_1', livemode: false, created_at: '1970-01-01T00:00:00.000Z' },
    });
  });
});

describe('addAdvocateCode', () => {
  it('gives up after three rounds with the API message', async () => {
    const { store, rounds } = fullStore();
    const advocate = { id: 'adv_1', name: 'Ada' } as Parameters<typeof addAdvocateCode>[2];
    await expect(addAdvocateCode(store, t, advocate, undefined)).rejects.toMatchObject({
      code: 'code_space_exhausted',
    });
    expect(rounds).toHaveLength(3);
  });
});
