import type { LuaScript } from '../lua.ts';

// Every token of the advocate in one step, so a token minted meanwhile is either in the set (and
// revoked) or minted after. The token keys are named from the set's members and the prefix passed
// in (allowed on Upstash, whose scripts run under its global lock; see resolve-link.ts). The same
// step notes when: the exchange script refuses any outstanding grant (a confirmed but unexchanged
// pairing, an unused pairing link) bound at or before it, for longer than any grant lives.
// KEYS: 1 the advocate's token set, 2 its revoked-at. ARGV: 1 token key prefix, 2 now ms, 3 revoked-at TTL ms.
declare const script: LuaScript<
  [advocateTokens: string, revokedAt: string],
  [tokenKeyPrefix: string, nowMs: number, revokedAtTtlMs: number],
  number
>;
export default script;
