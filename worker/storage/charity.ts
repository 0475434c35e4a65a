import * as z from 'zod';
import { hashFields } from './hash-reply.ts';
import { CHARITY_COUNT } from './lua/index.ts';
import { runScript } from './lua.ts';
import { pageOfIds } from './paginate.ts';
import { type Mode, redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';

/** What a charity reward counts towards: one line of its month's statement. */
export interface CharityLineKey {
  programId: string;
  currency: string;
  charityName: string;
}

/** A line's totals as stored: the line, its amount and how many rewards make it up. */
export interface CharityTotals extends CharityLineKey {
  amount: number;
  rewards: number;
}

// The line's hash field (after `a:` / `n:`), written by this file only: a JSON array, so any charity name fits.
const LineField = z.tuple([z.string(), z.string(), z.string()]);

const lineField = (l: CharityLineKey) => JSON.stringify([l.programId, l.currency, l.charityName]);

function readLine(field: string): CharityLineKey | null {
  try {
    const parsed = LineField.safeParse(JSON.parse(field));
    if (!parsed.success) return null;
    const [programId, currency, charityName] = parsed.data;
    return { programId, currency, charityName };
  } catch {
    return null;
  }
}

/** A month's lines from its totals hash, lines whose rewards were all voided left out. */
function monthTotals(fields: Record<string, string>): CharityTotals[] {
  const lines: CharityTotals[] = [];
  for (const [field, amount] of Object.entries(fields)) {
    if (!field.startsWith('a:')) continue;
    const line = readLine(field.slice(2));
    const rewards = Number(fields[`n:${field.slice(2)}`] ?? 0);
    if (line && rewards > 0) lines.push({ ...line, amount: Number(amount), rewards });
  }
  return lines;
}

const tenantMember = (t: Tenant) => `${t.mode}:${t.merchantId}`;

/** Charity totals per month (UTC month of approval), program, charity and currency; each reward counted once. */
export const charityStore = defineStore((redis) => ({
  /**
   * Counts a reward at `target` (its amount now; 0 once voided) in `month`: the first count adds it, later ones
   * only lower it, taking from the line it was first counted in. Answers the amount counted now.
   */
  count: async (t: Tenant, month: string, r: { id: string; target: number; line: CharityLineKey }) => {
    const keys: [string, string, string, string] = [
      redisKeys.charityCounted(t),
      redisKeys.charityMonth(t, month),
      redisKeys.charityMonthRewards(t, month),
      redisKeys.charityStatementsDue(month),
    ];
    const [status, amount] = await runScript(redis, CHARITY_COUNT, keys, [
      r.id,
      r.target,
      lineField(r.line),
      tenantMember(t),
    ]);
    return { status, amount: Number(amount) };
  },
  month: async (t: Tenant, month: string) =>
    monthTotals(hashFields(await redis.hgetall(redisKeys.charityMonth(t, month)))),
  /** A page of the reward ids a month counts (in id order). */
  rewardIds: (t: Tenant, month: string, limit: number, after?: string) =>
    pageOfIds(redis, redisKeys.charityMonthRewards(t, month), limit, after),
  settledAt: (t: Tenant, month: string) => redis.get<string>(redisKeys.charitySettled(t, month)),
  /** Records the month settled at `at` unless it already was; answers when it was (the first time wins). */
  settle: async (t: Tenant, month: string, at: string) => {
    const key = redisKeys.charitySettled(t, month);
    const set = await redis.set(key, at, { nx: true });
    return set === 'OK' ? at : ((await redis.get<string>(key)) ?? at);
  },
  /** Tenants whose statement for `month` is still to be sent. */
  due: async (month: string) =>
    ((await redis.smembers(redisKeys.charityStatementsDue(month))) as string[]).map((member) => {
      const [mode, merchantId] = member.split(':') as [Mode, string];
      return { mode, merchantId } satisfies Tenant;
    }),
  sent: async (month: string, t: Tenant) => {
    await redis.srem(redisKeys.charityStatementsDue(month), tenantMember(t));
  },
}));
