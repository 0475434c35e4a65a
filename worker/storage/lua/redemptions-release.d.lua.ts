import type { LuaScript } from '../lua.ts';

// KEYS: 1 holds, 2 reservation. ARGV: 1 id.
declare const script: LuaScript<[holds: string, reservation: string], [reservationId: string], number>;
export default script;
