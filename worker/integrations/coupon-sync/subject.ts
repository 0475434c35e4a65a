import type { Program } from '../../../shared/schemas/program.ts';
import { advocateStore, type CodeRecord } from '../../storage/advocates.ts';
import type { CouponSyncState } from '../../storage/coupon-sync.ts';
import { programStore } from '../../storage/programs.ts';
import type { StoreEnv } from '../../storage/store.ts';
import type { Tenant } from '../../tenant.ts';

/** The code being copied into a checkout, with its program (whose friend offer the copy gives). */
export interface Subject {
  tenant: Tenant;
  code: string;
  record: CodeRecord;
  program: Program;
}

/** What a provider adapter settled on: the state fields it decides. */
export type Settled = Pick<CouponSyncState, 'status' | 'offer' | 'remote_id' | 'coupon_id' | 'active' | 'reason'>;

/** The code and its program, or null when the code is not this tenant's (nothing to copy). */
export async function loadSubject(env: StoreEnv, t: Tenant, code: string): Promise<Subject | null> {
  const record = await advocateStore(env).codeFor(t, code);
  if (!record) return null;
  const program = await programStore(env).get(t, record.program_id);
  return program ? { tenant: t, code, record, program } : null;
}

/**
 * The copy takes orders while the code is active and its program is neither paused nor ended (as
 * set by a PATCH, which re-syncs the program's codes; an `ends_at` passing by is not a trigger).
 */
export function wantsActive(s: Subject): boolean {
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
