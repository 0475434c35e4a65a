import { type Balance, type Reward, RewardAction, RewardListQuery } from '../../shared/schemas/reward.ts';
import { ApiError } from '../errors/api-error.ts';
import { cursor, notFound, parseBody, parseQuery, pathId } from '../lib/validate.ts';
import { moveReward, type RewardMove } from '../rewards/move-reward.ts';
import { advocateStore } from '../storage/advocates.ts';
import { listBody } from '../storage/paginate.ts';
import { rewardStore } from '../storage/rewards.ts';
import { secretApi } from './secret-api.ts';

/** /v1/rewards: the ledger, and the merchant's approve / void / mark-paid actions. */
export const rewards = secretApi();

rewards.get('/', async (c) => {
  const query = parseQuery(c, RewardListQuery);
  const { tenant } = c.get('auth');
  const advocateId = query.advocate_id !== undefined ? cursor('advocate', query.advocate_id) : undefined;
  const of = advocateId ? { advocateId } : query.status ? { status: query.status } : {};
  const page = await rewardStore(c.env).page(tenant, of, query.limit, cursor('reward', query.starting_after));
  // With both filters the advocate's list is paged and filtered: a page may be short, the cursor stays right.
  const data = advocateId && query.status ? page.rewards.filter((r) => r.status === query.status) : page.rewards;
  return c.json({ ...listBody(data, page.hasMore), next_cursor: page.hasMore ? page.ids.at(-1)! : null });
});

rewards.get('/:id', async (c) => {
  const reward = await rewardStore(c.env).get(c.get('auth').tenant, pathId(c, 'id', 'reward'));
  if (!reward) throw notFound('reward');
  return c.json(reward);
});

const ACTIONS: [path: string, move: RewardMove, note: string][] = [
  ['approve', 'approve', 'approved by the merchant'],
  ['void', 'void', 'voided by the merchant'],
  ['mark_paid', 'mark_paid', 'marked paid by the merchant'],
];

for (const [path, move, defaultNote] of ACTIONS) {
  rewards.post(`/:id/${path}`, async (c) => {
    const id = pathId(c, 'id', 'reward');
    const { note } = await parseBody(c, RewardAction);
    const publisher = { env: c.env, ctx: c.executionCtx, tenant: c.get('auth').tenant };
    const result = await moveReward(publisher, id, move, note ?? defaultNote, Date.now());
    if (result.kind === 'missing') throw notFound('reward');
    if (result.kind === 'in_payout') {
      throw new ApiError(
        'conflict_error',
        'reward_in_payout',
        `This reward is in payout ${result.reward.payout_id}: it is paid or returned with that payout ` +
          '(fail the payout to release it; a refund of its order becomes an adjustment on the next payout).',
      );
    }
    if (result.kind === 'not_allowed') {
      throw new ApiError(
        'conflict_error',
        'invalid_reward_state',
        `A ${result.reward.status} reward cannot be ${move === 'mark_paid' ? 'marked paid' : `${move}d`}: ` +
          `only ${result.allowedFrom.join(' or ')} rewards can.`,
      );
    }
    return c.json(result.reward satisfies Reward);
  });
}

/** GET /v1/advocates/{id}/balance: exact sums per state and unit. */
export const advocateBalance = secretApi();

advocateBalance.get('/', async (c) => {
  const id = pathId(c, 'advocateId', 'advocate');
  const { tenant } = c.get('auth');
  if (!(await advocateStore(c.env).get(tenant, id))) throw notFound('advocate');
  return c.json((await rewardStore(c.env).balance(tenant, id)) satisfies Balance);
});
