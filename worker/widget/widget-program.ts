import { programState } from '../../shared/core/program-state.ts';
import type { Program } from '../../shared/schemas/program.ts';
import { ApiError } from '../errors/api-error.ts';
import { notFound } from '../lib/validate.ts';
import { advocateViewStore, type ProgramRead } from '../storage/advocate-views.ts';
import { programStore } from '../storage/programs.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';

/** The program from its read: the named one, or the oldest running one (one more round trip). Missing: 404. */
export async function programFromRead(env: StoreEnv, t: Tenant, read: ProgramRead): Promise<Program> {
  if ('program' in read) {
    if (!read.program) throw notFound('program');
    return read.program;
  }
  const now = Date.now();
  const programs = await programStore(env).getMany(t, read.programIds);
  const running = programs.find((p) => programState(p, now) === 'running');
  if (!running) throw new ApiError('not_found_error', 'no_running_program', 'This merchant has no running program.');
  return running;
}

/** Same, on its own. */
export async function findProgram(env: StoreEnv, t: Tenant, programId: string | undefined): Promise<Program> {
  return programFromRead(env, t, await advocateViewStore(env).program(t, programId));
}
