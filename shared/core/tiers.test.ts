import { describe, expect, it } from 'vitest';
import type { Program } from '../schemas/program.ts';
import { tierFor, tierRange } from './tiers.ts';

const tier = (from_conversions: number, label: string): Program['reward_tiers'][number] => ({
  from_conversions,
  label,
  reward: { type: 'fixed_amount', value: from_conversions * 100, currency: 'USD' },
});
// Given out of order on purpose: the rule does not depend on the order tiers are listed in.
const program = { reward_tiers: [tier(10, 'Gold'), tier(5, 'Silver')] };

describe('tierFor', () => {
  it('applies a tier from its from_conversions-th conversion on', () => {
    expect(tierFor(program, 0)).toBeNull();
    expect(tierFor(program, 4)).toBeNull();
    expect(tierFor(program, 5)?.label).toBe('Silver');
    expect(tierFor(program, 9)?.label).toBe('Silver');
    expect(tierFor(program, 10)?.label).toBe('Gold');
    expect(tierFor(program, 100_000)?.label).toBe('Gold');
  });

  it('is the base reward without tiers', () => {
    expect(tierFor({ reward_tiers: [] }, 50)).toBeNull();
  });
});

describe('tierRange', () => {
  it('is the range of counts sharing a tier, bounds included', () => {
    expect(tierRange(program, 1)).toEqual([1, 4]);
    expect(tierRange(program, 4)).toEqual([1, 4]);
    expect(tierRange(program, 5)).toEqual([5, 9]);
    expect(tierRange(program, 9)).toEqual([5, 9]);
    expect(tierRange(program, 10)).toEqual([10, Infinity]);
    expect(tierRange({ reward_tiers: [] }, 7)).toEqual([1, Infinity]);
  });

  it('agrees with tierFor at every count', () => {
    for (let count = 1; count <= 20; count++) {
      const [lo, hi] = tierRange(program, count);
      expect(lo).toBeLessThanOrEqual(count);
      expect(hi).toBeGreaterThanOrEqual(count);
      expect(tierFor(program, lo)).toBe(tierFor(program, count));
      if (Number.isFinite(hi)) expect(tierFor(program, hi + 1)).not.toBe(tierFor(program, count));
      if (lo > 1) expect(tierFor(program, lo - 1)).not.toBe(tierFor(program, count));
    }
  });
});
