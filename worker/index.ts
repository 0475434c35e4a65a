import { createApp } from './app.ts';
import { handleRedirect, isRedirectRequest } from './routes/redirect.ts';

const app = createApp();

// Static files (the widget bundle) are served by Workers Static Assets before this runs.
// Referral redirects are the hot path and skip the router; everything else goes through Hono.
export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    const path = request.url.slice(request.url.indexOf('/', 8));
    if (isRedirectRequest(request, path)) return handleRedirect(request, env, ctx);
    return app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
