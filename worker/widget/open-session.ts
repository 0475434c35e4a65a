import { isId } from '../../shared/ids.ts';
import type { Program } from '../../shared/schemas/program.ts';
import type { Session, SessionCreate } from '../../shared/schemas/widget.ts';
import type { Redis } from '../storage/client.ts';
import { firstName } from '../redirect/resolve-link.ts';
import type { AdvocateRecord } from '../storage/advocates.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import {
  NO_COUNTERS,
  queueAdvocateReads,
  readAdvocateResults,
  statsFor,
  type AdvocateCounters,
} from './advocate-stats.ts';
import { enrollCustomer } from './enroll-customer.ts';
import { identityKey, verifyIdentity } from './verify-identity.ts';
import { programFromRead, queueProgramRead } from './widget-program.ts';

export interface SessionDeps {
  env: Pick<Env, 'HASH_SECRET'>;
  redis: Redis;
  tenant: Tenant;
  /** The share link of a code, on the merchant's link domain when it has one. */
  linkOf: (code: string) => string;
}

/**
 * The identified customer's advocate view. Round trips: identity + program (+ the advocate index
 * when the customer id and program are known up front) in one pipeline; the default program's
 * records when none was named; the index when it could not be prefetched; then the advocate's
 * record and counters in one pipeline (or the enrollment script, whose answer needs no reads).
 */
export async function openSession(deps: SessionDeps, input: SessionCreate): Promise<Session> {
  const { redis, tenant: t } = deps;
  const prefetchIndex =
    'customer_id' in input.identity && input.program_id !== undefined && isId('program', input.program_id);
  const p = redis.pipeline();
  p.get(await identityKey(t, input.identity));
  queueProgramRead(p, t, input.program_id);
  if (prefetchIndex && 'customer_id' in input.identity)
    p.hget(redisKeys.advocateByExternalId(t, input.program_id!), input.identity.customer_id);
  const [stored, programRaw, indexed] = (await p.exec()) as [string | null, unknown, string | null | undefined];

  const customer = await verifyIdentity(deps.env, t, input.identity, stored);
  const program = await programFromRead(redis, t, input.program_id, programRaw);
  let advocateId = prefetchIndex
    ? (indexed ?? null)
    : await redis.hget<string>(redisKeys.advocateByExternalId(t, program.id), customer.customerId);

  if (!advocateId) {
    if (!input.enroll) return { object: 'session', program_id: program.id, enrolled: false, advocate: null };
    const enrolled = await enrollCustomer(redis, t, program, {
      externalId: customer.customerId,
      email: customer.email,
      name: customer.name,
    });
    if (enrolled.kind === 'created') return sessionOf(deps, program, enrolled.advocate, enrolled.code, NO_COUNTERS);
    advocateId = enrolled.advocateId;
  }
  const reads = redis.pipeline();
  queueAdvocateReads(reads, t, advocateId);
  const { record, code, counters } = readAdvocateResults(await reads.exec());
  if (!record || !code) throw new Error(`advocate index points at missing ${advocateId}`);
  return sessionOf(deps, program, JSON.parse(record) as AdvocateRecord, code, counters);
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
