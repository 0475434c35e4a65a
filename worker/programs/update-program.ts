import { type Program, ProgramCreate, type ProgramUpdate } from '../../shared/schemas/program.ts';
import { ApiError } from '../errors/api-error.ts';
import { check } from '../lib/validate.ts';

/** Merges a PATCH: settings objects one level deep, everything else replaced. */
function merge(current: Program, patch: ProgramUpdate, now: Date): Program {
  const { attribution, limits, widget, payouts, points, ...rest } = patch;
  return {
    ...current,
    ...rest,
    attribution: { ...current.attribution, ...attribution },
    limits: { ...current.limits, ...limits },
    widget: { ...current.widget, ...widget },
    payouts: { ...current.payouts, ...payouts },
    points: { ...current.points, ...points },
    updated_at: now.toISOString(),
  } as Program;
}

/**
 * The program a PATCH makes of `current` (run inside the store's read-modify-write): an ended
 * program stays ended, and the merged program must still satisfy every rule a new one does.
 */
export function applyProgramUpdate(current: Program, patch: ProgramUpdate, now: Date): Program {
  if (current.status === 'ended' && patch.status !== undefined && patch.status !== 'ended') {
    throw new ApiError(
      'conflict_error',
      'program_ended',
      'An ended program cannot be reopened; create a new program instead.',
      { param: 'status' },
    );
  }
  const next = merge(current, patch, now);
  // The merged program must still satisfy every rule a new one does (dates, tiers).
  const { id: _id, object: _o, livemode: _l, created_at: _c, updated_at: _u, ...fields } = next;
  check(ProgramCreate, fields);
  return next;
}
