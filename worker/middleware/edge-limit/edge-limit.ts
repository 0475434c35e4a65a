import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { ApiError } from '../../errors/api-error.ts';
import { edgeLimitKey } from '../../lib/client-ip.ts';
import { config } from '../../lib/config.ts';

/**
 * Per-IP limits for endpoints without an API key (health, OpenAPI, docs), through Cloudflare's
 * rate-limiting binding: enforced at the edge at no Redis cost, so hammering them costs nothing.
 * The binding answers only allowed or not, so only the limit is advertised: PUBLIC_LIMIT_PER_MINUTE
 * unless given (the binding's own `simple.limit` in wrangler.toml is kept in step with it).
 */
export function edgeLimit(limitPerMinute?: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const limiter = c.env.PUBLIC_LIMITER;
    const { success } = await limiter.limit({ key: await edgeLimitKey(c) });
    c.header('X-RateLimit-Limit', String(limitPerMinute ?? config(c.env).PUBLIC_LIMIT_PER_MINUTE));
    if (!success) {
      throw new ApiError('rate_limit_error', 'rate_limited', 'Too many requests. Retry in 60 s.', {
        headers: { 'Retry-After': '60' },
      });
    }
    await next();
  };
}
