import { disposableEmailBlocklist } from 'disposable-email-domains-js';
import { emailDomain, normalizeEmail } from '../email.ts';
import type { RiskAssessment, RiskSignal } from '../schemas/conversion.ts';
import type { Program } from '../schemas/program.ts';

/**
 * Explainable fraud scoring: each signal that fires adds its weight and says why; the program's
 * strictness turns the score into approve, hold (for review) or reject. No signal, no penalty:
 * nothing is decided from the score alone without a listed reason.
 */
export type Strictness = Program['fraud_strictness'];

export interface RiskFacts {
  strictness: Strictness;
  customer: { external_id: string; email?: string | undefined };
  advocate: { external_id: string; email: string | null };
  /** The click being credited, if any, with the ad networks' click ids its landing URL had (adClickIds). */
  click: { visitor: string; created_at: string; ad_click_ids: readonly string[] } | null;
  /** The click's visitor hash is one the advocate was seen with. */
  advocateOwnVisitor: boolean;
  /** Conversions credited to this advocate in the current hour, before this one. */
  advocateConversionsThisHour: number;
  /** Conversions from this visitor hash this hour and today, before this one. */
  visitorConversionsThisHour: number;
  visitorConversionsToday: number;
  occurredAt: number;
}

// Limits are "more than N": at N exactly nothing fires. Two colleagues buying from one office
// (same IP, same browser build) are two conversions from one visitor hash: below every limit.
const LIMITS: Record<
  Strictness,
  { advocatePerHour: number; visitorPerHour: number; visitorPerDay: number; hold: number; reject: number }
> = {
  relaxed: { advocatePerHour: 20, visitorPerHour: 4, visitorPerDay: 6, hold: 60, reject: 100 },
  moderate: { advocatePerHour: 10, visitorPerHour: 3, visitorPerDay: 4, hold: 30, reject: 90 },
  strict: { advocatePerHour: 5, visitorPerHour: 2, visitorPerDay: 3, hold: 20, reject: 60 },
};

/**
 * Click ids that ad networks append: an advocate buying ads on the merchant's brand. Append only: the
 * click token (worker/redirect/click-token.ts) keeps which were present as bits in this order.
 */
export const AD_CLICK_IDS = [
  'gclid',
  'gbraid',
  'wbraid',
  'dclid',
  'fbclid',
  'msclkid',
  'ttclid',
  'twclid',
  'li_fat_id',
  'yclid',
  'epik',
  'rdt_cid',
  'sccid',
] as const;

const FAST_CONVERSION_MS = 5_000;

export function assessRisk(f: RiskFacts): RiskAssessment {
  const limits = LIMITS[f.strictness];
  const signals: RiskSignal[] = [];
  const fire = (code: RiskSignal['code'], weight: number, message: string) => signals.push({ code, weight, message });

  if (f.customer.external_id === f.advocate.external_id) {
    fire('self_referral_customer_id', 100, 'The customer has the same customer id as the advocate.');
  }
  if (f.customer.email && f.advocate.email && normalizeEmail(f.customer.email) === normalizeEmail(f.advocate.email)) {
    fire(
      'self_referral_email',
      90,
      "The customer's email is the advocate's own (after ignoring case, +tags and Gmail dots).",
    );
  }
  if (f.click && f.advocateOwnVisitor) {
    fire(
      'self_referral_visitor',
      70,
      'The converting click came from a browser and network the advocate was seen using.',
    );
  }
  if (f.customer.email && isDisposableDomain(emailDomain(f.customer.email))) {
    fire(
      'disposable_email',
      30,
      `The customer's email domain (${emailDomain(f.customer.email)}) is a disposable-address service.`,
    );
  }
  if (f.advocateConversionsThisHour + 1 > limits.advocatePerHour) {
    fire('advocate_velocity', 40, `More than ${limits.advocatePerHour} conversions for this advocate within an hour.`);
  }
  if (f.click && f.visitorConversionsThisHour + 1 > limits.visitorPerHour) {
    fire('visitor_velocity', 40, `More than ${limits.visitorPerHour} conversions from one visitor within an hour.`);
  }
  if (f.click && f.visitorConversionsToday + 1 > limits.visitorPerDay) {
    fire('repeat_visitor_conversions', 40, `More than ${limits.visitorPerDay} conversions from one visitor today.`);
  }
  if (f.click) {
    const elapsed = f.occurredAt - Date.parse(f.click.created_at);
    if (elapsed >= 0 && elapsed < FAST_CONVERSION_MS) {
      fire(
        'click_to_conversion_too_fast',
        50,
        `Converted ${(elapsed / 1000).toFixed(1)} s after the click: too fast for a person (cookie stuffing).`,
      );
    }
    const adIds = f.click.ad_click_ids;
    if (adIds.length > 0) fire('ad_click_id', 30, `The referral click came from a paid ad (${adIds.join(', ')}).`);
  }

  const score = signals.reduce((sum, s) => sum + s.weight, 0);
  const decision = score >= limits.reject ? 'reject' : score >= limits.hold ? 'hold' : 'approve';
  return { score, decision, signals };
}

// The maintained list (~8,900 domains) becomes a Set on the first check in an isolate: the package's
// own helper rebuilds it on every call, and the redirect path never needs it at all.
let disposable: Set<string> | null = null;
function isDisposableDomain(domain: string): boolean {
  disposable ??= new Set(disposableEmailBlocklist());
  return disposable.has(domain);
}

/** The ad networks' click ids among a landing URL's parameters (names as in AD_CLICK_IDS). */
export function adClickIds(url: string): string[] {
  try {
    const present = new Set<string>();
    new URL(url).searchParams.forEach((_value, name) => {
      present.add(name.toLowerCase());
    });
    return AD_CLICK_IDS.filter((name) => present.has(name));
  } catch {
    return [];
  }
}
