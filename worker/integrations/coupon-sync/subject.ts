import { isRewardCode } from '../../../shared/core/code-rules.ts';
import { rewardCodeOffer } from '../../../shared/core/offers.ts';
import type { Program, RefereeOffer } from '../../../shared/schemas/program.ts';
import { advocateStore, type CodeRecord } from '../../storage/advocates.ts';
import type { CouponSyncState } from '../../storage/coupon-sync.ts';
import { programStore } from '../../storage/programs.ts';
import { rewardCodeStore } from '../../storage/reward-codes.ts';
import type { StoreEnv } from '../../storage/store.ts';
import type { Tenant } from '../../tenant.ts';

/** The code being copied into a checkout, with its program and the offer the copy gives. */
export interface Subject {
  tenant: Tenant;
  code: string;
  record: CodeRecord;
  program: Program;
  /** The program's friend offer, or a reward code's own discount. */
  offer: RefereeOffer;
  /** A reward code: one use, until it expires, active while the code is (null: a referral code). */
  single: { expires_at: string | null } | null;
}

/** What a provider adapter settled on: the state fields it decides. */
export type Settled = Pick<CouponSyncState, 'status' | 'offer' | 'remote_id' | 'coupon_id' | 'active' | 'reason'>;

/** The code and its program, or null when the code is not this tenant's (nothing to copy). */
export async function loadSubject(env: StoreEnv, t: Tenant, code: string): Promise<Subject | null> {
  const reward = isRewardCode(code) ? await loadRewardCode(env, t, code) : null;
  if (reward) return reward;
  const record = await advocateStore(env).codeFor(t, code);
  if (!record) return null;
  const program = await programStore(env).get(t, record.program_id);
  return program ? { tenant: t, code, record, program, offer: program.referee_offer, single: null } : null;
}

/** A reward code as a subject: copied while active, disabled once used or voided (its record says which). */
async function loadRewardCode(env: StoreEnv, t: Tenant, code: string): Promise<Subject | null> {
  const read = await rewardCodeStore(env).read(t, code);
  if (!read) return null;
  const r = read.record;
  const program = await programStore(env).get(t, r.program_id);
  if (!program) return null;
  const status = r.status === 'active' ? ('active' as const) : ('disabled' as const);
  const base = { merchant_id: t.merchantId, mode: t.mode, program_id: r.program_id, advocate_id: r.advocate_id };
  const record: CodeRecord = { ...base, status, created_at: r.created_at, updated_at: r.updated_at };
  return { tenant: t, code, record, program, offer: rewardCodeOffer(r), single: { expires_at: r.expires_at } };
}

/**
 * The copy takes orders while the code is active and its program is neither paused nor ended (as
 * set by a PATCH, which re-syncs the program's codes; an `ends_at` passing by is not a trigger).
 */
export function wantsActive(s: Subject): boolean {
  if (s.single) return s.record.status === 'active';
  return s.record.status === 'active' && s.program.status !== 'paused' && s.program.status !== 'ended';
}

/** Skipped: nothing made at the provider for this offer (an earlier copy's ids are kept). */
export function skipped(previous: CouponSyncState | null, reason: string, active = false): Settled {
  return {
    status: 'skipped',
    offer: previous?.offer ?? null,
    remote_id: previous?.remote_id ?? null,
    coupon_id: previous?.coupon_id ?? null,
    active,
    reason,
  };
}
