import type { LuaScript } from '../lua.ts';

// Binds a pending pairing to one advocate, once. The same advocate confirming again (a retried
// request) answers as the first time; anyone else finds it taken. `bound`: when (a later "revoke
// all" of the advocate's tokens refuses the pairing if it is still unexchanged).
// KEYS: 1 user code, 2 pairing. ARGV: 1 device digest, 2 now ms, 3 merchant, 4 mode, 5 program, 6 advocate.
declare const script: LuaScript<
  [userCode: string, pairing: string],
  [deviceDigest: string, nowMs: number, merchantId: string, mode: string, programId: string, advocateId: string],
  [outcome: 'missing' | 'expired' | 'taken' | 'confirmed', client?: string]
>;
export default script;
