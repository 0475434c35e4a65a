import type { LuaScript } from '../lua.ts';

// A user code is claimed first (SET NX): two live pairings never share one.
// KEYS: 1 user code, 2 pairing. ARGV: 1 device digest, 2 TTL s, 3 client, 4 expires ms.
declare const script: LuaScript<
  [userCode: string, pairing: string],
  [deviceDigest: string, ttlSeconds: number, client: string, expiresMs: number],
  number
>;
export default script;
