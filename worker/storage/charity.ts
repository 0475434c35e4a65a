import * as z from 'zod';
import { defineCodec } from './codec.ts';
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

/**
 * A line as its hash field (after `a:` / `n:`) and its `line:{reward id}` value: a versioned JSON object, so any
 * charity name fits. Version 1 is the JSON array [program id, currency, charity name] first written; it is read
 * as `{"line": <array>}` and upgraded, and the rewards counted under it keep lowering that field.
 */
const lineCodec = defineCodec({
  name: 'charity_line',
  version: 2,
  schema: z.object({ program_id: z.string(), currency: z.string(), charity_name: z.string() }),
  migrations: {
    1: (old) => {
      const [program_id, currency, charity_name] = z.tuple([z.string(), z.string(), z.string()]).parse(old.line);
      return { program_id, currency, charity_name };
    },
  },
});

const lineField = (l: CharityLineKey) =>
  lineCodec.encode({ program_id: l.programId, currency: l.currency, charity_name: l.charityName });

function readLine(field: string): CharityLineKey | null {
  try {
    const line = lineCodec.decode(field.startsWith('[') ? `{"line":${field}}` : field);
    return { programId: line.program_id, currency: line.currency, charityName: line.charity_name };
  } catch {
    return null;
  }
}

/**
 * A month's lines from its totals hash, lines whose rewards were all voided left out. A line counted under
 * both stored versions of its field is one line (the sums of both).
 */
function monthTotals(fields: Record<string, string>): CharityTotals[] {
  const lines = new Map<string, CharityTotals>();
  for (const [field, amount] of Object.entries(fields)) {
    if (!field.startsWith('a:')) continue;
    const line = readLine(field.slice(2));
    if (!line) continue;
    const id = lineField(line);
    const total = lines.get(id) ?? { ...line, amount: 0, rewards: 0 };
    total.amount += Number(amount);
    total.rewards += Number(fields[`n:${field.slice(2)}`] ?? 0);
    lines.set(id, total);
  }
  return [...lines.values()].filter((l) => l.rewards > 0);
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
