import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/api-error.ts';

// Extension pages and backgrounds: their origin is the scheme and the extension's id.
const EXTENSION_ORIGIN = /^(chrome-extension|moz-extension|safari-web-extension):\/\/[A-Za-z0-9-]{1,64}$/;
const EXPOSE_HEADERS = 'X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Reset, Retry-After';

/**
 * /v1/extension answers CORS to browser extensions only, without credentials (the token travels
 * in Authorization). A request with a web page's Origin is refused outright: browsers send Origin
 * on every cross-site POST, so a page cannot spend a visitor's pairing budget behind their back.
 * No Origin (servers, tests, Chrome's background with host permission) passes.
 */
export function extensionCors(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    c.header('Vary', 'Origin');
    if (!EXTENSION_ORIGIN.test(origin))
      throw new ApiError(
        'permission_error',
        'origin_not_allowed',
        'These endpoints are for the Vouch browser extension only.',
      );
    c.header('Access-Control-Allow-Origin', origin);
    c.header('Access-Control-Expose-Headers', EXPOSE_HEADERS);
    if (c.req.method === 'OPTIONS') {
      c.header('Access-Control-Allow-Methods', 'GET, POST, DELETE');
      c.header('Access-Control-Allow-Headers', 'Authorization, Content-Type');
      c.header('Access-Control-Max-Age', '600');
      return c.body(null, 204);
    }
    await next();
  };
}
