import type { Program } from '../../shared/schemas/program.ts';
import { ApiError } from '../errors/api-error.ts';
import { generateCodes } from '../lib/code-generator.ts';
import { newId } from '../lib/ids.ts';
import { programState } from '../../shared/core/program-state.ts';
import type { Redis } from '../storage/client.ts';
import { enrollAdvocate, type AdvocateRecord } from '../storage/advocates.ts';
import type { Tenant } from '../storage/redis-keys.ts';

const CANDIDATES = 4;
const ATTEMPTS = 3;

export type CustomerEnrollment =
  | { kind: 'created'; advocate: AdvocateRecord; code: string }
  | { kind: 'existing'; advocateId: string };

/**
 * Enrollment from the browser: the same script and code generation as the secret-key endpoint
 * (idempotent on external_id, first free code wins), but only into a running program.
 */
export async function enrollCustomer(
  redis: Redis,
  t: Tenant,
  program: Program,
  person: { externalId: string; email: string | null; name: string | null },
  now = new Date(),
): Promise<CustomerEnrollment> {
  if (programState(program, now.getTime()) !== 'running')
    throw new ApiError(
      'conflict_error',
      'program_not_running',
      'This program is not running and takes no new advocates.',
    );
  const at = now.toISOString();
  const advocate: AdvocateRecord = {
    id: newId('advocate', now.getTime()),
    object: 'advocate',
    livemode: t.mode === 'live',
    program_id: program.id,
    external_id: person.externalId,
    email: person.email,
    name: person.name,
    status: 'active',
    metadata: { enrolled_via: 'widget' },
    created_at: at,
    updated_at: at,
  };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const result = await enrollAdvocate(
      redis,
      t,
      advocate,
      generateCodes(person.name ?? person.email?.split('@')[0], CANDIDATES),
      now,
    );
    if (result.kind === 'created') return { kind: 'created', advocate, code: result.code };
    if (result.kind === 'existing') return result;
  }
  throw new ApiError('conflict_error', 'code_space_exhausted', 'Could not find a free code; try again.');
}
