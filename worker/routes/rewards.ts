import { type Balance, RewardAction, RewardListQuery, type Reward } from '../../shared/schemas/reward.ts';
import { currentEvents, publish, rewardEvents } from '../conversions/publish-outcomes.ts';
import { getRewards } from '../conversions/records.ts';
import { ApiError } from '../errors/api-error.ts';
import { getRedis } from '../storage/client.ts';
import { cursor, notFound, parseBody, parseQuery, pathId } from '../lib/validate.ts';
import { moveReward, type RewardMove } from '../rewards/move-reward.ts';
import { readBalance } from '../rewards/read-balance.ts';
import { getAdvocate } from '../storage/advocates.ts';
import { listBody, pageOfIds } from '../storage/paginate.ts';
import { redisKeys } from '../storage/redis-keys.ts';
import { secretApi } from './secret-api.ts';

/** /v1/rewards: the ledger, and the merchant's approve / void / mark-paid actions. */
export const rewards = secretApi();

rewards.get('/', async (c) => {
  const query = parseQuery(c, RewardListQuery);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  const advocateId = query.advocate_id !== undefined ? cursor('advocate', query.advocate_id) : undefined;
  const index = advocateId
    ? redisKeys.advocateRewards(tenant, advocateId)
    : redisKeys.rewards(tenant, query.status ?? 'all');
  const page = await pageOfIds(redis, index, query.limit, cursor('reward', query.starting_after));
  const found = await getRewards(redis, tenant, page.ids);
  // With both filters the advocate's list is paged and filtered: a page may be short, the cursor stays right.
  const data = advocateId && query.status ? found.filter((r) => r.status === query.status) : found;
  return c.json({ ...listBody(data, page.hasMore), next_cursor: page.hasMore ? page.ids.at(-1)! : null });
});

rewards.get('/:id', async (c) => {
  const [reward] = await getRewards(getRedis(c.env), c.get('auth').tenant, [pathId(c, 'id', 'reward')]);
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
    const { tenant } = c.get('auth');
    const result = await moveReward(getRedis(c.env), tenant, id, move, note ?? defaultNote, Date.now());
    if (result.kind === 'missing') throw notFound('reward');
    if (result.kind === 'not_allowed') {
      throw new ApiError(
        'conflict_error',
        'invalid_reward_state',
        `A ${result.reward.status} reward cannot be ${move === 'mark_paid' ? 'marked paid' : `${move}d`}: only ${result.allowedFrom.join(' or ')} rewards can.`,
      );
    }
    // A retry (unchanged) publishes the reward's events again: one a failure after the move lost goes out now.
    const moved = result.kind === 'moved' ? [{ before: result.previous, after: result.reward }] : null;
    const events = moved ? rewardEvents(moved) : currentEvents([result.reward]);
    await publish({ env: c.env, ctx: c.executionCtx, tenant }, events);
    return c.json(result.reward satisfies Reward);
  });
}

/** GET /v1/advocates/{id}/balance: exact sums per state and unit. */
export const advocateBalance = secretApi();

advocateBalance.get('/', async (c) => {
  const id = pathId(c, 'advocateId', 'advocate');
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  if (!(await getAdvocate(redis, tenant, id))) throw notFound('advocate');
  return c.json((await readBalance(redis, tenant, id)) satisfies Balance);
});
