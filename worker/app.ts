import { Hono } from 'hono';
import type { AppEnv } from './app-env.ts';
import { notFound, onError } from './errors/on-error.ts';
import { health } from './routes/health.ts';

export function createApp() {
  const app = new Hono<AppEnv>();
  app.route('/health', health);
  app.notFound(notFound);
  app.onError(onError);
  return app;
}
