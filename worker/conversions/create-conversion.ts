import { parseCode } from '../../shared/codes.ts';
import type { Conversion, Referral, UnattributedReason } from '../../shared/schemas/conversion.ts';
import { fulfilRewards } from '../fulfilment/fulfil-rewards.ts';
import { customerDigest } from '../lib/customer-digest.ts';
import { CONFLICT, type Retry, withRetries } from '../lib/retry.ts';
import { withRewardCodes } from '../reward-codes/fulfil-reward-codes.ts';
import type { CodeRecord } from '../storage/advocates.ts';
import { conversionStore, conversionView } from '../storage/conversions.ts';
import type { StoreEnv } from '../storage/store.ts';
import type { Tenant } from '../tenant.ts';
import { attribute, type ConversionInput, type KnownCode } from './attribute.ts';
import { type CheckoutFacts, readCheckout } from './checkout-facts.ts';
import { sendConversionEvent } from './conversion-raw-event.ts';
import { type ConversionContext, decideConversion, type TierChange } from './decide-conversion.ts';
import { conversionEvents, type Publisher, publish } from './publish-outcomes.ts';
import { naturalKey } from './records.ts';

export type { ConversionInput };

export type CreateResult =
  | { kind: 'created'; conversion: Conversion; referral: Referral; tierChange: TierChange | null }
  | { kind: 'existing'; conversion: Conversion }
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

export interface CreateOptions {
  /** A code redeemed at checkout: the friend's offer was given as the discount. */
  viaRedemption?: boolean;
  /** The code record and program the caller read already (checkout has them): not read again. */
  known?: KnownCode;
  /** The credit facts of the known code's advocate, read with its program (checkout-facts.ts). */
  credit?: CheckoutFacts['credit'];
  /** The input's code as authentication read it along (undefined: not read). */
  readAlong?: CodeRecord | null;
}

/**
 * Records a conversion in named steps: attribute (click and/or code, by the program's model),
 * then credit (fraud assessment, referral, rewards: decided by decideConversion from fresh reads,
 * recorded in one atomic step, decided again on a concurrent change), then publish its events.
 * Idempotent on the order id (or the customer's signup): a retry gets the same conversion back
 * and publishes its events again (their keys send each once).
 */
export async function createConversion(
  p: Publisher,
  input: ConversionInput,
  now: number,
  options: CreateOptions = {},
): Promise<CreateResult> {
  const result = await record(p.env, p.tenant, input, now, options);
  sendConversionEvent(p, result.kind === 'unattributed' ? { input, reason: result.reason } : result, now);
  if (result.kind === 'unattributed') return result;
  const referral =
    result.kind === 'created'
      ? result.referral
      : await conversionStore(p.env).referral(p.tenant, result.conversion.referral_id);
  // A store_credit reward born approved (no hold) is credited now, a reward_code one gets its code (its events
  // carry it).
  await fulfilRewards(p, result.conversion.rewards, now);
  const conversion = { ...result.conversion, rewards: await withRewardCodes(p, result.conversion.rewards) };
  await publish(p, conversionEvents(conversion, referral, result.kind === 'created' ? result.tierChange : null));
  return { ...result, conversion };
}

/**
 * A sale or signup by code alone, its code read along with authentication: its program and credit
 * facts in one round trip (checkout-facts.ts), so nothing else is read before the decision.
 */
async function withCheckoutFacts(env: StoreEnv, t: Tenant, input: ConversionInput, now: number, o: CreateOptions) {
  const code = input.code !== undefined ? parseCode(input.code) : null;
  if (o.known || o.readAlong === undefined || input.click_id !== undefined || !code) return o;
  const found = await readCheckout(env, t, code, o.readAlong, input, now);
  return found ? { ...o, known: found, credit: found.credit } : o;
}

async function record(env: StoreEnv, t: Tenant, input: ConversionInput, now: number, given: CreateOptions) {
  const options = await withCheckoutFacts(env, t, input, now, given);
  // Recorded before (a retried report): its conversion, whatever changed since.
  if (options.credit?.facts.existingId) return existing(env, t, options.credit.facts.existingId);
  const key = await naturalKey(input);
  const occurredAt = input.occurred_at ? Date.parse(input.occurred_at) : now;
  const attribution = await attribute(env, t, input, key, occurredAt, options.known);
  if (attribution.kind === 'existing') return existing(env, t, attribution.id);
  if (attribution.kind === 'unattributed') {
    // An order nobody is credited for still counts among the orders reported (the referral rate's denominator).
    if (input.type === 'sale') await conversionStore(env).countUnattributedOrder(t, key, now);
    return attribution;
  }
  const customer = await customerDigest({ external_id: input.customer.external_id });
  const { kind: _, ...credit } = attribution;
  const ctx = { t, input, key, customer, occurredAt, now, viaRedemption: !!options.viaRedemption, credit };
  return credited(env, options.credit ? { ...ctx, prefetched: options.credit } : ctx);
}

/** Read, decide, record; on a conflict (or another advocate's referral) again from fresh reads. */
function credited(env: StoreEnv, ctx: ConversionContext): Promise<CreateResult> {
  return withRetries(ctx.credit.chosen.advocateId, (advocateId) => creditAttempt(env, ctx, advocateId), 'conversion');
}

/**
 * One attempt at crediting `advocateId`: the credit facts read, the conversion decided and recorded
 * in one atomic step. CONFLICT when something it read changed meanwhile, a retry with the advocate
 * who referred the customer first. Renewals (renewals.ts) run it with their subscription read fresh.
 */
export async function creditAttempt(
  env: StoreEnv,
  ctx: ConversionContext,
  advocateId: string,
): Promise<CreateResult | typeof CONFLICT | Retry<string>> {
  const store = conversionStore(env);
  const { t, credit } = ctx;
  const visitor = credit.chosen.click?.visitor || null;
  const q = { key: ctx.key, programId: credit.program.id, advocateId, customer: ctx.customer, visitor };
  const facts = takePrefetched(ctx, advocateId) ?? (await store.creditFacts(t, { ...q, occurredAt: ctx.occurredAt }));
  if (facts.existingId) return existing(env, t, facts.existingId);
  const readable = facts.advocate && facts.advocate.status !== 'suspended' && facts.referralId;
  const referral = readable ? await store.referral(t, facts.referralId!) : null;
  const decision = decideConversion(ctx, facts, referral, advocateId);
  if ('retry' in decision || decision.kind === 'unattributed') return decision;
  if (!(await store.record(t, decision.plan))) return CONFLICT;
  const { conversion, rewards, referral: r } = decision.plan;
  const view = conversionView(conversion, rewards);
  return { kind: 'created', conversion: view, referral: r.after, tierChange: decision.tierChange } as const;
}

/** Facts read ahead for this advocate, once: a retry (after a conflict) reads them fresh. */
function takePrefetched(ctx: ConversionContext, advocateId: string) {
  const ahead = ctx.prefetched;
  ctx.prefetched = undefined;
  return ahead?.advocateId === advocateId ? ahead.facts : null;
}

async function existing(env: StoreEnv, t: Tenant, id: string): Promise<CreateResult> {
  const found = await conversionStore(env).get(t, id);
  if (!found) throw new Error(`conversion index points at missing ${id}`);
  return { kind: 'existing', conversion: found.view };
}
