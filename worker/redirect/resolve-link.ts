import type { Advocate } from '../../shared/schemas/advocate.ts';
import type { Merchant } from '../../shared/schemas/merchant.ts';
import type { Program, RefereeOffer } from '../../shared/schemas/program.ts';
import { checkDestination } from '../../shared/urls.ts';
import { programState } from '../../shared/core/program-state.ts';
import type { Redis } from '../storage/client.ts';
import type { CodeRecord } from '../storage/advocates.ts';
import { runScript } from '../storage/lua.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';
import { LINK_RESOLVE as RESOLVE } from '../storage/lua/index.ts';

const TEMPLATE_TENANT: Tenant = { mode: '{mode}' as Tenant['mode'], merchantId: '{merchant}' };
const TEMPLATES: [string, string, string] = [
  redisKeys.program(TEMPLATE_TENANT, '{program}'),
  redisKeys.advocate(TEMPLATE_TENANT, '{advocate}'),
  redisKeys.merchant('{merchant}'),
];

export type GoneReason = 'code_disabled' | 'advocate_suspended' | 'program_ended';
export type UnavailableReason = 'program_paused' | 'program_draft' | 'program_not_started' | 'destination_not_allowed';

export interface LiveLink {
  kind: 'live';
  code: string;
  tenant: Tenant;
  programId: string;
  advocateId: string;
  destination: string;
  windowDays: number;
  model: 'first_click' | 'last_click';
  programName: string;
  offer: RefereeOffer;
  advocateFirstName: string | null;
  merchantName: string;
  ogImage: string | null;
  endsAt: number | null;
}

export interface DeadLink {
  kind: 'gone' | 'unavailable' | 'missing';
  reason?: GoneReason | UnavailableReason;
  code: string;
  /** Whose link it is (absent for unknown codes). */
  merchantId?: string;
  fallback: string | null;
  /** Live again from this time (a program that has not started yet), for the cache. */
  startsAt?: number | null;
}

export type LinkView = LiveLink | DeadLink;

/** The first word of a name, for greetings ("Alice gave you…"). */
export function firstName(name: string | null | undefined): string | null {
  const first = name?.trim().split(/\s+/)[0];
  return first ? first.slice(0, 40) : null;
}

/** Turns the four records into what the redirect does, at a given time. */
export function linkView(code: string, raw: [string, string, string, string], now = Date.now()): LinkView {
  const [codeJson, programJson, advocateJson, merchantJson] = raw;
  if (!codeJson || !programJson || !advocateJson || !merchantJson) return { kind: 'missing', code, fallback: null };
  const record = JSON.parse(codeJson) as CodeRecord;
  const program = JSON.parse(programJson) as Program;
  const advocate = JSON.parse(advocateJson) as Omit<Advocate, 'codes'>;
  const merchant = JSON.parse(merchantJson) as Merchant;
  const testMode = record.mode === 'test';
  const fallbackCheck = program.fallback_url
    ? checkDestination(program.fallback_url, merchant.allowed_hosts, { testMode })
    : null;
  const fallback = fallbackCheck?.ok ? fallbackCheck.url!.toString() : null;
  const dead = (kind: DeadLink['kind'], reason: DeadLink['reason'], startsAt?: number | null): DeadLink => ({
    kind,
    reason,
    code,
    merchantId: record.merchant_id,
    fallback,
    ...(startsAt !== undefined ? { startsAt } : {}),
  });

  if (record.status === 'disabled') return dead('gone', 'code_disabled');
  if (advocate.status === 'suspended') return dead('gone', 'advocate_suspended');
  const endsAt = program.ends_at ? Date.parse(program.ends_at) : null;
  const state = programState(program, now);
  if (state === 'ended') return dead('gone', 'program_ended');
  if (state === 'paused') return dead('unavailable', 'program_paused');
  if (state === 'draft') return dead('unavailable', 'program_draft');
  if (state === 'not_started') return dead('unavailable', 'program_not_started', Date.parse(program.starts_at!));
  // Checked again at redirect time: the merchant may have narrowed its allowed hosts since.
  const destination = checkDestination(program.destination_url, merchant.allowed_hosts, { testMode });
  if (!destination.ok) return dead('unavailable', 'destination_not_allowed');

  return {
    kind: 'live',
    code,
    tenant: { merchantId: record.merchant_id, mode: record.mode },
    programId: program.id,
    advocateId: advocate.id,
    destination: destination.url!.toString(),
    windowDays: program.attribution.window_days,
    model: program.attribution.model,
    programName: program.name,
    offer: program.referee_offer,
    advocateFirstName: firstName(advocate.name),
    merchantName: merchant.name,
    ogImage: program.og_image_url ?? null,
    endsAt,
  };
}

export async function resolveLink(redis: Redis, code: string): Promise<LinkView> {
  const raw = await runScript(redis, RESOLVE, [redisKeys.code(code)], TEMPLATES);
  if (!Array.isArray(raw) || raw.length !== 4) throw new Error('unexpected reply resolving a link');
  return linkView(code, raw);
}
