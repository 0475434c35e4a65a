import { isId } from '../../shared/ids.ts';
import type { Program } from '../../shared/schemas/program.ts';
import type { Session, SessionCreate } from '../../shared/schemas/widget.ts';
import { firstName } from '../redirect/resolve-link.ts';
import { advocateViewStore } from '../storage/advocate-views.ts';
import { type AdvocateRecord, advocateStore } from '../storage/advocates.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { type AdvocateCounters, NO_COUNTERS, statsFor } from './advocate-stats.ts';
import { enrollCustomer } from './enroll-customer.ts';
import { verifyIdentity } from './verify-identity.ts';
import { programFromRead } from './widget-program.ts';

export interface SessionDeps {
  env: StoreEnv & Pick<Env, 'HASH_SECRET'>;
  tenant: Tenant;
  /** The share link of a code, on the merchant's link domain when it has one. */
  linkOf: (code: string) => string;
  /** Told the code of an advocate this session enrolled (the route copies it into connected checkouts). */
  onEnrolled?: (code: string) => void;
}

/**
 * The identified customer's advocate view. Round trips: identity + program (+ the advocate index
 * when the customer id and program are known up front) in one pipeline; the default program's
 * records when none was named; the index when it could not be prefetched; then the advocate's
 * record and counters in one pipeline (or the enrollment script, whose answer needs no reads).
 */
export async function openSession(deps: SessionDeps, input: SessionCreate): Promise<Session> {
  const { env, tenant: t } = deps;
  const views = advocateViewStore(env);
  const prefetchIndexFor =
    'customer_id' in input.identity && input.program_id !== undefined && isId('program', input.program_id)
      ? input.identity.customer_id
      : undefined;
  const start = await views.sessionStart(t, input.identity, input.program_id, { prefetchIndexFor });

  const customer = await verifyIdentity(env, t, input.identity, start.identity);
  const program = await programFromRead(env, t, start.program);
  let advocateId =
    prefetchIndexFor !== undefined
      ? (start.advocateId ?? null)
      : await views.advocateIdFor(t, program.id, customer.customerId);

  if (!advocateId) {
    if (!input.enroll) return { object: 'session', program_id: program.id, enrolled: false, advocate: null };
    const enrolled = await enrollCustomer(advocateStore(env), t, program, {
      externalId: customer.customerId,
      email: customer.email,
      name: customer.name,
    });
    if (enrolled.kind === 'created') {
      deps.onEnrolled?.(enrolled.code);
      return sessionOf(deps, program, enrolled.advocate, enrolled.code, NO_COUNTERS);
    }
    advocateId = enrolled.advocateId;
  }
  const { advocate, code, counters } = await views.advocate(t, advocateId);
  if (!advocate || !code) throw new Error(`advocate index points at missing ${advocateId}`);
  return sessionOf(deps, program, advocate, code, counters);
}

function sessionOf(
  deps: SessionDeps,
  program: Program,
  advocate: AdvocateRecord,
  code: string,
  counters: AdvocateCounters,
): Session {
  return {
    object: 'session',
    program_id: program.id,
    enrolled: true,
    advocate: {
      id: advocate.id,
      first_name: firstName(advocate.name),
      code,
      link: deps.linkOf(code),
      stats: statsFor(program, counters),
    },
  };
}
