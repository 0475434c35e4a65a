import { DEFAULT_PAYOUTS, DEFAULT_POINTS, Program, type ProgramCreate } from '../../shared/schemas/program.ts';
import { newId } from '../lib/ids.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { updateJson } from './lua.ts';
import { pageOfIds } from './paginate.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';

/**
 * A stored program is the API object. Settings added since a program was stored read as their
 * default (`contest`, added with issue 8; `payouts` and `points`, issue 16), so no version bump was needed.
 */
export const programCodec = defineCodec({
  name: 'program',
  schema: Program.extend({
    contest: Program.shape.contest.default(null),
    payouts: Program.shape.payouts.default(DEFAULT_PAYOUTS),
    points: Program.shape.points.default(DEFAULT_POINTS),
  }),
});

async function createProgram(redis: Redis, t: Tenant, input: ProgramCreate, now = new Date()): Promise<Program> {
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
  tx.set(redisKeys.program(t, program.id), programCodec.encode(program));
  tx.zadd(redisKeys.programs(t), { score: 0, member: program.id });
  await tx.exec();
  return program;
}

async function getPrograms(redis: Redis, t: Tenant, ids: string[]): Promise<Program[]> {
  if (ids.length === 0) return [];
  const raws = (await redis.mget<(string | null)[]>(...ids.map((id) => redisKeys.program(t, id)))) as (string | null)[];
  return raws.filter((r): r is string => r !== null).map(programCodec.decode);
}

/** Programs of a tenant. */
export const programStore = defineStore((redis) => ({
  create: (t: Tenant, input: ProgramCreate, now?: Date) => createProgram(redis, t, input, now),
  get: async (t: Tenant, id: string): Promise<Program | null> =>
    programCodec.decodeOrNull(await redis.get<string>(redisKeys.program(t, id))),
  /** The programs that exist among `ids`, in their order, in one round trip. */
  getMany: (t: Tenant, ids: string[]) => getPrograms(redis, t, ids),
  /** One page in creation order; `startingAfter` is the last id of the previous page. */
  list: async (t: Tenant, limit: number, startingAfter?: string) => {
    const page = await pageOfIds(redis, redisKeys.programs(t), limit, startingAfter);
    return { programs: await getPrograms(redis, t, page.ids), hasMore: page.hasMore };
  },
  /** Read-modify-write without lost updates; null when the program does not exist. */
  update: (t: Tenant, id: string, mutate: (p: Program) => Program | Promise<Program>) =>
    updateJson(redis, redisKeys.program(t, id), programCodec, mutate),
}));
export type ProgramStore = ReturnType<typeof programStore>;
