import { parseCode } from '../../shared/codes.ts';
import { isId } from '../../shared/ids.ts';
import type { ConversionCreate, Referral, UnattributedReason } from '../../shared/schemas/conversion.ts';
import type { Program } from '../../shared/schemas/program.ts';
import type { Reward, RewardStatus } from '../../shared/schemas/reward.ts';
import type * as z from 'zod';
import { customerDigest } from '../checkout/evaluate-code.ts';
import { newId } from '../lib/ids.ts';
import { programState } from '../../shared/core/program-state.ts';
import type { Redis } from '../storage/client.ts';
import type { ClickRecord } from '../redirect/record-click.ts';
import type { AdvocateRecord, CodeRecord } from '../storage/advocates.ts';
import { Changeset, CONFLICT, withRetries } from '../storage/changeset.ts';
import { hashFields } from '../storage/hash-reply.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import { assessRisk } from '../../shared/core/assess-risk.ts';
import { conversionView, getRewards, naturalKey, parse, type StoredConversion } from './records.ts';
import { friendReward } from '../../shared/core/offers.ts';
import { advocateReward, type Amount } from '../../shared/core/rewards.ts';
import { tierFor, tierRange } from '../../shared/core/tiers.ts';
import { addToLedger, indexReward } from './ledger-ops.ts';
import { conversionCreatedStats, countOrderReported, recordUnattributedOrder } from '../analytics/record-conversion.ts';

export type ConversionInput = z.output<typeof ConversionCreate>;

export type CreateResult =
  | {
      kind: 'created';
      conversion: StoredConversion;
      rewards: Reward[];
      referral: Referral;
      newReferral: boolean;
      tierChange: { from: string | null; to: string | null } | null;
    }
  | { kind: 'existing'; conversion: StoredConversion; rewards: Reward[] }
  | { kind: 'unattributed'; reason: UnattributedReason };

export const UNATTRIBUTED_MESSAGES: Record<UnattributedReason, string> = {
  no_click_or_code: 'Neither a click id nor a referral code was sent, so there is nobody to credit.',
  click_not_found:
    'No click with this id exists for this merchant (it may never have existed, or its attribution window ended).',
  click_expired: "The click is older than the program's attribution window.",
  code_not_found: 'No referral code with this value exists for this merchant.',
  program_inactive: 'The referral program is not running.',
  advocate_suspended: 'The advocate who referred this customer is suspended.',
};

