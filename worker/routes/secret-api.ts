import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { requireKey } from '../middleware/auth/auth.ts';
import { idempotency } from '../middleware/idempotency/idempotency.ts';

/** A sub-app for secret-key endpoints: authenticated, rate limited, writes idempotent. */
export function secretApi(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', requireKey('secret'), idempotency());
  return app;
}
