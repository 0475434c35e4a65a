import * as z from 'zod';
import { DisplayText, Livemode, Metadata, Timestamp } from './common.ts';

export const AdvocateStatus = z
  .enum(['active', 'suspended'])
  .describe('Suspended advocates keep their data but their codes stop working.');

const VanityCode = z
  .string()
  .max(64)
  .describe('A code you would like, e.g. ALICE15. Used if valid and free, else one is generated.');

export const AdvocateEnroll = z.strictObject({
  external_id: z
    .string()
    .trim()
    .min(1)
    .max(128)
    .describe('Your customer id. Enrolling the same id again returns the same advocate.'),
  email: z.email().max(254).optional(),
  name: DisplayText(120).optional(),
  code: VanityCode.optional(),
  metadata: Metadata.optional(),
});
export type AdvocateEnroll = z.infer<typeof AdvocateEnroll>;

export const AdvocateUpdate = z
  .strictObject({
    name: DisplayText(120).nullable(),
    email: z.email().max(254).nullable(),
    status: AdvocateStatus,
    metadata: Metadata,
  })
  .partial()
  .refine((p) => Object.keys(p).length > 0, { message: 'Send at least one field to change.' });
export type AdvocateUpdate = z.infer<typeof AdvocateUpdate>;

export const Advocate = z
  .object({
    id: z.string().describe('`adv_...`'),
    object: z.literal('advocate'),
    livemode: Livemode,
    program_id: z.string(),
    external_id: z.string(),
    email: z.string().nullable(),
    name: z.string().nullable(),
    status: AdvocateStatus,
    codes: z.array(z.string()).describe('All codes of this advocate, oldest first.'),
    metadata: z.record(z.string(), z.string()),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Advocate' });
export type Advocate = z.infer<typeof Advocate>;

const RequestedCode = z
  .object({
    code: z.string(),
    accepted: z.boolean(),
    reason: z.enum(['invalid', 'taken', 'not_allowed']).optional(),
  })
  .describe('What happened to the vanity code you asked for.');

export const Enrollment = z
  .object({
    advocate: Advocate,
    code: z.string().describe("The advocate's code (the first one when enrolled before)."),
    link: z.string().describe('Their share link.'),
    created: z.boolean().describe('False when this external_id was already enrolled.'),
    requested_code: RequestedCode.optional(),
  })
  .meta({ id: 'Enrollment' });
export type Enrollment = z.infer<typeof Enrollment>;

export const CodeCreate = z.strictObject({ code: VanityCode.optional() });

export const CodeStatus = z.enum(['active', 'disabled']);

export const Code = z
  .object({
    code: z.string(),
    object: z.literal('code'),
    livemode: Livemode,
    advocate_id: z.string(),
    program_id: z.string(),
    status: CodeStatus,
    link: z.string(),
    created_at: Timestamp,
    updated_at: Timestamp,
  })
  .meta({ id: 'Code' });
export type Code = z.infer<typeof Code>;

export const CodeCreated = Code.extend({ requested_code: RequestedCode.optional() }).meta({ id: 'CodeCreated' });

export const CodeUpdate = z.strictObject({ status: CodeStatus });
