import * as z from 'zod';
import { PointsEntry, PointsRedemption } from '../../shared/schemas/points.ts';
import { Program } from '../../shared/schemas/program.ts';
import { newId } from '../lib/ids.ts';
import type { Redis } from './client.ts';
import { defineCodec } from './codec.ts';
import { hashFields } from './hash-reply.ts';
import { ledgerPage } from './ledger-page.ts';
import { POINTS_CHANGE, POINTS_MOVE } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';

/** A catalog item's reward, as the program had it when the redemption was made. */
const CatalogReward = Program.shape.points.shape.catalog.element.shape.reward;
export type CatalogReward = z.infer<typeof CatalogReward>;

/**
 * A redemption as stored (written by lua/points-change.lua with its entry): what the item gives, kept so a
 * retry finishes it even after the catalog changed, and `given` once it was given.
 */
const PointsRedemptionRecord = PointsRedemption.extend({
  given: PointsRedemption.shape.given.nullable(),
  reward: CatalogReward,
  entry_id: z.string(),
});
export type PointsRedemptionRecord = z.infer<typeof PointsRedemptionRecord>;

const entryCodec = defineCodec({ name: 'points_entry', schema: PointsEntry });
const redemptionCodec = defineCodec({ name: 'points_redemption', schema: PointsRedemptionRecord });

/** What one change did: `new` or `existing` (its entry), or why nothing; `expired` lists lapsed lots it expired. */
export type PointsOutcome = {
  status: 'new' | 'existing' | 'missing' | 'empty' | 'insufficient';
  entry: PointsEntry | null;
  redemption: PointsRedemptionRecord | null;
  expired: PointsEntry[];
};

/** Whose points: a customer (external id) in a program. */
export type PointsOwner = { tenant: Tenant; programId: string; externalId: string };

interface Change {
  op: 'earn' | 'revoke' | 'redeem' | 'expire';
  ref: string;
  requires?: string;
  points: number;
  reference: string;
  expiresAt?: number;
  redemption?: string;
}

const keysOf = (o: PointsOwner) =>
  [
    redisKeys.pointsState(o.tenant, o.programId, o.externalId),
    redisKeys.pointsEntries(o.tenant, o.programId, o.externalId),
    redisKeys.pointsLedger(o.tenant, o.programId, o.externalId),
    redisKeys.pointsLots(o.tenant, o.programId, o.externalId),
    redisKeys.pointsRedemptions(o.tenant, o.programId, o.externalId),
    redisKeys.pointsPrograms(o.tenant, o.externalId),
  ] as [string, string, string, string, string, string];

/** Entry ids are `pte_` ids; the script adds the last 3 characters (its entries in order). */
const entryBase = (now: number) => `pte_${newId('credit_entry', now).slice(4, -3)}`;

async function change(redis: Redis, o: PointsOwner, c: Change, now: number): Promise<PointsOutcome> {
  const reply = await runScript(redis, POINTS_CHANGE, keysOf(o), [
    c.op,
    c.ref,
    c.requires ?? '',
    entryBase(now),
    c.points,
    c.reference,
    new Date(now).toISOString(),
    now,
    c.expiresAt ?? 0,
    c.redemption ?? '',
    o.programId,
  ]);
  const [status, entry, redemption, ...expired] = reply;
  return {
    status: status as PointsOutcome['status'],
    entry: entry ? entryCodec.decode(entry) : null,
    redemption: redemption ? redemptionCodec.decode(redemption) : null,
    expired: expired.map((raw) => entryCodec.decode(raw)),
  };
}

/** The balance and the lots that will lapse, soonest first. */
async function balanceOf(redis: Redis, o: PointsOwner) {
  const fields = hashFields(await redis.hgetall(redisKeys.pointsState(o.tenant, o.programId, o.externalId)));
  const expiring = Object.entries(fields)
    .filter(([field]) => field.startsWith('exp:'))
    .map(([field, ms]) => ({ points: Number(fields[`lot:${field.slice(4)}`] ?? 0), at: Number(ms) }))
    .filter((lot) => lot.points > 0)
    .sort((a, b) => a.at - b.at)
    .map((lot) => ({ points: lot.points, expires_at: new Date(lot.at).toISOString() }));
  return { balance: Math.max(0, Number(fields.balance ?? 0)), expiring };
}

