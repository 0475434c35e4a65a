import { createApp } from './app.ts';
import { consumeEvents, keepDeadLetters } from './events/consume-events.ts';
import { QUEUES } from './events/queues.ts';
import { handleRedirect } from './redirect/handle-redirect.ts';
import { handleLinkDomain } from './redirect/link-domain.ts';
import { runScheduled } from './scheduled.ts';

const app = createApp();

async function everythingElse(request: Request, env: Env, ctx: ExecutionContext, path: string): Promise<Response> {
  // On a merchant's own link domain, `/{code}` is a referral link.
  const onLinkDomain = await handleLinkDomain(request, env, ctx, path);
  return onLinkDomain ?? app.fetch(request, env, ctx);
}

// Static files (the widget bundle) are served by Workers Static Assets before this runs.
// Referral redirects are the hot path: they skip the router, and a warm repeat is answered
// synchronously. Everything else goes through Hono.
export default {
  fetch(request: Request, env: Env, ctx: ExecutionContext): Response | Promise<Response> {
    const url = request.url;
    const start = url.indexOf('/', url.indexOf('//') + 2);
    const query = url.indexOf('?', start);
    const path = query < 0 ? url.slice(start) : url.slice(start, query);
    const method = request.method;
    if (path.startsWith('/r/') && (method === 'GET' || method === 'HEAD'))
      return handleRedirect(request, env, ctx, undefined, { url, method, pathStart: start });
    return everythingElse(request, env, ctx, path);
  },
  scheduled(controller: ScheduledController, env: Env, ctx: ExecutionContext): void {
    ctx.waitUntil(runScheduled(env, ctx, controller.scheduledTime));
  },
  // Raw events: counted and stored in batches; dead letters kept in R2 until the scheduled job replays them.
  queue(batch: MessageBatch<unknown>, env: Env, ctx: ExecutionContext): Promise<void> {
    return batch.queue === QUEUES.dead ? keepDeadLetters(batch, env) : consumeEvents(batch, env, ctx);
  },
} satisfies ExportedHandler<Env>;
