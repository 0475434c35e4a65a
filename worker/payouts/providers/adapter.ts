import type { Payout, PayoutProvider } from '../../../shared/schemas/payout.ts';

/**
 * What a payout provider is told about the payee: decrypted only for the call (never logged, never
 * stored in clear). Read by worker/payees/ from the advocate's payout details.
 */
export interface Payee {
  advocateId: string;
  method: PayoutProvider | null;
  paypalEmail: string | null;
  stripeAccountId: string | null;
  stripeOnboardingComplete: boolean;
  country: string | null;
  /** For gift cards: where Tremendous sends the reward (the advocate's email). */
  email: string | null;
  name: string | null;
}

/**
 * A provider's answer to one send. The payout id is the provider's idempotency key (PayPal
 * `sender_batch_id`, Stripe `Idempotency-Key`, Tremendous `external_id`), so sending again after a
 * crash between the provider call and our write finds the first call's result, never pays twice.
 */
export type SendResult =
  /** Accepted, paid later: the payout becomes `processing`; its status webhook (or a poll) finishes it. */
  | { kind: 'accepted'; reference: string }
  /** Paid at once (a Stripe transfer): the payout becomes `paid`. */
  | { kind: 'paid'; reference: string }
  /** Refused for good (bad receiver, insufficient funds): the payout becomes `failed`, rewards `approved`. */
  | { kind: 'failed'; reason: string; reference: string | null }
  /** Not known to have happened (network error, 429, 5xx): stays `pending`, sent again later with the same key. */
  | { kind: 'retry'; reason: string };

/** One provider, with the merchant's credentials for it already read. */
export interface PayoutAdapter {
  provider: Exclude<PayoutProvider, 'manual'>;
  send(payout: Payout, payee: Payee): Promise<SendResult>;
}
