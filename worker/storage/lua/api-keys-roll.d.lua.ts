import type { LuaScript } from '../lua.ts';

// KEYS: 1 active pointer, 2 old key record, 3 new key record, 4 metadata hash.
// ARGV: 1 expected old digest ('' if none), 2 new digest, 3 new record, 4 new id, 5 new meta,
//       6 old id ('' if none), 7 old meta with revoked_at.
declare const script: LuaScript<
  [activeDigest: string, oldKey: string, newKey: string, keyMetadata: string],
  [
    oldDigest: string,
    newDigest: string,
    newKey: string,
    newId: string,
    newMeta: string,
    oldId: string,
    oldMeta: string,
  ],
  number
>;
export default script;
