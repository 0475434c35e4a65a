import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { requireKey } from '../middleware/auth/auth.ts';
import type { ReadAlong } from '../middleware/auth/read-along.ts';
import { idempotency } from '../middleware/idempotency/idempotency.ts';

/**
 * A sub-app for secret-key endpoints: authenticated, rate limited, writes idempotent; `readAlong`
 * names a record its routes read first, read in the authentication round trip.
 */
export function secretApi(readAlong?: ReadAlong): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireKey('secret', { readAlong }), idempotency());
  return app;
}
