import type { Program } from '../../shared/schemas/program.ts';
import { customerDigest } from '../lib/customer-digest.ts';
import { type AdvocateRecord, advocateStore, type CodeRecord } from '../storage/advocates.ts';
import { type CreditFacts, conversionStore } from '../storage/conversions.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import type { ConversionInput } from './attribute.ts';
import { naturalKey } from './records.ts';

/** A referral code of this tenant with its program and advocate, and the credit facts of that advocate. */
export interface CheckoutFacts {
  code: string;
  record: CodeRecord;
  program: Program;
  advocate: AdvocateRecord;
  /** What crediting the code's advocate for `sale` depends on, read with the program (creditAttempt's first read). */
  credit: { advocateId: string; facts: CreditFacts };
}

/**
 * Everything a sale by code needs before its decision, in one round trip after the code (itself
 * read in the authentication round trip when `readAlong` has it): the program, the advocate, the
 * fraud counters, the ledger, the referral and the order's natural key. Its credit facts are used
 * once, by the first attempt at crediting that advocate; a conflict reads them again. Null when
 * the code, its program or its advocate is not this tenant's.
 */
export async function readCheckout(
  env: StoreEnv,
  t: Tenant,
  code: string,
  readAlong: CodeRecord | null | undefined,
  sale: ConversionInput,
  now: number,
): Promise<CheckoutFacts | null> {
  const record = readAlong !== undefined ? readAlong : await advocateStore(env).codeFor(t, code);
  if (!record) return null;
  const facts = await conversionStore(env).checkoutFacts(t, {
    key: await naturalKey(sale),
    programId: record.program_id,
    advocateId: record.advocate_id,
    customer: await customerDigest({ external_id: sale.customer.external_id }),
    visitor: null,
    occurredAt: sale.occurred_at ? Date.parse(sale.occurred_at) : now,
  });
  const { program, advocate } = facts;
  if (!program || !advocate) return null;
  return { code, record, program, advocate, credit: { advocateId: record.advocate_id, facts } };
}
