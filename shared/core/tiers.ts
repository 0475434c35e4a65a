import type { Program } from '../schemas/program.ts';

type Tier = Program['reward_tiers'][number];
type Tiered = Pick<Program, 'reward_tiers'>;

/** The tier an advocate is in after `conversions` rewarded conversions (null: the base reward). */
export function tierFor(program: Tiered, conversions: number): Tier | null {
  let best: Tier | null = null;
  for (const tier of program.reward_tiers) {
    if (conversions >= tier.from_conversions && (!best || tier.from_conversions > best.from_conversions)) best = tier;
  }
  return best;
}

/** The range of rewarded-conversion counts that share `count`'s tier: [from, to]. */
export function tierRange(program: Tiered, count: number): [number, number] {
  const thresholds = program.reward_tiers.map((t) => t.from_conversions);
  const lo = Math.max(1, ...thresholds.filter((x) => x <= count));
  const above = thresholds.filter((x) => x > count);
  return [lo, above.length ? Math.min(...above) - 1 : Infinity];
}
