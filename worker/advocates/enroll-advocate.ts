import { newId } from '../lib/ids.ts';
import type { AdvocateRecord, AdvocateStore } from '../storage/advocates.ts';
import type { Tenant } from '../tenant.ts';
import { CODE_ATTEMPTS, codeCandidates, codeSpaceExhausted, type RequestedCode } from './code-candidates.ts';

/** Who is enrolled, as the merchant's API or the widget knows them. */
export interface Enrollee {
  programId: string;
  /** The merchant's id for the customer: enrolling it again answers the same advocate. */
  externalId: string;
  email: string | null;
  name: string | null;
  metadata: Record<string, string>;
  /** A vanity code asked for (API only). */
  code?: string;
}

export type Enrolled =
  | { kind: 'created'; advocate: AdvocateRecord; code: string; requested?: RequestedCode }
  | { kind: 'existing'; advocateId: string };

/**
 * Enrollment, for the secret-key API and the widget alike: one script per round writes the
 * advocate with the first free candidate code, or answers the advocate already enrolled under
 * this external id. The callers decide whether the program takes advocates.
 */
export async function enrollAdvocate(
  advocates: AdvocateStore,
  t: Tenant,
  who: Enrollee,
  via: 'api' | 'widget',
  now = new Date(),
): Promise<Enrolled> {
  const at = now.toISOString();
  const advocate: AdvocateRecord = {
    id: newId('advocate', now.getTime()),
    object: 'advocate',
    livemode: t.mode === 'live',
    program_id: who.programId,
    external_id: who.externalId,
    email: who.email,
    name: who.name,
    status: 'active',
    metadata: who.metadata,
    created_at: at,
    updated_at: at,
  };
  const candidates = codeCandidates(who.code, who.name ?? who.email?.split('@')[0]);
  for (let attempt = 0; attempt < CODE_ATTEMPTS; attempt++) {
    const result = await advocates.enroll(t, advocate, candidates.list(attempt), now);
    if (result.kind === 'existing') return result;
    if (result.kind === 'created') {
      const requested = candidates.report(result.code);
      return { kind: 'created', advocate, code: result.code, ...(requested ? { requested } : {}) };
    }
  }
  throw codeSpaceExhausted(via === 'api');
}
