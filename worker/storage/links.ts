import * as z from 'zod';
import { AdvocateStatus } from '../../shared/schemas/advocate.ts';
import { KeyMode } from '../../shared/schemas/merchant.ts';
import { ProgramStatus, RefereeOffer } from '../../shared/schemas/program.ts';
import { defineCodec } from './codec.ts';
import { LINK_RESOLVE as RESOLVE } from './lua/index.ts';
import { runScript } from './lua.ts';
import { redisKeys, type Tenant } from './redis-keys.ts';
import { defineStore } from './store.ts';

/*
 * A link is a code and the program, advocate and merchant its record names. These codecs read
 * only the fields a link needs (the rest of each record is left to its own store's codec), so the
 * redirect's hot path decodes little. They read the same stored records as programs.ts,
 * advocates.ts and merchants.ts: a version those stores add must be added here too.
 */
// Absent in older records: read as null, as the API shows them.
const nullish = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const LinkCode = z.object({
  merchant_id: z.string(),
  mode: KeyMode,
  program_id: z.string(),
  advocate_id: z.string(),
  status: z.enum(['active', 'disabled']),
});
const LinkProgram = z.object({
  id: z.string(),
  name: z.string(),
  status: ProgramStatus,
  starts_at: nullish,
  ends_at: nullish,
  destination_url: z.string(),
  fallback_url: nullish,
  og_image_url: nullish,
  attribution: z.object({ window_days: z.number(), model: z.enum(['first_click', 'last_click']) }),
  referee_offer: RefereeOffer,
});
const LinkAdvocate = z.object({ id: z.string(), name: nullish, status: AdvocateStatus });
const LinkMerchant = z.object({ name: z.string(), allowed_hosts: z.array(z.string()) });
export const linkCodeCodec = defineCodec({ name: 'code', schema: LinkCode });
export const linkProgramCodec = defineCodec({ name: 'program', schema: LinkProgram });
export const linkAdvocateCodec = defineCodec({ name: 'advocate', schema: LinkAdvocate });
const linkMerchantCodec = defineCodec({ name: 'merchant', schema: LinkMerchant });

export interface LinkRecords {
  code: z.infer<typeof LinkCode>;
  program: z.infer<typeof LinkProgram>;
  advocate: z.infer<typeof LinkAdvocate>;
  merchant: z.infer<typeof LinkMerchant>;
}

/** The four stored records (as link-resolve.lua returns them, '' for missing), or null if one is missing. */
export type StoredLink = readonly [code: string, program: string, advocate: string, merchant: string];

export function decodeLinkRecords(raw: StoredLink): LinkRecords | null {
  const [code, program, advocate, merchant] = raw;
  if (!code || !program || !advocate || !merchant) return null;
  return {
    code: linkCodeCodec.decode(code),
    program: linkProgramCodec.decode(program),
    advocate: linkAdvocateCodec.decode(advocate),
    merchant: linkMerchantCodec.decode(merchant),
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
