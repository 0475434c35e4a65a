import type { Program } from '../../shared/schemas/program.ts';
import type { Reward } from '../../shared/schemas/reward.ts';
import { programStore } from '../storage/programs.ts';
import { rewardCodeStore } from '../storage/reward-codes.ts';
import { rewardStore } from '../storage/rewards.ts';
import type { Tenant } from '../tenant.ts';
import { issueRewardCode, type RewardCodeInput } from './issue-reward-code.ts';
import { queueRewardCodeSync } from './queue-code-sync.ts';

type Publisher = { env: Env; ctx: { waitUntil(p: Promise<unknown>): void }; tenant: Tenant };
type Terms = Pick<RewardCodeInput, 'discount' | 'value' | 'currency' | 'expiresInDays'>;

/**
 * The code's terms: the reward's tier's (or the program's) `reward_code` settings. When the program no
 * longer gives codes, a fixed code's recorded amount still says what it is worth; a percent one is lost.
 */
function termsOf(program: Program | null, reward: Reward): Terms | null {
  const tier = program?.reward_tiers.find((t) => t.label === reward.tier)?.reward;
  for (const offer of [tier, program?.referrer_reward]) {
    if (offer?.type === 'reward_code') {
      const { discount, value, currency, expires_in_days: expiresInDays } = offer;
      return { discount, value, currency, expiresInDays };
    }
  }
  if (reward.original_amount <= 0 || reward.currency === null) return null;
  return { discount: 'fixed_amount', value: reward.original_amount, currency: reward.currency, expiresInDays: null };
}

async function issueFor(p: Publisher, reward: Reward, now: number): Promise<void> {
  const program = await programStore(p.env).get(p.tenant, reward.program_id);
  const terms = termsOf(program, reward);
  if (!terms) {
    console.error('reward code: no terms for', reward.id);
    return;
  }
  const base = { advocateId: reward.advocate_id, programId: reward.program_id, reference: reward.id };
  const issued = await issueRewardCode(p, { ...base, ...terms }, now);
  await rewardStore(p.env).setRewardCode(p.tenant, reward.id, issued);
  await queueRewardCodeSync(p.env, p.tenant, issued.code, now);
}

/** A voided reward's code is disabled unless it was used first (then the reward was paid, never voided). */
async function disableFor(p: Publisher, reward: Reward, now: number): Promise<void> {
  const store = rewardCodeStore(p.env);
  const code = reward.reward_code?.code ?? (await store.codeOf(p.tenant, reward.id));
  if (!code) return;
  for (let attempt = 0; attempt < 5; attempt++) {
    const read = await store.read(p.tenant, code);
    if (read?.record.status !== 'active') break;
    const next = { ...read.record, status: 'disabled' as const, updated_at: new Date(now).toISOString() };
    if (await store.replace(p.tenant, read, next)) break;
  }
  await queueRewardCodeSync(p.env, p.tenant, code, now);
}

const givesCode = (r: Reward) => r.type === 'reward_code' && r.recipient === 'advocate' && r.kind === 'reward';

/**
 * Reward codes follow their `reward_code` rewards: approval issues the advocate's single-use code (once per
 * reward, recorded on the reward), a void disables it. Every step is idempotent, so a retry completes a
 * lost one. The copy at a connected checkout (coupon sync) is queued for the scheduled run.
 */
export async function fulfilRewardCodes(p: Publisher, rewards: Reward[], now: number): Promise<void> {
  for (const reward of rewards) {
    if (!givesCode(reward)) continue;
    if (reward.status === 'approved') await issueFor(p, reward, now);
    else if (reward.status === 'voided') await disableFor(p, reward, now);
  }
}

/**
 * `rewards` carrying the codes issued for them (read again after fulfilment), so an approval's event names its
 * code. Only the `reward_code` field is taken from the read: the rest stays as the move answered it.
 */
export async function withRewardCodes(p: Publisher, rewards: Reward[]): Promise<Reward[]> {
  const ids = rewards.filter((r) => givesCode(r) && r.status === 'approved' && !r.reward_code).map((r) => r.id);
  if (ids.length === 0) return rewards;
  const codes = new Map((await rewardStore(p.env).getMany(p.tenant, ids)).map((r) => [r.id, r.reward_code]));
  return rewards.map((r) => {
    const code = codes.get(r.id);
    return code ? { ...r, reward_code: code } : r;
  });
}
