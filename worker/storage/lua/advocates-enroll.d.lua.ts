import type { LuaScript } from '../lua.ts';

// Enrollment in one step: return the advocate already enrolled under this external id, or claim
// the first free candidate code and write the advocate with its indexes.
// KEYS: 1 external-id index, 2 advocate, 3 program's advocates, 4 advocate's codes, 5.. candidate codes.
// ARGV: 1 external id, 2 advocate id, 3 advocate JSON, 4 code JSON, 5 created ms, 6.. candidate codes.
declare const script: LuaScript<
  [externalIds: string, advocate: string, programAdvocates: string, advocateCodes: string, ...codes: string[]],
  [externalId: string, advocateId: string, advocate: string, code: string, createdMs: number, ...codes: string[]],
  [kind: 'created' | 'existing' | 'no_code', value?: string]
>;
export default script;
