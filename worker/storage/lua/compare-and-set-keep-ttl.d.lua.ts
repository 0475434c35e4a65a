import type { LuaScript } from '../lua.ts';

/** Replace a record only if it is still what we read, keeping its remaining time to live: 1, else 0. */
declare const script: LuaScript<[record: string], [expected: string, next: string], number | string>;
export default script;
