import { isId } from '../../shared/ids.ts';
import type { Program } from '../../shared/schemas/program.ts';
import type { Identity } from '../../shared/schemas/widget.ts';
import { sha256Hex } from '../lib/crypto.ts';
import { type AdvocateRecord, advocateCodec } from './advocates.ts';
import type { Redis } from './client.ts';
import { hashFields } from './hash-reply.ts';
import { type MerchantRecord, merchantCodec } from './merchants.ts';
import { programCodec } from './programs.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';
import { type WidgetSecretRecord, type WidgetTokenRecord, widgetSecretCodec, widgetTokenCodec } from './widget.ts';

/** What the widget shows, from counters kept as things happen (no scans, no summing days). */
export interface AdvocateCounters {
  /** `{field: value}` of the advocate's totals hash (`clicks`, `referrals`). */
  totals: Record<string, string>;
  /** `{state}:{unit}` -> sum, the advocate's balance hash. */
  balance: Record<string, string>;
  /** Rewarded conversions, from the advocate's ledger. */
  conversions: number;
}

/** An advocate as the widget and the extension show it: record, first code, counters. */
export interface AdvocateView {
  advocate: AdvocateRecord | null;
  code: string | null;
  counters: AdvocateCounters;
}

/** An advocate's wallet entry: the view, its program and merchant (any may be gone). */
export interface WalletView extends AdvocateView {
  program: Program | null;
  merchant: MerchantRecord | null;
}

/** The record verification needs: the sealed widget secret, or the token's record. */
export type IdentityRecord = { token: WidgetTokenRecord | null } | { secret: WidgetSecretRecord | null };

/** The program a widget request names, or (none named) the ids to choose the default from. */
export type ProgramRead = { program: Program | null } | { programIds: string[] };

export interface SessionStart {
  identity: IdentityRecord;
  program: ProgramRead;
  /** The advocate of `prefetchIndexFor` in the named program (undefined when not asked). */
  advocateId?: string | null;
  /** The device digest a pairing user code stands for (undefined when not asked). */
  deviceDigest?: string | null;
}

// The widget asks for the oldest running program when it names none; programs are few.
const DEFAULT_SCAN = 50;
type Pipeline = ReturnType<Redis['pipeline']>;

function queueProgramRead(p: Pipeline, t: Tenant, programId: string | undefined): void {
  if (programId === undefined) p.zrange(redisKeys.programs(t), 0, DEFAULT_SCAN - 1);
  // A string that is no program id reads a key that cannot exist (it never becomes part of a key).
  else p.get(redisKeys.program(t, isId('program', programId) ? programId : 'none'));
}

const programRead = (programId: string | undefined, raw: unknown): ProgramRead =>
  programId === undefined
    ? { programIds: raw as string[] }
    : { program: programCodec.decodeOrNull(raw as string | null) };

// The advocate's record, first code and counters: 5 reads.
function queueAdvocateReads(p: Pipeline, t: Tenant, advocateId: string): void {
  p.get(redisKeys.advocate(t, advocateId));
  p.zrange(redisKeys.advocateCodes(t, advocateId), 0, 0);
  p.hgetall(redisKeys.advocateTotals(t, advocateId));
  p.hgetall(redisKeys.advocateBalance(t, advocateId));
  p.hget(redisKeys.advocateLedger(t, advocateId), 'conversions');
}

function advocateView(results: unknown[]): AdvocateView {
  const [record, codes, totals, balance, conversions] = results as [string | null, string[], unknown, unknown, unknown];
  return {
    advocate: advocateCodec.decodeOrNull(record),
    code: codes[0] ?? null,
    counters: { totals: hashFields(totals), balance: hashFields(balance), conversions: Number(conversions ?? 0) },
  };
}

/** What the widget's session, the pairing confirmation and the extension's wallet read, each in one pipeline. */
export const advocateViewStore = defineStore((redis) => ({
  /**
   * One round trip: the identity's record, the program (or the program ids), and optionally the
   * advocate index entry of a customer in the named program and a pairing user code's device.
   */
  sessionStart: async (
    t: Tenant,
    identity: Identity,
    programId: string | undefined,
    ask: { prefetchIndexFor?: string; userCodeDigest?: string } = {},
  ): Promise<SessionStart> => {
    const p = redis.pipeline();
    const token = 'token' in identity;
    p.get(token ? redisKeys.widgetToken(t, await sha256Hex(identity.token)) : redisKeys.widgetSecret(t));
    queueProgramRead(p, t, programId);
    if (ask.userCodeDigest !== undefined) p.get(redisKeys.pairingUserCode(ask.userCodeDigest));
    if (ask.prefetchIndexFor !== undefined) p.hget(redisKeys.advocateByExternalId(t, programId!), ask.prefetchIndexFor);
    const [stored, program, ...rest] = (await p.exec()) as [string | null, unknown, ...(string | null)[]];
    const out: SessionStart = {
      identity: token
        ? { token: widgetTokenCodec.decodeOrNull(stored) }
        : { secret: widgetSecretCodec.decodeOrNull(stored) },
      program: programRead(programId, program),
    };
    if (ask.userCodeDigest !== undefined) out.deviceDigest = rest.shift() ?? null;
    if (ask.prefetchIndexFor !== undefined) out.advocateId = rest.shift() ?? null;
    return out;
  },

  /** The named program, or the ids to choose the default from. One round trip. */
  program: async (t: Tenant, programId: string | undefined): Promise<ProgramRead> => {
    const p = redis.pipeline();
    queueProgramRead(p, t, programId);
    const [raw] = await p.exec();
    return programRead(programId, raw);
  },

  /** The advocate a customer (external id) is in a program, or null. */
  advocateIdFor: async (t: Tenant, programId: string, customerId: string) =>
    (await redis.hget<string>(redisKeys.advocateByExternalId(t, programId), customerId)) ?? null,

  /** The advocate's record alone (one GET: no codes, no counters). */
  advocateRecord: async (t: Tenant, advocateId: string) =>
    advocateCodec.decodeOrNull(await redis.get<string>(redisKeys.advocate(t, advocateId))),

  /** The advocate's record, first code and counters in one pipeline. */
  advocate: async (t: Tenant, advocateId: string): Promise<AdvocateView> => {
    const p = redis.pipeline();
    queueAdvocateReads(p, t, advocateId);
    return advocateView(await p.exec());
  },

  /** The advocate's view with the program and merchant it names, in one pipeline. */
  wallet: async (t: Tenant, advocateId: string, programId: string): Promise<WalletView> => {
    const p = redis.pipeline();
    queueAdvocateReads(p, t, advocateId);
    p.get(redisKeys.program(t, programId));
    p.get(redisKeys.merchant(t.merchantId));
    const results = await p.exec();
    const [program, merchant] = results.slice(5) as [string | null, string | null];
    return {
      ...advocateView(results),
      program: programCodec.decodeOrNull(program),
      merchant: merchantCodec.decodeOrNull(merchant),
    };
  },
}));
export type AdvocateViewStore = ReturnType<typeof advocateViewStore>;
