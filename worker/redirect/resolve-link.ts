import { programState } from '../../shared/core/program-state.ts';
import type { RefereeOffer } from '../../shared/schemas/program.ts';
import { checkDestination } from '../../shared/urls.ts';
import type { LinkRecords } from '../storage/links.ts';
import type { Tenant } from '../tenant.ts';

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

/** What the redirect does with a code's records (`linkStore(env).resolve(code)`; null: unknown code) at a time. */
export function linkView(code: string, records: LinkRecords | null, now = Date.now()): LinkView {
  if (!records) return { kind: 'missing', code, fallback: null };
  const { code: record, program, advocate, merchant } = records;
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
