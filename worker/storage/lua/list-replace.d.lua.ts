import type { LuaScript } from '../lua.ts';

/** Replace the first element equal to `expected` by `next`: 1, or 0 when no element is `expected` any more. */
declare const script: LuaScript<[list: string], [expected: string, next: string], number | string>;
export default script;
