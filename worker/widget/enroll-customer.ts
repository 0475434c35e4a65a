import { programState } from '../../shared/core/program-state.ts';
import type { Program } from '../../shared/schemas/program.ts';
import { enrollAdvocate } from '../advocates/enroll-advocate.ts';
import { ApiError } from '../errors/api-error.ts';
import type { AdvocateRecord, AdvocateStore } from '../storage/advocates.ts';
import type { Tenant } from '../tenant.ts';

export type CustomerEnrollment =
  | { kind: 'created'; advocate: AdvocateRecord; code: string }
  | { kind: 'existing'; advocateId: string };

/**
 * Enrollment from the browser: the same use case as the secret-key endpoint (idempotent on
 * external_id, first free code wins, no vanity code), but only into a running program.
 */
export async function enrollCustomer(
  advocates: AdvocateStore,
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
  const who = { programId: program.id, ...person, metadata: { enrolled_via: 'widget' } };
  const result = await enrollAdvocate(advocates, t, who, 'widget', now);
  return result.kind === 'created' ? { kind: 'created', advocate: result.advocate, code: result.code } : result;
}
