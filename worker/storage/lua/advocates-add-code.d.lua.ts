import type { LuaScript } from '../lua.ts';

// KEYS: 1 advocate, 2 advocate's codes, 3.. candidate codes. ARGV: 1 code JSON, 2 created ms, 3.. candidates.
declare const script: LuaScript<
  [advocate: string, advocateCodes: string, ...codes: string[]],
  [code: string, createdMs: number, ...codes: string[]],
  [kind: 'created' | 'no_code' | 'no_advocate', value?: string]
>;
export default script;
