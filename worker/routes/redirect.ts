import { Hono } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { handleRedirect } from '../redirect/handle-redirect.ts';

// worker/index.ts answers /r/* before the router (worker/redirect/handle-redirect.ts): this only
// delegates, so the route still shows in the app's route list.
export const redirect = new Hono<AppEnv>();
redirect.on(['GET', 'HEAD'], '/*', (c) =>
  handleRedirect(c.req.raw, c.env, c.executionCtx as unknown as ExecutionContext),
);
