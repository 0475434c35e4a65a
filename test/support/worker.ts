import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Request as MfRequest, type Response as MfResponse, Miniflare, fetch as mfFetch } from 'miniflare';
import { bundleWorker } from '../../scripts/lib/bundle-worker.ts';
import { type EventPipelineOptions, eventPipeline } from '../../scripts/lib/event-pipeline.ts';
import type { Bridge } from './redis.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789';
/** wrangler.toml's `[assets] run_worker_first`. */
const WORKER_FIRST = ['/_api-docs/*'];

// The assets-only Worker's code: the asset router answers a path with no file itself.
const NO_SCRIPT = 'export default {};';

/** The compatibility date the Worker is deployed with, read from wrangler.toml (one source). */
export function compatibilityDate(): string {
  const toml = readFileSync(resolve(ROOT, 'wrangler.toml'), 'utf8');
  const match = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml);
  if (!match) throw new Error('compatibility_date missing from wrangler.toml');
  return match[1]!;
}

export interface RunningWorker {
  mf: Miniflare;
  /** The Worker's real HTTP origin (for browsers and plain fetch). */
  url: URL;
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Runs the Worker's scheduled (cron) handler once, as Cloudflare would at `scheduledTime` (ms, default now). */
  scheduled(scheduledTime?: number): Promise<{ outcome: string }>;
  dispose(): Promise<void>;
}

export interface StartWorkerOptions {
  entry?: string;
  bridge: Bridge;
  /** Override a binding, e.g. a wrong Redis token. */
  bindings?: Record<string, string>;
  /** Per-IP limit of the edge rate limiter (health, docs); generous unless a test wants it tight. */
  publicLimit?: number;
  /** Serve dist/public as static assets ahead of the Worker, as wrangler does in production. */
  assets?: boolean;
  /**
   * Answers the Worker's own outbound fetches in this process (Miniflare's `outboundService`), so Worker
   * code keeps calling https://api.stripe.com or https://{shop}/admin/api/… unchanged: a local server of
   * a provider's documented shapes (test/support/provider-apis.ts). `null` lets the request go out as it
   * would (the Redis bridge, webhook receivers).
   */
  outbound?: (request: MfRequest) => Promise<MfResponse | null>;
  /** The raw-event queues' batch wait and retries (Miniflare's local Queues and R2; defaults: 50 ms, 20). */
  events?: EventPipelineOptions;
}

function outboundVia(answer: NonNullable<StartWorkerOptions['outbound']>) {
  return async (request: MfRequest): Promise<MfResponse> => (await answer(request)) ?? mfFetch(request);
}

/** Runs the bundled Worker in workerd through the Miniflare API, talking to the REST bridge. */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const script = new TextDecoder().decode(await bundleWorker(resolve(ROOT, options.entry ?? 'worker/index.ts')));
  const assets = { directory: resolve(ROOT, 'dist/public'), binding: 'ASSETS' };
  const mf = new Miniflare({
    host: '127.0.0.1',
    port: 0,
    cf: false,
    workers: [
      {
        name: 'vouch',
        modules: true,
        script,
        compatibilityDate: compatibilityDate(),
        ...(options.outbound ? { outboundService: outboundVia(options.outbound) } : {}),
        bindings: {
          VOUCH_ENV: 'test',
          UPSTASH_REDIS_REST_URL: options.bridge.server.url,
          UPSTASH_REDIS_REST_TOKEN: options.bridge.server.token,
          ADMIN_TOKEN: TEST_ADMIN_TOKEN,
          HASH_SECRET: 'test-hash-secret',
          PUBLIC_BASE_URL: '',
          // Generous limits: suites share one loopback IP; the rate-limit test sets its own.
          RATE_LIMIT_IP_PER_MINUTE: '1000000',
          RATE_LIMIT_KEY_PER_MINUTE: '1000000',
          PUBLIC_LIMIT_PER_MINUTE: String(options.publicLimit ?? 100000),
          // Webhook retries 1000 times sooner (5 s -> 5 ms), so tests drive them without waiting.
          WEBHOOK_RETRY_SCALE: '0.001',
          // Raw events leave at once, and the consumer's retries (30 s doubling) come 1000 times sooner.
          EVENT_LINGER_MS: '0',
          EVENT_RETRY_SCALE: '0.001',
          ...options.bindings,
        },
        ...eventPipeline(options.events),
        ratelimits: { PUBLIC_LIMITER: { simple: { limit: options.publicLimit ?? 100000, period: 60 } } },
        // static_routing: wrangler.toml's run_worker_first (the Worker answers the raw API documents' paths).
        ...(options.assets
          ? {
              assets: {
                ...assets,
                routerConfig: { has_user_worker: true, static_routing: { user_worker: WORKER_FIRST } },
              },
            }
          : { serviceBindings: { ASSETS: 'vouch-assets' } }),
      },
      // Without `assets` the Worker still has its ASSETS binding (it serves the API documents from
      // there), bound to a Worker of the same files alone: an asset router in front of every request
      // resets connections whose large bodies the Worker refuses unread.
      ...(options.assets ? [] : [{ name: 'vouch-assets', modules: true, script: NO_SCRIPT, assets }]),
    ],
  });
  const url = await mf.ready;
  return {
    mf,
    url,
    // Concatenate rather than resolve: a path like "//x" must reach the Worker as a path.
    fetch: async (path, init) =>
      (await mf.dispatchFetch(
        path.startsWith('/') ? `${url.origin}${path}` : new URL(path, url).toString(),
        init as never,
      )) as unknown as Response,
    scheduled: async (scheduledTime = Date.now()) => {
      const worker = await mf.getWorker();
      const result = await worker.scheduled({ scheduledTime: new Date(scheduledTime), cron: '* * * * *' });
      return { outcome: String(result.outcome) };
    },
    dispose: () => mf.dispose(),
  };
}
