import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import { notFound, onError } from './errors/on-error.ts';
import { keys, merchant } from './routes/account.ts';
import { advocates, codes, programAdvocates } from './routes/advocates.ts';
import { docs, openapi } from './routes/docs.ts';
import { attribution } from './routes/attribution.ts';
import { health } from './routes/health.ts';
import { merchants } from './routes/merchants.ts';
import { redemptions, reservations, validation } from './routes/checkout.ts';
import { programs } from './routes/programs.ts';
import { publicApi } from './routes/public.ts';
import { redirect } from './routes/redirect.ts';

export function createApp() {
  const app = new Hono<AppEnv>();
  app.route('/r', redirect);
  app.route('/health', health);
  app.route('/v1/openapi.json', openapi);
  app.route('/docs', docs);
  app.route('/v1/merchants', merchants);
  app.route('/v1/merchant', merchant);
  app.route('/v1/keys', keys);
  app.route('/v1/programs/:programId/advocates', programAdvocates);
  app.route('/v1/programs', programs);
  app.route('/v1/advocates', advocates);
  app.route('/v1/codes/:code/validate', validation);
  app.route('/v1/codes', codes);
  app.route('/v1/redemptions', redemptions);
  app.route('/v1/reservations', reservations);
  app.route('/v1/public', publicApi);
  app.route('/v1/attribution', attribution);
  app.notFound(notFound);
  app.onError(onError);
  return app;
}
