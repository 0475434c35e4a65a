import { parseCode } from '../../shared/codes.ts';
import {
  AdvocateEnroll,
  AdvocateUpdate,
  CodeCreate,
  CodeUpdate,
  type Code,
  type Enrollment,
} from '../../shared/schemas/advocate.ts';
import { PaginationQuery } from '../../shared/schemas/common.ts';
import { PairingLinkCreate, type AdvocateTokensRevoked } from '../../shared/schemas/extension.ts';
import { ApiError } from '../errors/api-error.ts';
import { checkVanityCode, generateCodes } from '../lib/code-generator.ts';
import { revokeAdvocateTokens } from '../extension/advocate-tokens.ts';
import { createPairingLink } from '../extension/pairing-links.ts';
import { newId } from '../lib/ids.ts';
import { linkBase, shareLink } from '../lib/links.ts';
import { getRedis } from '../storage/client.ts';
import { cursor, notFound, parseBody, parseQuery, pathId } from '../lib/validate.ts';
import {
  addCode,
  enrollAdvocate,
  getAdvocate,
  getCodeRecord,
  listAdvocates,
  updateAdvocate,
  updateCodeRecord,
  type AdvocateRecord,
  type CodeRecord,
} from '../storage/advocates.ts';
import { getProgram } from '../storage/programs.ts';
import type { Tenant } from '../storage/redis-keys.ts';
import { listBody } from '../storage/paginate.ts';
import { secretApi } from './secret-api.ts';

const GENERATED_CANDIDATES = 4;
const MAX_ATTEMPTS = 3;

/** Vanity code first (when valid and allowed), then generated ones; plus what to report about it. */
function candidatesFor(requested: string | undefined, name: string | undefined) {
  const vanity = requested === undefined ? undefined : checkVanityCode(requested);
  const first = vanity?.ok ? [vanity.code] : [];
  return {
    list: (attempt: number) => [...(attempt === 0 ? first : []), ...generateCodes(name, GENERATED_CANDIDATES)],
    report: (chosen: string) =>
      requested === undefined
        ? undefined
        : vanity?.ok
          ? {
              code: vanity.code,
              accepted: chosen === vanity.code,
              ...(chosen === vanity.code ? {} : { reason: 'taken' as const }),
            }
          : { code: requested.slice(0, 64), accepted: false, reason: vanity!.reason },
  };
}

function codeView(c: Parameters<typeof shareLink>[0], code: string, r: CodeRecord): Code {
  return {
    code,
    object: 'code',
    livemode: r.mode === 'live',
    advocate_id: r.advocate_id,
    program_id: r.program_id,
    status: r.status,
    link: shareLink(c, code),
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

function ownedBy(r: CodeRecord | null, t: Tenant): r is CodeRecord {
  return r !== null && r.merchant_id === t.merchantId && r.mode === t.mode;
}

/** /v1/programs/{programId}/advocates: enroll and list. */
export const programAdvocates = secretApi();

programAdvocates.post('/', async (c) => {
  const programId = pathId(c, 'programId', 'program');
  const input = await parseBody(c, AdvocateEnroll);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  const program = await getProgram(redis, tenant, programId);
  if (!program) throw notFound('program');
  if (program.status === 'ended')
    throw new ApiError('conflict_error', 'program_ended', 'This program has ended and takes no new advocates.');

  const now = new Date();
  const record: AdvocateRecord = {
    id: newId('advocate', now.getTime()),
    object: 'advocate',
    livemode: tenant.mode === 'live',
    program_id: programId,
    external_id: input.external_id,
    email: input.email ?? null,
    name: input.name ?? null,
    status: 'active',
    metadata: input.metadata ?? {},
    created_at: now.toISOString(),
    updated_at: now.toISOString(),
  };
  const candidates = candidatesFor(input.code, input.name ?? input.email?.split('@')[0]);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const result = await enrollAdvocate(redis, tenant, record, candidates.list(attempt), now);
    if (result.kind === 'existing') {
      const advocate = await getAdvocate(redis, tenant, result.advocateId);
      if (!advocate) throw new Error(`advocate index points at missing ${result.advocateId}`);
      const code = advocate.codes[0]!;
      const body: Enrollment = { advocate, code, link: shareLink(c, code), created: false };
      return c.json(body, 200);
    }
    if (result.kind === 'created') {
      const requested = candidates.report(result.code);
      const body: Enrollment = {
        advocate: { ...record, codes: [result.code] },
        code: result.code,
        link: shareLink(c, result.code),
        created: true,
        ...(requested ? { requested_code: requested } : {}),
      };
      return c.json(body, 201);
    }
  }
  throw new ApiError(
    'conflict_error',
    'code_space_exhausted',
    'Could not find a free code; try again or request a vanity code.',
  );
});

programAdvocates.get('/', async (c) => {
  const programId = pathId(c, 'programId', 'program');
  const query = parseQuery(c, PaginationQuery);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  if (!(await getProgram(redis, tenant, programId))) throw notFound('program');
  const { advocates: data, hasMore } = await listAdvocates(
    redis,
    tenant,
    programId,
    query.limit,
    cursor('advocate', query.starting_after),
  );
  return c.json(listBody(data, hasMore));
});

/** /v1/advocates/{id}: read, update, add codes. */
export const advocates = secretApi();

advocates.get('/:id', async (c) => {
  const advocate = await getAdvocate(getRedis(c.env), c.get('auth').tenant, pathId(c, 'id', 'advocate'));
  if (!advocate) throw notFound('advocate');
  return c.json(advocate);
});

advocates.patch('/:id', async (c) => {
  const id = pathId(c, 'id', 'advocate');
  const patch = await parseBody(c, AdvocateUpdate);
  const now = new Date().toISOString();
  const updated = await updateAdvocate(getRedis(c.env), c.get('auth').tenant, id, (a) => ({
    ...a,
    ...patch,
    updated_at: now,
  }));
  if (!updated) throw notFound('advocate');
  return c.json(updated);
});

advocates.post('/:id/codes', async (c) => {
  const id = pathId(c, 'id', 'advocate');
  const input = await parseBody(c, CodeCreate);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  const advocate = await getAdvocate(redis, tenant, id);
  if (!advocate) throw notFound('advocate');
  const now = new Date();
  const candidates = candidatesFor(input.code, advocate.name ?? undefined);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const code = await addCode(redis, tenant, advocate, candidates.list(attempt), now);
    if (code) {
      const record = await getCodeRecord(redis, code);
      const requested = candidates.report(code);
      return c.json({ ...codeView(c, code, record!), ...(requested ? { requested_code: requested } : {}) }, 201);
    }
  }
  throw new ApiError(
    'conflict_error',
    'code_space_exhausted',
    'Could not find a free code; try again or request a vanity code.',
  );
});

