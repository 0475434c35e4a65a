import type { Applied } from '../receive-event.ts';

/** An event Vouch received and deliberately did nothing with, and why (shown in the console's log). */
export function ignored(detail: string): Applied {
  return { outcome: 'ignored', detail };
}

/** A Stripe timestamp (seconds) in milliseconds. */
export const ms = (seconds: number) => seconds * 1000;
