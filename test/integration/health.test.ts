import { afterEach, describe, expect, it } from 'vitest';
import { version } from '../../package.json';
import { HealthResponse } from '../../shared/schemas/health.ts';
import { workerSuite } from '../support/suite.ts';
import { startWorker } from '../support/worker.ts';

const suite = workerSuite({ worker: { assets: true } });

afterEach(() => suite.bridge.server.clearFaults());

async function health() {
  const started = Date.now();
  const res = await suite.worker.fetch('/health');
  const body = HealthResponse.parse(await res.json());
  return { status: res.status, body, elapsed: Date.now() - started };
}

describe('GET /health', () => {
  it('reports the version and a reachable Redis with one PING in one HTTP request', async () => {
    suite.bridge.server.resetStats();
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', version, redis: { reachable: true } });
    expect(body.redis.latency_ms).toBeGreaterThanOrEqual(0);
    const stats = suite.bridge.server.stats();
    expect(stats.http_requests).toBe(1);
    expect(stats.commands).toBe(1);
    expect(stats.by_command).toEqual({ PING: 1 });
  });

  it('measures added Redis latency', async () => {
    suite.bridge.server.setFaults({ latency_ms: 150 });
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.redis.latency_ms).toBeGreaterThanOrEqual(150);
  });

  it('answers 503 degraded, fast, when Redis never answers (black hole)', async () => {
    suite.bridge.server.setFaults({ blackhole_requests: 1 });
    const { status, body, elapsed } = await health();
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: 'degraded', redis: { reachable: false, latency_ms: null, error: 'timeout' } });
    // The probe gives up after its 1 s timeout instead of hanging the health check.
    expect(elapsed).toBeLessThan(3000);
  });

  it('answers 503 degraded when the REST endpoint fails with a 5xx', async () => {
    suite.bridge.server.resetStats();
    suite.bridge.server.setFaults({ fail_requests: 1, error_status: 502 });
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.redis).toMatchObject({ reachable: false, error: 'unreachable' });
    // The failed request never reached Redis, and the probe does not retry.
    expect(suite.bridge.server.stats()).toMatchObject({ http_requests: 1, commands: 0 });
  });

  it('says unauthorized, without echoing the token, when the Redis token is wrong', async () => {
    const wrong = await startWorker({
      bridge: suite.bridge,
      bindings: { UPSTASH_REDIS_REST_TOKEN: 'wrong-token-value' },
    });
    try {
      const res = await wrong.fetch('/health');
      const text = await res.text();
      expect(res.status).toBe(503);
      expect(JSON.parse(text).redis).toMatchObject({ reachable: false, error: 'unauthorized' });
      expect(text).not.toContain('wrong-token-value');
    } finally {
      await wrong.dispose();
    }
  });

  it('says not_configured when the Redis secrets are missing', async () => {
    const bare = await startWorker({
      bridge: suite.bridge,
      bindings: { UPSTASH_REDIS_REST_URL: '', UPSTASH_REDIS_REST_TOKEN: '' },
    });
    try {
      const res = await bare.fetch('/health');
      expect(res.status).toBe(503);
      expect((await res.json()) as object).toMatchObject({ redis: { error: 'not_configured' } });
    } finally {
      await bare.dispose();
    }
  });
});

describe('routing and errors', () => {
  it('answers unknown routes with the JSON error envelope', async () => {
    const res = await suite.worker.fetch('/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { type: 'not_found_error', code: 'route_not_found', message: 'No route for GET /v1/nothing-here.' },
    });
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const doc = await suite.worker.fetch('/v1/openapi.json');
    expect(doc.status).toBe(200);
    const json = (await doc.json()) as { openapi: string; servers: { url: string }[]; paths: Record<string, unknown> };
    expect(json.openapi).toBe('3.1.0');
    expect(json.servers[0]!.url).toBe(suite.worker.url.origin);
    expect(Object.keys(json.paths)).toContain('/v1/programs/{programId}/advocates');
    const page = await suite.worker.fetch('/docs');
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(await page.text()).toContain('Enroll a customer as an advocate');
  });

  it('limits health, OpenAPI and docs per IP at the edge, without Redis', async () => {
    const tight = await startWorker({ bridge: suite.bridge, publicLimit: 2 });
    try {
      suite.bridge.server.resetStats();
      const statuses = [];
      for (let i = 0; i < 3; i++) {
        const res = await tight.fetch('/v1/openapi.json', { headers: { 'CF-Connecting-IP': '192.0.2.10' } });
        // Read each answer: unread bodies over 64 KiB in all (two gzipped documents) stall workerd's shutdown.
        await res.arrayBuffer();
        statuses.push(res.status);
      }
      expect(statuses).toEqual([200, 200, 429]);
      expect(suite.bridge.server.stats().http_requests).toBe(0);
      const other = await tight.fetch('/health', { headers: { 'CF-Connecting-IP': '192.0.2.11' } });
      expect(other.status).toBe(200);
    } finally {
      await tight.dispose();
    }
  });

  it('serves the built widget bundle as a static asset', async () => {
    const res = await suite.worker.fetch('/widget/vouch.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    expect(await res.text()).toContain('vouch-widget');
  });
});
