import type { LuaScript } from '../lua.ts';

// Born confirmed: the merchant's server vouched for the advocate, so the exchange needs no widget step.
// `bound`: when it was bound to the advocate (a later "revoke all" refuses it).
// KEYS: 1 link. ARGV: 1 expires ms, 2 merchant, 3 mode, 4 program, 5 advocate, 6 TTL s, 7 now ms.
declare const script: LuaScript<
  [link: string],
  [
    expiresMs: number,
    merchantId: string,
    mode: string,
    programId: string,
    advocateId: string,
    ttlSeconds: number,
    nowMs: number,
  ],
  number
>;
export default script;