interface Candidate {
  programId: string;
  advocateId: string;
  code: string | null;
  click: ClickRecord | null;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const hour = (ms: number) => new Date(ms).toISOString().slice(0, 13);
const VELOCITY_TTL = 2 * 86400;

/**
 * Records a conversion: who gets the credit (click and/or code, by the program's model), the
 * referral, the fraud assessment, and the rewards for advocate and friend, in one atomic step
 * that is retried on a concurrent change. Idempotent on the order id (or the customer's signup).
 */
export interface CreateOptions {
  /** A code redeemed at checkout: the friend's offer was given as the discount. */
  viaRedemption?: boolean;
  /** The code record and program the caller read already (checkout has them): not read again. */
  known?: { code: string; record: CodeRecord; program: Program };
}

export async function createConversion(
  redis: Redis,
  t: Tenant,
  input: ConversionInput,
  now: number,
  options: CreateOptions = {},
): Promise<CreateResult> {
  const key = await naturalKey(input);
  const result = await attributeAndRecord(redis, t, input, key, now, options);
  // An order nobody is credited for still counts among the orders reported (the referral rate's denominator).
  if (result.kind === 'unattributed' && input.type === 'sale') await recordUnattributedOrder(redis, t, key, now);
  return result;
}

async function attributeAndRecord(
  redis: Redis,
  t: Tenant,
  input: ConversionInput,
  key: string,
  now: number,
  options: CreateOptions,
): Promise<CreateResult> {
  const occurredAt = input.occurred_at ? Date.parse(input.occurred_at) : now;
  const clickId = input.click_id !== undefined && isId('click', input.click_id) ? input.click_id : null;
  const code = input.code !== undefined ? parseCode(input.code) : null;
  const known = options.known && options.known.code === code ? options.known : undefined;

  // With everything known and no click, the natural key is checked in the second read instead.
  let existingId: string | null = null;
  let clickRaw: string | null = null;
  let codeRaw: string | null = known ? JSON.stringify(known.record) : null;
  if (!known || clickId) {
    const first = redis.pipeline();
    first.get(redisKeys.conversionByKey(t, key));
    first.get(clickId ? redisKeys.click(clickId) : redisKeys.click('none'));
    first.get(code && !known ? redisKeys.code(code) : redisKeys.code('none'));
    const [a, b, c] = (await first.exec()) as [string | null, string | null, string | null];
    [existingId, clickRaw] = [a, b];
    if (!known) codeRaw = c;
  }
  if (existingId) return existing(redis, t, existingId);

  // Candidates: the click (its credited click under first-click), and the code.
  let click = parse<ClickRecord>(clickRaw);
  if (click && (click.merchant_id !== t.merchantId || click.mode !== t.mode)) click = null;
  let clickProblem: UnattributedReason | null = input.click_id !== undefined && !click ? 'click_not_found' : null;
  if (click && Date.parse(click.expires_at) < occurredAt) {
    click = null;
    clickProblem = 'click_expired';
  }
  if (click && click.attributed_click_id !== click.id) {
    const credited = parse<ClickRecord>(await redis.get<string>(redisKeys.click(click.attributed_click_id)));
    if (credited && Date.parse(credited.expires_at) >= occurredAt) click = credited;
  }
  let codeRecord = parse<CodeRecord>(codeRaw);
  if (codeRecord && (codeRecord.merchant_id !== t.merchantId || codeRecord.mode !== t.mode)) codeRecord = null;
  const byClick: Candidate | null = click
    ? { programId: click.program_id, advocateId: click.advocate_id, code: click.code, click }
    : null;
  const byCode: Candidate | null =
    codeRecord && code
      ? { programId: codeRecord.program_id, advocateId: codeRecord.advocate_id, code, click: null }
      : null;
  if (!byClick && !byCode) {
    return {
      kind: 'unattributed',
      reason: clickProblem ?? (input.code !== undefined ? 'code_not_found' : 'no_click_or_code'),
    };
  }

  // Read the program of whichever candidate(s) we have, to let its model decide between them.
  const programOf = async (id: string) =>
    known?.program.id === id ? known.program : parse<Program>(await redis.get<string>(redisKeys.program(t, id)));
  let chosen: Candidate;
  let source: 'click' | 'code' | 'click_and_code';
  let reason: string;
  let program: Program | null;
  if (byClick && byCode && byClick.advocateId !== byCode.advocateId) {
    program = await programOf(byClick.programId);
    const model = program?.attribution.model ?? 'last_click';
    chosen = model === 'first_click' ? byClick : byCode;
    source = model === 'first_click' ? 'click' : 'code';
    if (chosen === byCode) program = await programOf(byCode.programId);
    reason =
      model === 'first_click'
        ? `The click and the code point to different advocates; under first-click attribution the referral link clicked first (${byClick.click!.id}) earns it, not the code ${byCode.code}.`
        : `The click and the code point to different advocates; under last-click attribution the code used at checkout (${byCode.code}) earns it, not the earlier click.`;
  } else if (byClick && byCode) {
    chosen = { ...byClick, code: byCode.code };
    source = 'click_and_code';
    program = await programOf(chosen.programId);
    reason = `The click and the code ${byCode.code} point to the same advocate.`;
  } else {
    chosen = (byClick ?? byCode)!;
    source = byClick ? 'click' : 'code';
    program = await programOf(chosen.programId);
    reason = byClick
      ? `The customer arrived through the advocate's referral link (${chosen.click!.id}).`
      : `The customer used the advocate's code ${chosen.code}.`;
  }
  if (!program || programState(program, occurredAt) === 'draft' || programState(program, occurredAt) === 'paused')
    return { kind: 'unattributed', reason: 'program_inactive' };
  const prog = program;
  const customer = await customerDigest({ external_id: input.customer.external_id });

  return withRetries(async () => {
    const visitor = chosen.click?.visitor || null;
    const reads = redis.pipeline();
    reads.get(redisKeys.advocate(t, chosen.advocateId));
    reads.hgetall(redisKeys.advocateLedger(t, chosen.advocateId));
    reads.get(redisKeys.referralByCustomer(t, prog.id, customer));
    reads.hget(redisKeys.velocity(t, 'advocate', chosen.advocateId, hour(occurredAt)), 'n');
    reads.hget(redisKeys.velocity(t, 'visitor', visitor ?? '-', hour(occurredAt)), 'n');
    reads.hget(redisKeys.velocity(t, 'visitor', visitor ?? '-', day(occurredAt)), 'n');
    reads.sismember(redisKeys.advocateVisitors(t, chosen.advocateId), visitor ?? '-');
    reads.get(redisKeys.conversionByKey(t, key));
    const [advocateRaw, ledgerFields, referralId, advHour, visHour, visDay, ownVisitor, raced] =
      (await reads.exec()) as [
        string | null,
        unknown,
        string | null,
        string | null,
        string | null,
        string | null,
        number,
        string | null,
      ];
    if (raced) return await existing(redis, t, raced);
    const advocate = parse<AdvocateRecord>(advocateRaw);
    if (!advocate) return { kind: 'unattributed', reason: 'code_not_found' } as CreateResult;
    if (advocate.status === 'suspended') return { kind: 'unattributed', reason: 'advocate_suspended' } as CreateResult;
    const referralRaw = referralId ? await redis.get<string>(redisKeys.referral(t, referralId)) : null;
    const oldReferral = parse<Referral>(referralRaw);
    // A referred customer belongs to the advocate who referred them first: read that one's ledger.
    if (oldReferral && oldReferral.advocate_id !== chosen.advocateId) {
      reason = `${reason} The customer was referred by ${oldReferral.advocate_id} first, who keeps the referral.`;
      chosen = { ...chosen, advocateId: oldReferral.advocate_id };
      return CONFLICT;
    }

    const risk = assessRisk({
      strictness: prog.fraud_strictness,
      customer: input.customer,
      advocate: { external_id: advocate.external_id, email: advocate.email },
      click: chosen.click,
      advocateOwnVisitor: Number(ownVisitor) === 1,
      advocateConversionsThisHour: Number(advHour ?? 0),
      visitorConversionsThisHour: Number(visHour ?? 0),
      visitorConversionsToday: Number(visDay ?? 0),
      occurredAt,
    });
    const status = risk.decision === 'reject' ? 'rejected' : risk.decision === 'hold' ? 'held' : 'approved';
    const at = new Date(now).toISOString();
    const conversionId = newId('conversion', now);
    const referral: Referral = oldReferral ?? {
      id: newId('referral', now),
      object: 'referral',
      livemode: t.mode === 'live',
      program_id: prog.id,
      advocate_id: chosen.advocateId,
      customer_external_id: input.customer.external_id,
      conversion_ids: [],
      rewarded: false,
      created_at: at,
    };
    const advocateId = referral.advocate_id;
    const order =
      input.amount !== undefined && input.currency !== undefined
        ? { amount: input.amount, currency: input.currency }
        : null;

    // Rewards: the first sale of a referred customer, unless rejected as fraud.
    const ledger = readLedger(ledgerFields);
    const guards: [field: string, min: number, max: number][] = [];
    let ledgerMoves: { count: number; month: string; tier: string | null } | null = null;
    let tierChange: { from: string | null; to: string | null } | null = null;
    const rewards: Reward[] = [];
    let rewardNote: string | null = null;
    const month = at.slice(0, 7);
    if (input.type !== 'sale') rewardNote = 'Signups record the referral; rewards come with the first sale.';
    else if (referral.rewarded) rewardNote = 'A repeat purchase: this referral earned its rewards on its first sale.';
    else if (status === 'rejected') rewardNote = 'Rejected by the fraud checks: no rewards.';
    else {
      const rewardStatus: RewardStatus = status === 'held' ? 'held' : prog.hold_days === 0 ? 'approved' : 'pending';
      const approveAfter = rewardStatus === 'pending' ? new Date(now + prog.hold_days * 86400_000).toISOString() : null;
      const make = (
        recipient: 'advocate' | 'friend',
        amount: Amount,
        tier: string | null,
        statusOverride?: RewardStatus,
        note?: string,
      ): Reward => {
        const s = statusOverride ?? rewardStatus;
        return {
          id: newId('reward', now),
          object: 'reward',
          livemode: t.mode === 'live',
          kind: 'reward',
          recipient,
          program_id: prog.id,
          advocate_id: advocateId,
          conversion_id: conversionId,
          referral_id: referral.id,
          code: chosen.code,
          type: amount.type,
          amount: amount.amount,
          original_amount: amount.amount,
          reversed_amount: 0,
          currency: amount.currency,
          tier,
          status: s,
          approve_after: s === 'pending' ? approveAfter : null,
          fraud_signals: risk.signals.map((x) => x.code),
          history: [
            {
              status: s,
              at,
              note:
                note ??
                (s === 'held'
                  ? 'held for fraud review'
                  : s === 'approved'
                    ? 'no hold period'
                    : `pending for ${prog.hold_days} days`),
            },
          ],
          created_at: at,
          updated_at: at,
        };
      };
      const cap = prog.limits.max_rewards_per_advocate_per_month;
      // Caps and tiers depend on counters other conversions of this advocate move concurrently:
      // the changeset applies only while they still give the same answer (guards), so a race
      // conflicts only when it crosses a cap or a tier threshold.
      const monthCount = ledger.months[month] ?? 0;
      if (cap !== null && monthCount >= cap) {
        guards.push([`month:${month}`, cap, Infinity]);
        rewardNote = `The advocate reached this program's cap of ${cap} rewards this month.`;
      } else {
        if (cap !== null) guards.push([`month:${month}`, 0, cap - 1]);
        const count = ledger.conversions + 1;
        const tier = tierFor(prog, count);
        const [lo, hi] = tierRange(prog, count);
        guards.push(['conversions', lo - 1, hi - 1]);
        const earned = advocateReward(tier?.reward ?? prog.referrer_reward, order);
        if ('none' in earned) rewardNote = earned.none;
        else {
          rewards.push(make('advocate', earned, tier?.label ?? null));
          ledgerMoves = { count, month, tier: tier?.label ?? null };
          const before = tierFor(prog, count - 1)?.label ?? null;
          if ((tier?.label ?? null) !== before) tierChange = { from: before, to: tier?.label ?? null };
        }
      }
      const friend = friendReward(prog.referee_offer, order);
      // A code redeemed at checkout already gave the friend their discount.
      rewards.push(
        options.viaRedemption
          ? make('friend', friend, null, 'paid', 'applied as a discount at checkout')
          : make('friend', friend, null),
      );
    }

    const conversion: StoredConversion = {
      id: conversionId,
      object: 'conversion',
      livemode: t.mode === 'live',
      attributed: true,
      type: input.type,
      order_id: input.order_id ?? null,
      customer_external_id: input.customer.external_id,
      amount: input.amount ?? null,
      currency: input.currency ?? null,
      program_id: prog.id,
      advocate_id: advocateId,
      referral_id: referral.id,
      click_id: chosen.click?.id ?? null,
      code: chosen.code,
      attribution: {
        source,
        model: prog.attribution.model,
        reason,
      },
      risk,
      status,
      reward_note: rewardNote,
      refunded_amount: 0,
      occurred_at: new Date(occurredAt).toISOString(),
      created_at: at,
      reward_ids: rewards.map((r) => r.id),
      customer_digest: customer,
    };
    const nextReferral: Referral = {
      ...referral,
      conversion_ids: [...referral.conversion_ids, conversionId],
      rewarded: referral.rewarded || rewards.some((r) => r.recipient === 'advocate'),
    };

    const cs = new Changeset()
      .set(redisKeys.conversionByKey(t, key), null, conversionId)
      .set(redisKeys.conversion(t, conversionId), null, JSON.stringify(conversion))
      .set(redisKeys.referral(t, referral.id), referralRaw, JSON.stringify(nextReferral))
      .zadd(redisKeys.conversions(t, 'all'), 0, conversionId)
      .zadd(redisKeys.conversions(t, status), 0, conversionId)
      .incr(redisKeys.velocity(t, 'advocate', advocateId, hour(occurredAt)), 'n', 1, VELOCITY_TTL)
      .incr(redisKeys.dailyConversions(t, day(now)), 'attributed', 1, 400 * 86400);
    if (!oldReferral)
      cs.set(redisKeys.referralByCustomer(t, prog.id, customer), null, referral.id).incr(
        redisKeys.advocateTotals(t, advocateId),
        'referrals',
        1,
      );
    const ledgerKey = redisKeys.advocateLedger(t, advocateId);
    for (const [field, min, max] of guards) cs.guard(ledgerKey, field, min, max);
    if (ledgerMoves) {
      cs.incr(ledgerKey, 'conversions', 1).incr(ledgerKey, `month:${ledgerMoves.month}`, 1);
      if (tierChange) cs.hset(ledgerKey, 'tier', ledgerMoves.tier ?? '');
    }
    if (visitor) {
      cs.incr(redisKeys.velocity(t, 'visitor', visitor, hour(occurredAt)), 'n', 1, VELOCITY_TTL).incr(
        redisKeys.velocity(t, 'visitor', visitor, day(occurredAt)),
        'n',
        1,
        VELOCITY_TTL,
      );
      // The advocate buying through their own link: remember the browser as theirs.
      if (risk.signals.some((s) => s.code === 'self_referral_customer_id' || s.code === 'self_referral_email'))
        cs.sadd(redisKeys.advocateVisitors(t, advocateId), visitor);
    }
    for (const reward of rewards) {
      cs.set(redisKeys.reward(t, reward.id), null, JSON.stringify(reward));
      indexReward(cs, t, reward, null);
      addToLedger(cs, t, reward, reward.status, reward.amount);
    }
    if (input.type === 'sale') countOrderReported(cs, t, key, now);
    conversionCreatedStats(cs, t, conversion, !oldReferral, rewards, now);
    const applied = await cs.apply(redis);
    if (!applied.ok) return CONFLICT;
    return {
      kind: 'created',
      conversion,
      rewards,
      referral: nextReferral,
      newReferral: !oldReferral,
      tierChange,
    } as CreateResult;
  }, 'conversion');
}

async function existing(redis: Redis, t: Tenant, id: string): Promise<CreateResult> {
  const stored = parse<StoredConversion>(await redis.get<string>(redisKeys.conversion(t, id)));
  if (!stored) throw new Error(`conversion index points at missing ${id}`);
  return { kind: 'existing', conversion: stored, rewards: await getRewards(redis, t, stored.reward_ids) };
}

function readLedger(fields: unknown): { conversions: number; months: Record<string, number> } {
  const flat = hashFields(fields);
  const months: Record<string, number> = {};
  for (const [k, v] of Object.entries(flat)) if (k.startsWith('month:')) months[k.slice(6)] = Number(v);
  return { conversions: Number(flat.conversions ?? 0), months };
}

export { conversionView };