advocates.post('/:id/pairing_links', async (c) => {
  const id = pathId(c, 'id', 'advocate');
  const input = await parseBody(c, PairingLinkCreate);
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  const advocate = await getAdvocate(redis, tenant, id);
  if (!advocate) throw notFound('advocate');
  if (input.program_id !== undefined && input.program_id !== advocate.program_id) {
    throw new ApiError(
      'invalid_request_error',
      'invalid_request',
      `program_id: This advocate belongs to ${advocate.program_id}.`,
      { param: 'program_id' },
    );
  }
  if (advocate.status === 'suspended')
    throw new ApiError(
      'conflict_error',
      'advocate_suspended',
      'This advocate is suspended: reactivate them before pairing an extension.',
    );
  const link = await createPairingLink(redis, tenant, advocate, linkBase(c));
  c.header('Cache-Control', 'no-store');
  return c.json(link, 201);
});

advocates.delete('/:id/extension_tokens', async (c) => {
  const id = pathId(c, 'id', 'advocate');
  const { tenant } = c.get('auth');
  const redis = getRedis(c.env);
  if (!(await getAdvocate(redis, tenant, id))) throw notFound('advocate');
  const body: AdvocateTokensRevoked = {
    object: 'advocate_token_revocation',
    revoked: await revokeAdvocateTokens(redis, tenant, id),
  };
  return c.json(body);
});

/** /v1/codes/{code}: look up and enable/disable a code (case-insensitive). */
export const codes = secretApi();

codes.get('/:code', async (c) => {
  const code = parseCode(c.req.param('code'));
  const record = code ? await getCodeRecord(getRedis(c.env), code) : null;
  if (!code || !ownedBy(record, c.get('auth').tenant)) throw notFound('code');
  return c.json(codeView(c, code, record));
});

codes.patch('/:code', async (c) => {
  const code = parseCode(c.req.param('code'));
  const { status } = await parseBody(c, CodeUpdate);
  const { tenant } = c.get('auth');
  if (!code) throw notFound('code');
  const now = new Date().toISOString();
  const updated = await updateCodeRecord(getRedis(c.env), code, (r) => {
    if (!ownedBy(r, tenant)) throw notFound('code');
    return r.status === status ? r : { ...r, status, updated_at: now };
  });
  if (!updated) throw notFound('code');
  return c.json(codeView(c, code, updated));
});
