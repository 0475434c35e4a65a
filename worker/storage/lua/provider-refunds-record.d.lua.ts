import type { LuaScript } from '../lua.ts';

// KEYS: 1 the order's refund facts (HASH), 2 its link to a conversion (STRING).
// ARGV: 1 `refund` | `charge` | `full` | `link`, 2 the refund or charge id (the conversion id for `link`),
// 3 the amount (refund) or running total (charge), 4 how long unlinked facts are kept, seconds.
// Reply: the linked conversion id ('' when none), Σ refunds by id, Σ charges' running totals, 1 when fully refunded.
declare const script: LuaScript<
  [refunds: string, link: string],
  [kind: 'refund' | 'charge' | 'full' | 'link', id: string, amount: number, pendingTtlSeconds: number],
  [linked: string, byRefund: number, byCharge: number, full: number]
>;
export default script;
