import { CODE_ALPHABET } from '../../shared/codes.ts';
import { randomChars } from '../lib/crypto.ts';
import { containsOffensiveWord } from '../lib/offensive-words.ts';
import { type RewardCodeRecord, rewardCodeStore } from '../storage/reward-codes.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';

/** What a reward code takes off: `value` percent, or `value` minor units of `currency`. */
export interface RewardCodeInput {
  advocateId: string;
  programId: string;
  /** Issued once per reference: a reward id, or a points redemption id. */
  reference: string;
  discount: 'percent' | 'fixed_amount';
  value: number;
  currency: string;
  /** null: never expires. */
  expiresInDays: number | null;
}

export interface IssuedRewardCode {
  code: string;
  expires_at: string | null;
}

/** `R` and 11 characters of the referral-code alphabet (shared/core/code-rules.ts isRewardCode), none rude. */
function newRewardCode(): string {
  for (;;) {
    const code = `R${randomChars(CODE_ALPHABET, 11)}`;
    if (!containsOffensiveWord(code)) return code;
  }
}

const ATTEMPTS = 5;

/**
 * The single-use code for `reference`, issued on the first call: a retry, or a concurrent call for
 * the same reference, gets the same code back (the reference is claimed with the code, atomically).
 */
export async function issueRewardCode(
  p: { env: StoreEnv; tenant: Tenant; ctx?: unknown },
  input: RewardCodeInput,
  now: number,
): Promise<IssuedRewardCode> {
  const store = rewardCodeStore(p.env);
  const at = new Date(now).toISOString();
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const existing = await store.codeOf(p.tenant, input.reference);
    if (existing) {
      const read = await store.read(p.tenant, existing);
      if (!read) throw new Error(`reward code ${input.reference} points at a missing code`);
      return { code: read.record.code, expires_at: read.record.expires_at };
    }
    const expiresAt = input.expiresInDays === null ? null : new Date(now + input.expiresInDays * 86_400_000);
    const record: RewardCodeRecord = {
      code: newRewardCode(),
      reference: input.reference,
      advocate_id: input.advocateId,
      program_id: input.programId,
      discount: input.discount,
      value: input.value,
      currency: input.currency,
      expires_at: expiresAt?.toISOString() ?? null,
      status: 'active',
      redemption_id: null,
      order_digest: null,
      created_at: at,
      updated_at: at,
    };
    if (await store.claim(p.tenant, record)) return { code: record.code, expires_at: record.expires_at };
  }
  throw new Error(`reward code for ${input.reference} kept conflicting`);
}
