import { Hono, type MiddlewareHandler } from 'hono';
import { ConsoleLinkCreate, ConsoleSessionCreate } from '../../shared/schemas/console.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/api-error.ts';
import { isLinkToken } from '../lib/console-tokens.ts';
import { notFound, parseBody } from '../lib/validate.ts';
import { requireAdmin, requireKey } from '../middleware/auth/auth.ts';
import { edgeLimit } from '../middleware/edge-limit/edge-limit.ts';
import { idempotency } from '../middleware/idempotency/idempotency.ts';
import { merchantStore } from '../storage/merchants.ts';
import { consoleSessionStore } from '../storage/sessions.ts';
import type { Tenant } from '../tenant.ts';

// A secret key names its own merchant; anything else must be the operator's admin token.
const secretOrAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header('authorization') ?? '';
  return /^Bearer\s+(sk_|cst_)/i.test(header) ? requireKey('secret')(c, next) : requireAdmin()(c, next);
};

/** `POST /v1/console_links`: a single-use, 15-minute sign-in link for the merchant console. */
export const consoleLinks = new Hono<AppEnv>();
consoleLinks.use('*', secretOrAdmin, idempotency());

consoleLinks.post('/', async (c) => {
  const input = await parseBody(c, ConsoleLinkCreate);
  const auth = c.get('idempotencyScope') === 'admin' ? null : c.get('auth');
  let tenant: Tenant;
  if (auth) {
    // A session must not mint links: that would stretch its 8 hours forever.
    if (auth.consoleSession)
      throw new ApiError(
        'permission_error',
        'secret_key_required',
        'Console links are minted with a secret key (sk_…) or the admin token, not a console session.',
      );
    if (
      (input.merchant_id && input.merchant_id !== auth.tenant.merchantId) ||
      (input.mode && input.mode !== auth.tenant.mode)
    ) {
      throw new ApiError(
        'permission_error',
        'merchant_mismatch',
        'A secret key mints links for its own merchant and mode only.',
        { param: input.merchant_id ? 'merchant_id' : 'mode' },
      );
    }
    tenant = auth.tenant;
  } else {
    if (!input.merchant_id)
      throw new ApiError('invalid_request_error', 'invalid_request', 'merchant_id: Required with the admin token.', {
        param: 'merchant_id',
      });
    tenant = { merchantId: input.merchant_id, mode: input.mode ?? 'test' };
  }
  if (!(await merchantStore(c.env).get(tenant.merchantId))) throw notFound('merchant');
  const { token, expiresAt } = await consoleSessionStore(c.env).createLink(tenant);
  // The console is served by this Worker: the link names the origin the request came to.
  const url = `${new URL(c.req.url).origin}/console#link=${token}`;
  c.header('Cache-Control', 'no-store');
  return c.json({ object: 'console_link', url, expires_at: expiresAt }, 201);
});

/** `POST /v1/console_sessions` (exchange a link) and `DELETE /v1/console_sessions/current` (sign out). */
export const consoleSessions = new Hono<AppEnv>();

consoleSessions.post('/', edgeLimit());
consoleSessions.post('/', async (c) => {
  const { link } = await parseBody(c, ConsoleSessionCreate);
  const gone = () =>
    new ApiError(
      'not_found_error',
      'console_link_invalid',
      'This console link is unknown, already used or expired. Ask for a new one.',
    );
  if (!isLinkToken(link)) throw gone();
  const session = await consoleSessionStore(c.env).exchangeLink(link);
  if (!session) throw gone();
  c.header('Cache-Control', 'no-store');
  return c.json(
    {
      object: 'console_session',
      token: session.token,
      merchant_id: session.record.merchant_id,
      livemode: session.record.mode === 'live',
      expires_at: session.record.expires_at,
    },
    201,
  );
});

consoleSessions.delete('/current', requireKey('secret'), async (c) => {
  const digest = c.get('auth').consoleSession;
  if (!digest)
    throw new ApiError(
      'invalid_request_error',
      'not_a_console_session',
      'Sign-out ends console sessions (cst_…); to revoke a secret key, roll it.',
    );
  return c.json({ object: 'console_session', revoked: await consoleSessionStore(c.env).revoke(digest) });
});
