import type { Program, ProgramCreate, ProgramUpdate } from '../../shared/schemas/program.ts';
import { newId } from '../lib/ids.ts';
import type { Redis } from './client.ts';
import { updateJson } from './lua.ts';
import { pageOfIds } from './paginate.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';

export async function createProgram(redis: Redis, t: Tenant, input: ProgramCreate, now = new Date()): Promise<Program> {
  const at = now.toISOString();
  const program: Program = {
    id: newId('program', now.getTime()),
    object: 'program',
    livemode: t.mode === 'live',
    ...input,
    created_at: at,
    updated_at: at,
  };
  // Both writes are idempotent (the id is minted here), so a client retry changes nothing.
  const tx = redis.multi();
  tx.set(redisKeys.program(t, program.id), JSON.stringify(program));
  tx.zadd(redisKeys.programs(t), { score: 0, member: program.id });
  await tx.exec();
  return program;
}

/** A stored program as the API shows it: settings added since it was stored read as their default. */
function withDefaults(stored: Program): Program {
  return { ...stored, contest: stored.contest ?? null };
}

const readProgram = (raw: string) => withDefaults(JSON.parse(raw) as Program);

export async function getProgram(redis: Redis, t: Tenant, id: string): Promise<Program | null> {
  const raw = await redis.get<string>(redisKeys.program(t, id));
  return raw ? readProgram(raw) : null;
}

export async function getPrograms(redis: Redis, t: Tenant, ids: string[]): Promise<Program[]> {
  if (ids.length === 0) return [];
  const raws = (await redis.mget<(string | null)[]>(...ids.map((id) => redisKeys.program(t, id)))) as (string | null)[];
  return raws.filter((r): r is string => r !== null).map(readProgram);
}

export async function listPrograms(redis: Redis, t: Tenant, limit: number, startingAfter?: string) {
  const page = await pageOfIds(redis, redisKeys.programs(t), limit, startingAfter);
  return { programs: await getPrograms(redis, t, page.ids), hasMore: page.hasMore };
}

/** Merges a PATCH: settings objects one level deep, everything else replaced. */
export function applyProgramUpdate(current: Program, patch: ProgramUpdate, now: Date): Program {
  const { attribution, limits, widget, ...rest } = patch;
  return {
    ...current,
    ...rest,
    attribution: { ...current.attribution, ...attribution },
    limits: { ...current.limits, ...limits },
    widget: { ...current.widget, ...widget },
    updated_at: now.toISOString(),
  } as Program;
}

export async function updateProgram(
  redis: Redis,
  t: Tenant,
  id: string,
  mutate: (p: Program) => Program | Promise<Program>,
): Promise<Program | null> {
  return updateJson<Program>(redis, redisKeys.program(t, id), (stored) => mutate(withDefaults(stored)));
}

/** Programs of a tenant. */
export const programStore = defineStore((redis) => ({
  create: (t: Tenant, input: ProgramCreate, now?: Date) => createProgram(redis, t, input, now),
  get: (t: Tenant, id: string) => getProgram(redis, t, id),
  getMany: (t: Tenant, ids: string[]) => getPrograms(redis, t, ids),
  list: (t: Tenant, limit: number, startingAfter?: string) => listPrograms(redis, t, limit, startingAfter),
  update: (t: Tenant, id: string, mutate: (p: Program) => Program | Promise<Program>) =>
    updateProgram(redis, t, id, mutate),
}));
export type ProgramStore = ReturnType<typeof programStore>;
