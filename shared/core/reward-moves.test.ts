import { describe, expect, it } from 'vitest';
import type { Reward, RewardStatus } from '../schemas/reward.ts';
import { exampleReward } from '../schemas/webhook-event-examples.ts';
import { applyMove, blockedByPayout, everApproved, MOVES, type RewardMove } from './reward-moves.ts';

const NOW = Date.parse('2026-12-07T12:00:00Z');
// The webhook docs' example reward, in each status (a pending one with its due date).
const reward = (status: RewardStatus): Reward => ({
  ...exampleReward,
  status,
  approve_after: status === 'pending' ? '2026-12-01T00:00:00.000Z' : null,
  history: [{ status, at: '2026-11-01T00:00:00.000Z', note: 'created' }],
});
const STATUSES: RewardStatus[] = ['pending', 'held', 'approved', 'paid', 'voided'];

describe('applyMove', () => {
  it('follows the ledger state machine from every status', () => {
    const table = Object.fromEntries(
      (Object.keys(MOVES) as RewardMove[]).map((move) => [
        move,
        STATUSES.map((s) => {
          const r = applyMove(reward(s), move, 'n', NOW);
          return typeof r === 'string' ? `${s}:${r}` : `${s}->${r.status}`;
        }),
      ]),
    );
    expect(table).toEqual({
      approve: ['pending->approved', 'held->approved', 'approved:unchanged', 'paid:not_allowed', 'voided:not_allowed'],
      void: ['pending->voided', 'held->voided', 'approved->voided', 'paid:not_allowed', 'voided:unchanged'],
      mark_paid: ['pending:not_allowed', 'held:not_allowed', 'approved->paid', 'paid:unchanged', 'voided:not_allowed'],
      release: ['pending:unchanged', 'held->pending', 'approved:not_allowed', 'paid:not_allowed', 'voided:not_allowed'],
    });
  });

  it('stamps the move at the given time and starts a hold period only on release', () => {
    const released = applyMove(reward('held'), 'release', 'cleared by review', NOW, 14) as Reward;
    expect(released.approve_after).toBe('2026-12-21T12:00:00.000Z');
    const last = released.history.at(-1);
    expect(last).toEqual({ status: 'pending', at: '2026-12-07T12:00:00.000Z', note: 'cleared by review' });
    expect(released.updated_at).toBe('2026-12-07T12:00:00.000Z');
    expect((applyMove(reward('pending'), 'approve', 'hold period over', NOW) as Reward).approve_after).toBeNull();
  });
});

describe('blockedByPayout', () => {
  it('blocks void and mark_paid of a reward in a payout, nothing else', () => {
    const inPayout = { ...reward('approved'), payout_id: 'po_1' };
    expect(blockedByPayout(inPayout, 'void')).toBe(true);
    expect(blockedByPayout(inPayout, 'mark_paid')).toBe(true);
    expect(blockedByPayout(inPayout, 'approve')).toBe(false);
    expect(blockedByPayout({ ...inPayout, payout_id: null }, 'void')).toBe(false);
    expect(blockedByPayout(reward('approved'), 'mark_paid')).toBe(false);
  });
});

describe('everApproved', () => {
  const at = '2026-12-01T00:00:00.000Z';
  const base = { history: [{ status: 'pending' as const, at, note: 'created' }] };
  it('is false for a reward that was only pending, held or voided; true once approved or paid', () => {
    expect(everApproved(base as never)).toBe(false);
    const voided = { history: [...base.history, { status: 'voided' as const, at, note: 'refund' }] };
    expect(everApproved(voided as never)).toBe(false);
    const approved = { history: [...base.history, { status: 'approved' as const, at, note: 'hold over' }] };
    expect(everApproved(approved as never)).toBe(true);
    expect(everApproved({ history: [{ status: 'paid' as const, at, note: 'born paid' }] } as never)).toBe(true);
  });
});
