import { parseCode } from '../../shared/codes.ts';
import {
  AdvocateEnroll,
  AdvocateUpdate,
  type Code,
  CodeCreate,
  CodeUpdate,
  type Enrollment,
} from '../../shared/schemas/advocate.ts';
import { PaginationQuery } from '../../shared/schemas/common.ts';
import { type AdvocateTokensRevoked, PairingLinkCreate } from '../../shared/schemas/extension.ts';
import { addAdvocateCode } from '../advocates/add-code.ts';
import { enrollAdvocate } from '../advocates/enroll-advocate.ts';
import { ApiError } from '../errors/api-error.ts';
import { syncCodeLater } from '../integrations/coupon-sync/sync-code.ts';
import { linkBase, shareLink } from '../lib/links.ts';
import { cursor, notFound, parseBody, parseQuery, pathId } from '../lib/validate.ts';
import { advocateTokenStore } from '../storage/advocate-tokens.ts';
import { advocateStore, type CodeRecord } from '../storage/advocates.ts';
import { listBody } from '../storage/paginate.ts';
import { pairingStore } from '../storage/pairing.ts';
import { programStore } from '../storage/programs.ts';
import { secretApi } from './secret-api.ts';

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

/** /v1/programs/{programId}/advocates: enroll and list. */
export const programAdvocates = secretApi();

programAdvocates.post('/', async (c) => {
  const programId = pathId(c, 'programId', 'program');
  const input = await parseBody(c, AdvocateEnroll);
  const { tenant } = c.get('auth');
  const program = await programStore(c.env).get(tenant, programId);
  if (!program) throw notFound('program');
  if (program.status === 'ended')
    throw new ApiError('conflict_error', 'program_ended', 'This program has ended and takes no new advocates.');

  const advocates = advocateStore(c.env);
  const who = {
    programId,
    externalId: input.external_id,
    email: input.email ?? null,
    name: input.name ?? null,
    metadata: input.metadata ?? {},
    code: input.code,
  };
  const result = await enrollAdvocate(advocates, tenant, who, 'api');
  if (result.kind === 'existing') {
    const advocate = await advocates.get(tenant, result.advocateId);
    if (!advocate) throw new Error(`advocate index points at missing ${result.advocateId}`);
    const code = advocate.codes[0]!;
    const body: Enrollment = { advocate, code, link: shareLink(c, code), created: false };
    return c.json(body, 200);
  }
  syncCodeLater(c.env, c.executionCtx, tenant, result.code);
  const body: Enrollment = {
    advocate: { ...result.advocate, codes: [result.code] },
    code: result.code,
    link: shareLink(c, result.code),
    created: true,
    ...(result.requested ? { requested_code: result.requested } : {}),
  };
  return c.json(body, 201);
});

programAdvocates.get('/', async (c) => {
  const programId = pathId(c, 'programId', 'program');
  const query = parseQuery(c, PaginationQuery);
  const { tenant } = c.get('auth');
  if (!(await programStore(c.env).get(tenant, programId))) throw notFound('program');
  const { advocates: data, hasMore } = await advocateStore(c.env).list(
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
  const advocate = await advocateStore(c.env).get(c.get('auth').tenant, pathId(c, 'id', 'advocate'));
  if (!advocate) throw notFound('advocate');
  return c.json(advocate);
});

advocates.patch('/:id', async (c) => {
  const id = pathId(c, 'id', 'advocate');
  const patch = await parseBody(c, AdvocateUpdate);
  const now = new Date().toISOString();
  const updated = await advocateStore(c.env).update(c.get('auth').tenant, id, (a) => ({
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
  const advocates = advocateStore(c.env);
  const advocate = await advocates.get(tenant, id);
  if (!advocate) throw notFound('advocate');
  const { code, record, requested } = await addAdvocateCode(advocates, tenant, advocate, input.code);
  syncCodeLater(c.env, c.executionCtx, tenant, code);
  return c.json({ ...codeView(c, code, record), ...(requested ? { requested_code: requested } : {}) }, 201);
});

advocates.post('/:id/pairing_links', async (c) => {
  const id = pathId(c, 'id', 'advocate');
  const input = await parseBody(c, PairingLinkCreate);
  const { tenant } = c.get('auth');
  const advocate = await advocateStore(c.env).get(tenant, id);
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
  const link = await pairingStore(c.env).createLink(tenant, advocate, linkBase(c));
  c.header('Cache-Control', 'no-store');
  return c.json(link, 201);
});

advocates.delete('/:id/extension_tokens', async (c) => {
  const id = pathId(c, 'id', 'advocate');
  const { tenant } = c.get('auth');
  if (!(await advocateStore(c.env).get(tenant, id))) throw notFound('advocate');
  const body: AdvocateTokensRevoked = {
    object: 'advocate_token_revocation',
    revoked: await advocateTokenStore(c.env).revokeAll(tenant, id),
  };
  return c.json(body);
});

/** /v1/codes/{code}: look up and enable/disable a code (case-insensitive). */
export const codes = secretApi();

codes.get('/:code', async (c) => {
  const code = parseCode(c.req.param('code'));
  const record = code ? await advocateStore(c.env).codeFor(c.get('auth').tenant, code) : null;
  if (!code || !record) throw notFound('code');
  return c.json(codeView(c, code, record));
});

codes.patch('/:code', async (c) => {
  const code = parseCode(c.req.param('code'));
  const { status } = await parseBody(c, CodeUpdate);
  const { tenant } = c.get('auth');
  if (!code) throw notFound('code');
  const now = new Date().toISOString();
  const updated = await advocateStore(c.env).updateCode(tenant, code, (r) =>
    r.status === status ? r : { ...r, status, updated_at: now },
  );
  if (!updated) throw notFound('code');
  syncCodeLater(c.env, c.executionCtx, tenant, code);
  return c.json(codeView(c, code, updated));
});
