import { createApp } from './app.ts';
import { handleLinkDomain, handleRedirect, isRedirectRequest } from './routes/redirect.ts';

const app = createApp();

// Static files (the widget bundle) are served by Workers Static Assets before this runs.
// Referral redirects are the hot path and skip the router; everything else goes through Hono.
export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const path = request.url.slice(request.url.indexOf('/', 8)).split('?')[0]!;
    if (isRedirectRequest(request, path)) return handleRedirect(request, env, ctx);
    // On a merchant's own link domain, `/{code}` is a referral link.
    const onLinkDomain = await handleLinkDomain(request, env, ctx, path);
    return onLinkDomain ?? app.fetch(request, env, ctx);
  },
} satisfies ExportedHandler<Env>;
