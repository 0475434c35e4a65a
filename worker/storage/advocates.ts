import * as z from 'zod';
import { Advocate, CodeStatus } from '../../shared/schemas/advocate.ts';
import { Timestamp } from '../../shared/schemas/common.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { ADVOCATES_ADD_CODE as ADD_CODE, ADVOCATES_ENROLL as ENROLL } from './lua/index.ts';
import { runScript, updateJson } from './lua.ts';
import { pageOfIds } from './paginate.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';
import { ownedBy } from './tenancy.ts';

/** The stored advocate: the API object without `codes`, which live in their own sorted set. */
export type AdvocateRecord = Omit<Advocate, 'codes'>;

// The API's own schema: a stored advocate is what the API shows, less its codes.
export const advocateCodec = defineCodec({ name: 'advocate', schema: Advocate.omit({ codes: true }) });

const CodeRecordSchema = z.object({
  merchant_id: z.string(),
  mode: z.enum(['test', 'live']),
  program_id: z.string(),
  advocate_id: z.string(),
  status: CodeStatus,
  created_at: Timestamp,
  updated_at: Timestamp,
});

/** What the global code key holds: enough for the redirect and checkout paths to resolve it. */
export type CodeRecord = z.infer<typeof CodeRecordSchema>;
export const codeCodec = defineCodec({ name: 'code', schema: CodeRecordSchema });

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

async function enrollAdvocate(
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
    [
      advocate.external_id,
      advocate.id,
      advocateCodec.encode(advocate),
      codeCodec.encode(code),
      now.getTime(),
      ...candidates,
    ],
  );
  if (kind === 'created') return { kind, code: value! };
  if (kind === 'existing') return { kind, advocateId: value! };
  return { kind: 'no_code' };
}

async function addCode(
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
    [codeCodec.encode(code), now.getTime(), ...candidates],
  );
  return kind === 'created' ? value! : null;
}

function withCodes(record: AdvocateRecord, codes: string[]): Advocate {
  return { ...record, codes };
}

/** Advocates with their codes, in one round trip. */
async function getAdvocates(redis: Redis, t: Tenant, ids: string[]): Promise<Advocate[]> {
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
    if (raw) out.push(withCodes(advocateCodec.decode(raw), results[i * 2 + 1] as string[]));
  }
  return out;
}

async function getAdvocate(redis: Redis, t: Tenant, id: string): Promise<Advocate | null> {
  return (await getAdvocates(redis, t, [id]))[0] ?? null;
}

async function listAdvocates(redis: Redis, t: Tenant, programId: string, limit: number, startingAfter?: string) {
  const page = await pageOfIds(redis, redisKeys.programAdvocates(t, programId), limit, startingAfter);
  return { advocates: await getAdvocates(redis, t, page.ids), hasMore: page.hasMore };
}

async function updateAdvocate(
  redis: Redis,
  t: Tenant,
  id: string,
  mutate: (a: AdvocateRecord) => AdvocateRecord,
): Promise<Advocate | null> {
  const updated = await updateJson(redis, redisKeys.advocate(t, id), advocateCodec, mutate);
  return updated ? getAdvocate(redis, t, id) : null;
}

async function getCodeRecord(redis: Redis, code: string): Promise<CodeRecord | null> {
  return codeCodec.decodeOrNull(await redis.get<string>(redisKeys.code(code)));
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
  /** Read-modify-write of a tenant's code; null when it does not exist or belongs to someone else. */
  updateCode: (t: Tenant, code: string, mutate: (r: CodeRecord) => CodeRecord) =>
    updateJson(redis, redisKeys.code(code), codeCodec, (r) => (ownedBy(r, t) ? mutate(r) : null)),
}));
export type AdvocateStore = ReturnType<typeof advocateStore>;
