import { Hono } from 'hono';
import { DevTickToken } from '../../shared/schemas/scheduled.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/api-error.ts';
import { notFound } from '../errors/on-error.ts';
import { config } from '../lib/config.ts';
import { safeEqual } from '../lib/crypto.ts';
import { runScheduled } from '../scheduled.ts';

/**
 * `POST /_dev/scheduled`: runs the scheduled work once, now. `wrangler dev` cannot fire the cron
 * trigger of a Worker with static assets, so `npm start` calls this every minute instead, with the
 * random DEV_TICK_TOKEN it generated for this run. Without that secret, or in production, the
 * route does not exist (404), so a deployed Worker can never be made to run it.
 */
export const devTick = new Hono<AppEnv>();

devTick.post('/', async (c) => {
  const configured = DevTickToken.safeParse(c.env.DEV_TICK_TOKEN);
  // Only `development` and `test` have the route at all: a production Worker (or one with no stage set) never does.
  if (config(c.env).production || !configured.success) return notFound(c);
  const sent = DevTickToken.safeParse(/^Bearer (.+)$/.exec(c.req.header('Authorization') ?? '')?.[1]);
  if (!sent.success || !(await safeEqual(sent.data, configured.data))) {
    const message = 'Send the DEV_TICK_TOKEN npm start generated as a bearer token.';
    throw new ApiError('authentication_error', 'invalid_dev_tick_token', message);
  }
  const summary = await runScheduled(c.env, c.executionCtx, Date.now());
  c.header('Cache-Control', 'no-store');
  return c.json(summary);
});
