import type { LuaScript } from '../lua.ts';

/** Replace a JSON record only if it is still what we read (optimistic concurrency). */
declare const script: LuaScript<[record: string], [expected: string, next: string], number | string>;
export default script;
