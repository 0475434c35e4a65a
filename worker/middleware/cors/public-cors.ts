import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { isConsolePreviewRead } from '../../console/preview-origin.ts';
import { ApiError } from '../../errors/api-error.ts';
import { idempotencyScopeOf } from '../../storage/idempotency.ts';
import { merchantStore } from '../../storage/merchants.ts';
import { authenticate } from '../auth/auth.ts';

const ALLOW_HEADERS = 'Authorization, Content-Type, Idempotency-Key';
const EXPOSE_HEADERS = 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After, Idempotent-Replayed';

/**
 * Publishable-key endpoints answer CORS for the merchant's allowed origins alone. The browser's
 * Origin is compared exactly with the stored, canonical origins: `null`, look-alikes and
 * http-downgraded origins never match. Preflights carry no Authorization, so they name the key
 * in `?key=`.
 *
 * A refusal (bad key, origin not allowed) is readable by the page that asked: it is the error
 * envelope and nothing else, and without it the widget could only report an opaque network
 * failure instead of telling the merchant which origin to allow. A refused preflight stays a 403,
 * so the browser never sends the request it announced.
 */
export function publicCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    c.header('Vary', 'Origin');
    if (origin) c.header('Access-Control-Allow-Origin', origin);
    const auth = await authenticate(c, 'publishable', { allowQueryKey: true });
    const merchant = await merchantStore(c.env).get(auth.tenant.merchantId);
    const allowed = !!merchant && ((!!origin && merchant.allowed_origins.includes(origin)) || isConsolePreviewRead(c));
    if (!allowed) throw originNotAllowed(origin);
    c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', 'GET, POST');
      c.header('Access-Control-Allow-Headers', ALLOW_HEADERS);
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    c.set('auth', auth);
    c.set('idempotencyScope', idempotencyScopeOf(auth.tenant));
    c.set('merchant', merchant);
    await next();
  };
}

/** Names the refused origin and how to allow it: the widget prints this message in the page's console. */
function originNotAllowed(origin: string | undefined): ApiError {
  const which = origin ? `The origin ${origin.slice(0, 200)} is` : 'A request without an Origin header is';
  return new ApiError(
    'permission_error',
    'origin_not_allowed',
    `${which} not allowed for this publishable key. ` +
      "Add the origin to the merchant's allowed_origins (PATCH /v1/merchant with a secret key).",
  );
}
