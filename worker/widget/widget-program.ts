import { isId } from '../../shared/ids.ts';
import type { Program } from '../../shared/schemas/program.ts';
import { ApiError } from '../errors/api-error.ts';
import { programState } from '../../shared/core/program-state.ts';
import type { Redis } from '../storage/client.ts';
import { notFound } from '../lib/validate.ts';
import { getPrograms } from '../storage/programs.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';

// The widget asks for the oldest running program when it names none; programs are few.
const DEFAULT_SCAN = 50;

/** Queues the read that finds the program: the named one, or the ids to choose the default from. */
export function queueProgramRead(p: ReturnType<Redis['pipeline']>, t: Tenant, programId: string | undefined): void {
  if (programId === undefined) p.zrange(redisKeys.programs(t), 0, DEFAULT_SCAN - 1);
  // A string that is no program id reads a key that cannot exist (it never becomes part of a key).
  else p.get(redisKeys.program(t, isId('program', programId) ? programId : 'none'));
}

/** The program from the queued read; the default costs one more round trip. Missing: 404. */
export async function programFromRead(
  redis: Redis,
  t: Tenant,
  programId: string | undefined,
  raw: unknown,
): Promise<Program> {
  if (programId !== undefined) {
    if (!raw) throw notFound('program');
    return JSON.parse(raw as string) as Program;
  }
  const now = Date.now();
  const running = (await getPrograms(redis, t, raw as string[])).find((p) => programState(p, now) === 'running');
  if (!running) throw new ApiError('not_found_error', 'no_running_program', 'This merchant has no running program.');
  return running;
}

/** Same, on its own. */
export async function findProgram(redis: Redis, t: Tenant, programId: string | undefined): Promise<Program> {
  const p = redis.pipeline();
  queueProgramRead(p, t, programId);
  const [raw] = await p.exec();
  return programFromRead(redis, t, programId, raw);
}
