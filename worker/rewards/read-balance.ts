import { hashFields } from '../storage/hash-reply.ts';
import type { Balance } from '../../shared/schemas/reward.ts';
import type { Redis } from '../storage/client.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';

const STATES = ['pending', 'held', 'approved', 'paid'] as const;

/** The advocate's balance lines from the `{status}:{unit}` sums kept by every reward move. */
export async function readBalance(redis: Redis, t: Tenant, advocateId: string): Promise<Balance> {
  const entries = Object.entries(hashFields(await redis.hgetall(redisKeys.advocateBalance(t, advocateId))));
  const lines = new Map<string, Balance['lines'][number]>();
  for (const [field, value] of entries) {
    const sep = field.indexOf(':');
    const state = field.slice(0, sep) as (typeof STATES)[number];
    const unit = field.slice(sep + 1);
    if (!STATES.includes(state)) continue;
    const line = lines.get(unit) ?? { unit, pending: 0, held: 0, approved: 0, paid: 0 };
    line[state] += Number(value);
    lines.set(unit, line);
  }
  return {
    object: 'balance',
    advocate_id: advocateId,
    lines: [...lines.values()].sort((a, b) => a.unit.localeCompare(b.unit)),
  };
}
