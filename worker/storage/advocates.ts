import type { Advocate } from '../../shared/schemas/advocate.ts';
import type { Redis } from './client.ts';
import { ADVOCATES_ADD_CODE as ADD_CODE, ADVOCATES_ENROLL as ENROLL } from './lua/index.ts';
import { runScript, updateJson } from './lua.ts';
import { pageOfIds } from './paginate.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';
import { ownedBy } from './tenancy.ts';

/** The stored advocate: the API object without `codes`, which live in their own sorted set. */
export type AdvocateRecord = Omit<Advocate, 'codes'>;

/** What the global code key holds: enough for the redirect and checkout paths to resolve it. */
export interface CodeRecord {
  merchant_id: string;
  mode: Tenant['mode'];
  program_id: string;
  advocate_id: string;
  status: 'active' | 'disabled';
  created_at: string;
  updated_at: string;
}

function newCodeRecord(t: Tenant, advocate: AdvocateRecord, now: Date): CodeRecord {
  return {
    merchant_id: t.merchantId,
    mode: t.mode,
    program_id: advocate.program_id,
    advocate_id: advocate.id,
    status: 'active',
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
}

export type EnrollResult =
  | { kind: 'created'; code: string }
  | { kind: 'existing'; advocateId: string }
  | { kind: 'no_code' };

export async function enrollAdvocate(
  redis: Redis,
  t: Tenant,
  advocate: AdvocateRecord,
  candidates: string[],
  now: Date,
): Promise<EnrollResult> {
  const code = newCodeRecord(t, advocate, now);
  const [kind, value] = await runScript(
    redis,
    ENROLL,
    [
      redisKeys.advocateByExternalId(t, advocate.program_id),
      redisKeys.advocate(t, advocate.id),
      redisKeys.programAdvocates(t, advocate.program_id),
      redisKeys.advocateCodes(t, advocate.id),
      ...candidates.map(redisKeys.code),
    ],
    [advocate.external_id, advocate.id, JSON.stringify(advocate), JSON.stringify(code), now.getTime(), ...candidates],
  );
  if (kind === 'created') return { kind, code: value! };
  if (kind === 'existing') return { kind, advocateId: value! };
  return { kind: 'no_code' };
}

export async function addCode(
  redis: Redis,
  t: Tenant,
  advocate: AdvocateRecord,
  candidates: string[],
  now: Date,
): Promise<string | null> {
  const code = newCodeRecord(t, advocate, now);
  const [kind, value] = await runScript(
    redis,
    ADD_CODE,
    [redisKeys.advocate(t, advocate.id), redisKeys.advocateCodes(t, advocate.id), ...candidates.map(redisKeys.code)],
    [JSON.stringify(code), now.getTime(), ...candidates],
  );
  return kind === 'created' ? value! : null;
}

function withCodes(record: AdvocateRecord, codes: string[]): Advocate {
  return { ...record, codes };
}

/** Advocates with their codes, in one round trip. */
export async function getAdvocates(redis: Redis, t: Tenant, ids: string[]): Promise<Advocate[]> {
  if (ids.length === 0) return [];
  const p = redis.pipeline();
  for (const id of ids) {
    p.get(redisKeys.advocate(t, id));
    p.zrange(redisKeys.advocateCodes(t, id), 0, -1);
  }
  const results = (await p.exec()) as unknown[];
  const out: Advocate[] = [];
  for (let i = 0; i < ids.length; i++) {
    const raw = results[i * 2] as string | null;
    if (raw) out.push(withCodes(JSON.parse(raw) as AdvocateRecord, results[i * 2 + 1] as string[]));
  }
  return out;
}

export async function getAdvocate(redis: Redis, t: Tenant, id: string): Promise<Advocate | null> {
  return (await getAdvocates(redis, t, [id]))[0] ?? null;
}

export async function listAdvocates(redis: Redis, t: Tenant, programId: string, limit: number, startingAfter?: string) {
  const page = await pageOfIds(redis, redisKeys.programAdvocates(t, programId), limit, startingAfter);
  return { advocates: await getAdvocates(redis, t, page.ids), hasMore: page.hasMore };
}

export async function updateAdvocate(
  redis: Redis,
  t: Tenant,
  id: string,
  mutate: (a: AdvocateRecord) => AdvocateRecord,
): Promise<Advocate | null> {
  const updated = await updateJson<AdvocateRecord>(redis, redisKeys.advocate(t, id), mutate);
  return updated ? getAdvocate(redis, t, id) : null;
}

export async function getCodeRecord(redis: Redis, code: string): Promise<CodeRecord | null> {
  const raw = await redis.get<string>(redisKeys.code(code));
  return raw ? (JSON.parse(raw) as CodeRecord) : null;
}

export async function updateCodeRecord(
  redis: Redis,
  code: string,
  mutate: (r: CodeRecord) => CodeRecord,
): Promise<CodeRecord | null> {
  return updateJson<CodeRecord>(redis, redisKeys.code(code), mutate);
}

/** Advocates of a tenant and their codes (the code records are global: read them through `codeFor`). */
export const advocateStore = defineStore((redis) => ({
  enroll: (t: Tenant, advocate: AdvocateRecord, candidates: string[], now: Date) =>
    enrollAdvocate(redis, t, advocate, candidates, now),
  addCode: (t: Tenant, advocate: AdvocateRecord, candidates: string[], now: Date) =>
    addCode(redis, t, advocate, candidates, now),
  get: (t: Tenant, id: string) => getAdvocate(redis, t, id),
  getMany: (t: Tenant, ids: string[]) => getAdvocates(redis, t, ids),
  list: (t: Tenant, programId: string, limit: number, startingAfter?: string) =>
    listAdvocates(redis, t, programId, limit, startingAfter),
  update: (t: Tenant, id: string, mutate: (a: AdvocateRecord) => AdvocateRecord) =>
    updateAdvocate(redis, t, id, mutate),
  /** A code's record if it belongs to the tenant (the one tenancy check: ownedBy). */
  codeFor: async (t: Tenant, code: string) => ownedBy(await getCodeRecord(redis, code), t),
  /** A code's record whoever owns it: only for paths that resolve the tenant from the code. */
  codeAnyTenant: (code: string) => getCodeRecord(redis, code),
  updateCode: (code: string, mutate: (r: CodeRecord) => CodeRecord) => updateCodeRecord(redis, code, mutate),
}));
export type AdvocateStore = ReturnType<typeof advocateStore>;