/** A program's five keys of one name (state, entries, ledger, lots, redemptions), for a move. */
const moveKeys = (t: Tenant, programId: string, name: string) =>
  keysOf({ tenant: t, programId, externalId: name }).slice(0, 5);

/**
 * An erased person's points records, in every program, renamed to their marker in one script (entries hold
 * no personal field; redemptions are rewritten with the marker). Read again when a program was added
 * meanwhile. Answers how many ledger entries moved.
 */
async function moveTo(redis: Redis, t: Tenant, externalId: string, marker: string): Promise<number> {
  for (;;) {
    const programs = ((await redis.smembers(redisKeys.pointsPrograms(t, externalId))) as string[]).sort();
    const keys = [
      redisKeys.pointsPrograms(t, externalId),
      redisKeys.pointsPrograms(t, marker),
      ...programs.flatMap((id) => [...moveKeys(t, id, externalId), ...moveKeys(t, id, marker)]),
    ];
    const moved = Number(await runScript(redis, POINTS_MOVE, keys, [programs.join(','), marker]));
    if (moved >= 0) return moved;
  }
}

/** Customers' points per program: each change applied once by its reference, in one script. */
export const pointsStore = defineStore((redis) => ({
  /** Credits an approved `points` reward once, as a lot lapsing at `expiresAt` (ms; null: never). */
  earn: (o: PointsOwner, r: { id: string; points: number; expiresAt: number | null }, now: number) =>
    change(
      redis,
      o,
      { op: 'earn', ref: `earn:${r.id}`, points: r.points, reference: r.id, expiresAt: r.expiresAt ?? 0 },
      now,
    ),
  /** Brings an earned reward's points down to `target`, once per target (the rest recorded as owed). */
  revoke: (o: PointsOwner, rewardId: string, target: number, now: number) =>
    change(
      redis,
      o,
      {
        op: 'revoke',
        ref: `revoke:${rewardId}:${target}`,
        requires: `earn:${rewardId}`,
        points: target,
        reference: rewardId,
      },
      now,
    ),
  /** Takes a redemption's cost once (by its id) and records it, or `insufficient` and nothing taken. */
  redeem: (o: PointsOwner, r: Omit<PointsRedemptionRecord, 'balance_after'>, now: number) =>
    change(
      redis,
      o,
      {
        op: 'redeem',
        ref: `redeem:${r.id}`,
        points: r.cost,
        reference: r.id,
        redemption: redemptionCodec.encode({ ...r, balance_after: 0 }),
      },
      now,
    ),
  /** Expires the lots past their time (an `expire` entry each). */
  expire: (o: PointsOwner, now: number) => change(redis, o, { op: 'expire', ref: '', points: 0, reference: '' }, now),
  /** A redemption made before, if any. */
  redemption: async (o: PointsOwner, id: string) =>
    redemptionCodec.decodeOrNull(
      await redis.hget<string>(redisKeys.pointsRedemptions(o.tenant, o.programId, o.externalId), id),
    ),
  /** Records what a redemption gave (the same on every retry: each giving is applied once by its reference). */
  given: async (o: PointsOwner, r: PointsRedemptionRecord) => {
    await redis.hset(redisKeys.pointsRedemptions(o.tenant, o.programId, o.externalId), {
      [r.id]: redemptionCodec.encode(r),
    });
  },
  balance: (o: PointsOwner) => balanceOf(redis, o),
  ledger: (o: PointsOwner, limit: number, before?: string) =>
    ledgerPage(
      redis,
      {
        ledger: redisKeys.pointsLedger(o.tenant, o.programId, o.externalId),
        entries: redisKeys.pointsEntries(o.tenant, o.programId, o.externalId),
      },
      entryCodec,
      limit,
      before,
    ),
  moveTo: (t: Tenant, externalId: string, marker: string) => moveTo(redis, t, externalId, marker),
  /** The programs where the customer ever had points. */
  programsOf: async (t: Tenant, externalId: string) =>
    ((await redis.smembers(redisKeys.pointsPrograms(t, externalId))) as string[]).sort(),
}));
