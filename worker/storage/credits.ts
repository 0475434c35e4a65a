import { CreditEntry, type CreditEntry as Entry } from '../../shared/schemas/credit.ts';
import { newId } from '../lib/ids.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { hashFields } from './hash-reply.ts';
import { CREDIT_ADD, CREDIT_MOVE, CREDIT_TAKE } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';

/** A credit ledger entry as stored (written by lua/credit-add.lua and credit-take.lua). */
const creditEntryCodec = defineCodec({ name: 'credit_entry', schema: CreditEntry });

/** What one credit script did: `new` (applied now), `existing` (applied before: the same entry), or why not. */
export type CreditOutcome = { status: 'new' | 'existing'; entry: Entry } | { status: 'missing' | 'empty'; entry: null };

interface CreditChange {
  ref: string;
  requires: string;
  kind: Entry['kind'];
  reference: string;
  currency: string;
  amount: number;
}

async function change(redis: Redis, t: Tenant, externalId: string, c: CreditChange, now: number) {
  const keys = [
    redisKeys.creditBalances(t, externalId),
    redisKeys.creditEntries(t, externalId),
    redisKeys.creditRefs(t, externalId),
    redisKeys.creditLedger(t, externalId),
  ] as [string, string, string, string];
  const script = c.kind === 'grant' || c.kind === 'restore' ? CREDIT_ADD : CREDIT_TAKE;
  const id = newId('credit_entry', now);
  const at = new Date(now).toISOString();
  const argv: [string, string, string, string, number, string, string, string] = [
    c.ref,
    c.requires,
    id,
    c.currency,
    c.amount,
    c.kind,
    c.reference,
    at,
  ];
  const [status, raw] = await runScript(redis, script, keys, argv);
  if (status === 'new' || status === 'existing') return { status, entry: creditEntryCodec.decode(raw) };
  return { status: status as 'missing' | 'empty', entry: null } satisfies CreditOutcome;
}

async function ledgerPage(redis: Redis, t: Tenant, externalId: string, limit: number, before?: string) {
  const max: '+' | `(${string}` = before ? `(${before}` : '+';
  const ids = (await redis.zrange(redisKeys.creditLedger(t, externalId), max, '-', {
    byLex: true,
    rev: true,
    offset: 0,
    count: limit + 1,
  })) as string[];
  const page = ids.slice(0, limit);
  // With deserialisation off HMGET answers a plain array of the values, in the order asked.
  const raws = page.length ? ((await redis.hmget(redisKeys.creditEntries(t, externalId), ...page)) as unknown) : [];
  const list = Array.isArray(raws) ? raws : page.map((id) => (raws as Record<string, unknown> | null)?.[id]);
  const entries = list.flatMap((raw) => (typeof raw === 'string' ? [creditEntryCodec.decode(raw)] : []));
  return { entries, hasMore: ids.length > limit };
}

async function balances(redis: Redis, t: Tenant, externalId: string) {
  const fields = hashFields(await redis.hgetall(redisKeys.creditBalances(t, externalId)));
  return Object.entries(fields)
    .map(([currency, amount]) => ({ currency, amount: Number(amount) }))
    .filter((line) => line.amount > 0)
    .sort((a, b) => a.currency.localeCompare(b.currency));
}

const creditKeys = (t: Tenant, name: string) =>
  [
    redisKeys.creditBalances(t, name),
    redisKeys.creditEntries(t, name),
    redisKeys.creditRefs(t, name),
    redisKeys.creditLedger(t, name),
  ] as const;

/** Customers' store credit: balances per currency, each change applied once by its reference. */
export const creditStore = defineStore((redis) => ({
  /** Credits an approved `store_credit` reward once. */
  grant: (t: Tenant, externalId: string, r: { id: string; amount: number; currency: string }, now: number) =>
    change(
      redis,
      t,
      externalId,
      { ref: `grant:${r.id}`, requires: '', kind: 'grant', reference: r.id, amount: r.amount, currency: r.currency },
      now,
    ),
  /**
   * Brings a granted reward's credit down to `target` (0 when voided; its amount after a refund), once per
   * target: at most what is left is taken, the rest is recorded as owed. `empty` when already there.
   */
  revoke: (t: Tenant, externalId: string, rewardId: string, target: number, now: number) =>
    change(
      redis,
      t,
      externalId,
      {
        ref: `revoke:${rewardId}:${target}`,
        requires: `grant:${rewardId}`,
        kind: 'revoke',
        reference: rewardId,
        currency: '',
        amount: target,
      },
      now,
    ),
  /** Spends at most the balance on an order, once per order. */
  spend: (t: Tenant, externalId: string, s: { order_id: string; amount: number; currency: string }, now: number) =>
    change(
      redis,
      t,
      externalId,
      {
        ref: `spend:${s.order_id}`,
        requires: '',
        kind: 'spend',
        reference: s.order_id,
        amount: s.amount,
        currency: s.currency,
      },
      now,
    ),
  /** Gives an order's spend back once. */
  restore: (t: Tenant, externalId: string, orderId: string, now: number) =>
    change(
      redis,
      t,
      externalId,
      {
        ref: `restore:${orderId}`,
        requires: `spend:${orderId}`,
        kind: 'restore',
        reference: orderId,
        currency: '',
        amount: 0,
      },
      now,
    ),
  /** The entry recorded for a reference (`spend:{order}`, …), if any. */
  entryFor: async (t: Tenant, externalId: string, ref: string) => {
    const id = await redis.hget<string>(redisKeys.creditRefs(t, externalId), ref);
    const raw = id ? await redis.hget<string>(redisKeys.creditEntries(t, externalId), id) : null;
    return creditEntryCodec.decodeOrNull(raw);
  },
  balances: (t: Tenant, externalId: string) => balances(redis, t, externalId),
  /**
   * An erased person's credit records renamed to their marker in one script (entries hold no personal
   * field: amounts, reward and order ids). Answers how many ledger entries moved.
   */
  moveTo: async (t: Tenant, externalId: string, marker: string) =>
    Number(await runScript(redis, CREDIT_MOVE, [...creditKeys(t, externalId), ...creditKeys(t, marker)], [])),
  ledger: (t: Tenant, externalId: string, limit: number, before?: string) =>
    ledgerPage(redis, t, externalId, limit, before),
}));
