import type { Merchant } from '../../shared/schemas/merchant.ts';
import type { Program } from '../../shared/schemas/program.ts';
import { type AdvocateRecord, advocateCodec, type CodeRecord, codeCodec } from './advocates.ts';
import { LINK_RESOLVE as RESOLVE } from './lua/index.ts';
import { runScript } from './lua.ts';
import { merchantCodec } from './merchants.ts';
import { programCodec } from './programs.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';

/** A link: a code and the program, advocate and merchant its record names, each decoded by its store's codec. */
export interface LinkRecords {
  code: CodeRecord;
  program: Program;
  advocate: AdvocateRecord;
  merchant: Merchant;
}

/** The four stored records (as link-resolve.lua returns them, '' for missing), or null if one is missing. */
export type StoredLink = readonly [code: string, program: string, advocate: string, merchant: string];

export function decodeLinkRecords(raw: StoredLink): LinkRecords | null {
  const [code, program, advocate, merchant] = raw;
  if (!code || !program || !advocate || !merchant) return null;
  return {
    code: codeCodec.decode(code),
    program: programCodec.decode(program),
    advocate: advocateCodec.decode(advocate),
    merchant: merchantCodec.decode(merchant),
  };
}

const TEMPLATE_TENANT: Tenant = { mode: '{mode}' as Tenant['mode'], merchantId: '{merchant}' };
const TEMPLATES: [string, string, string] = [
  redisKeys.program(TEMPLATE_TENANT, '{program}'),
  redisKeys.advocate(TEMPLATE_TENANT, '{advocate}'),
  redisKeys.merchant('{merchant}'),
];

/** Links by code (a global name: the record says whose link it is). */
export const linkStore = defineStore((redis) => ({
  /** One script, one round trip: the code's records, or null when the code or a record it names is missing. */
  resolve: async (code: string): Promise<LinkRecords | null> => {
    const raw = await runScript(redis, RESOLVE, [redisKeys.code(code)], TEMPLATES);
    if (!Array.isArray(raw) || raw.length !== 4) throw new Error('unexpected reply resolving a link');
    return decodeLinkRecords(raw);
  },
}));
