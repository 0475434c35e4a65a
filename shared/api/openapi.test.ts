import { describe, expect, it } from 'vitest';
import { buildOpenApi } from './openapi.ts';
import { isRateLimited, takesIdempotencyKey } from './openapi-responses.ts';
import { ROUTES, type RouteSpec, TAGS } from './routes.ts';

type Op = {
  operationId: string;
  tags: string[];
  parameters?: any[];
  requestBody?: any;
  responses: Record<string, any>;
};

const doc = buildOpenApi({ version: '1.2.3', serverUrl: 'https://vouch.test' }) as any;
const ops: Op[] = Object.values(doc.paths).flatMap((item: any) => Object.values(item)) as Op[];
const byId = (id: string): Op => ops.find((o) => o.operationId === id)!;
const opOf = (route: RouteSpec): Op => byId(route.operationId);
const jsonOf = (answer: any) => answer.content['application/json'].schema;
const ERROR_REF = { $ref: '#/components/schemas/Error' };

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const v of value) refs(v, out);
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('OpenAPI document: every status an operation can answer', () => {
  it('429 with Retry-After wherever a rate limit applies (every keyed route, the edge-limited ones)', () => {
    const limited = ROUTES.filter(isRateLimited);
    // Unlimited: the advocate-token calls of the extension (no limit in worker/routes/extension.ts), and
    // the provider hooks: signed by Stripe and Shopify, which deliver bursts from a few addresses (a
    // per-IP limit would refuse real orders); an unsigned request costs one read and writes nothing.
    // PayPal's and Tremendous's payout status hooks likewise: a Tremendous request without a valid
    // HMAC costs one read; a PayPal one is refused before any call to PayPal unless all five
    // transmission headers are present and its cert_url is an https *.paypal.com address.
    const unlimited = ROUTES.filter((r) => !isRateLimited(r)).map((r) => r.operationId);
    expect(unlimited.sort()).toEqual([
      'getExtensionWallet',
      'getExtensionWalletRewards',
      'receivePaypalEvent',
      'receiveShopifyEvent',
      'receiveStripeEvent',
      'receiveTremendousEvent',
      'revokeCurrentExtensionToken',
    ]);
    for (const route of limited) {
      const answer = opOf(route).responses['429'];
      expect(answer?.content['application/json'].schema, route.operationId).toEqual(ERROR_REF);
      expect(answer.headers['Retry-After'], route.operationId).toEqual({ $ref: '#/components/headers/RetryAfter' });
    }
    for (const id of ['getHealth', 'getOpenApi', 'createConsoleSession', 'startExtensionPairing', 'recognizeCodes']) {
      expect(ops.find((o) => o.operationId === id)!.responses['429'], id).toBeDefined();
    }
  });

  it('409 and the Idempotency-Key header on every write that takes one, and the header nowhere else', () => {
    const writes = ROUTES.filter((r) => r.method !== 'get' && r.auth !== 'none' && r.auth !== 'advocate');
    expect(writes.filter((r) => !takesIdempotencyKey(r)).map((r) => r.operationId)).toEqual(['revokeConsoleSession']);
    for (const route of ROUTES) {
      const op = opOf(route);
      const header = (op.parameters ?? []).some((p) => p.$ref === '#/components/parameters/IdempotencyKey');
      expect(header, route.operationId).toBe(takesIdempotencyKey(route));
      if (!takesIdempotencyKey(route)) continue;
      expect(op.responses['409'].description, route.operationId).toMatch(/idempotency_error.*idempotency_in_progress/);
      expect(op.responses['409'].content['application/json'].schema).toEqual(ERROR_REF);
    }
    expect(byId('createProgram').responses['201'].headers['Idempotent-Replayed']).toBeDefined();
  });

  it('413 and 415 on every operation with a JSON body; the beacon endpoint also takes text/plain', () => {
    const withBody = ROUTES.filter((r) => 'body' in r);
    expect(withBody.length).toBeGreaterThan(30);
    for (const route of withBody) {
      const op = opOf(route);
      expect(op.responses['413']?.description, route.operationId).toMatch(/64 KiB.*bytes/);
      expect(op.responses['415']?.description, route.operationId).toMatch(/application\/json/);
      expect(Object.keys(op.requestBody.content), route.operationId).toContain('application/json');
    }
    // Writes without a body schema still have their body read for the Idempotency-Key fingerprint.
    for (const route of ROUTES.filter(takesIdempotencyKey)) {
      expect(opOf(route).responses['413'], route.operationId).toBeDefined();
    }
    const beacon = ops.find((o) => o.operationId === 'recordWidgetEvents')!;
    expect(Object.keys(beacon.requestBody.content)).toEqual(['application/json', 'text/plain']);
  });

  it('503 on every operation that needs storage or a secret: storage outage and a missing production secret', () => {
    // The document itself is built in the isolate: no Redis, no secret.
    expect(ops.filter((op) => !op.responses['503']).map((op) => op.operationId)).toEqual(['getOpenApi']);
    for (const op of ops.filter((o) => o.operationId !== 'getOpenApi')) {
      const answer = op.responses['503'];
      if (op.operationId === 'getHealth') {
        expect(jsonOf(answer)).toEqual(jsonOf(byId('getHealth').responses['200']));
      } else if (!op.tags.includes('Redirects')) {
        expect(answer.description, op.operationId).toMatch(/service_unavailable.*secret_not_configured/);
        expect(answer.content['application/json'].schema).toEqual(ERROR_REF);
      }
    }
  });

  it('401 wherever credentials are checked, 403 on keyed routes, and every error answer is the one envelope', () => {
    for (const route of ROUTES) {
      const op = opOf(route);
      expect(Boolean(op.responses['401']), route.operationId).toBe(route.auth !== 'none');
      // A key of the other type, an origin not allowed: every keyed route may refuse with 403.
      const keyed = ['secret', 'publishable', 'admin'].includes(route.auth);
      if (keyed) expect(op.responses['403'], route.operationId).toBeDefined();
      for (const [status, answer] of Object.entries(op.responses)) {
        if (Number(status) >= 400 && !(route.operationId === 'getHealth' && status === '503')) {
          expect(answer.content['application/json'].schema, `${route.operationId} ${status}`).toEqual(ERROR_REF);
        }
      }
    }
  });
});

describe('OpenAPI document: named shapes, tags, the redirect', () => {
  it('names the shared shapes as components and points every reference at one that exists', () => {
    const schemas = doc.components.schemas;
    const named = ['Program', 'Conversion', 'Reward', 'Advocate', 'Redemption', 'Error', 'Code', 'Merchant', 'Balance'];
    for (const name of named) {
      expect(schemas[name], name).toMatchObject({ type: 'object' });
    }
    const all = refs(doc);
    expect(all.filter((r) => !r.startsWith('#/components/'))).toEqual([]);
    for (const ref of new Set(all)) {
      const target = ref
        .slice(2)
        .split('/')
        .reduce((node: any, key) => node?.[key], doc);
      expect(target, ref).toBeDefined();
    }
    expect(JSON.stringify(doc)).not.toContain('"$defs"');
    expect(jsonOf(byId('getProgram').responses['200'])).toEqual({ $ref: '#/components/schemas/Program' });
    const rewards = jsonOf(byId('listRewards').responses['200']);
    expect(rewards.properties.data.items).toEqual({ $ref: '#/components/schemas/Reward' });
  });

  it('names the payload of every webhook event (the webhooks section, shared/api/openapi-webhooks.ts)', () => {
    for (const [type, item] of Object.entries((doc.webhooks ?? {}) as Record<string, { post: Op }>)) {
      const ref = item.post.requestBody.content['application/json'].schema.$ref as string;
      expect(ref, type).toMatch(/^#\/components\/schemas\/[A-Z]\w+Event$/);
      expect(doc.components.schemas[ref.split('/').pop()!].properties.type, type).toMatchObject({ const: type });
    }
  });

  it('gives objects keyed by an enum their properties (no required key left undefined)', () => {
    const walk = (node: any, path: string): void => {
      if (!node || typeof node !== 'object') return;
      if (!Array.isArray(node) && Array.isArray(node.required) && node.type === 'object') {
        for (const key of node.required) expect(node.properties?.[key], `${path}.${key}`).toBeDefined();
      }
      for (const [k, v] of Object.entries(node)) walk(v, `${path}/${k}`);
    };
    walk(doc, '#');
  });

  it('describes every tag, and every operation uses a described tag', () => {
    expect(doc.tags.map((t: any) => t.name)).toEqual(Object.keys(TAGS));
    for (const tag of doc.tags) expect(tag.description, tag.name).toMatch(/\w{3}/);
    for (const op of ops) expect(Object.keys(TAGS), op.operationId).toContain(op.tags[0]);
  });

  it('documents /r/{code}: a 302 whose Location carries ref and vouch_click, the cookie and cache headers', () => {
    const item = doc.paths['/r/{code}'];
    expect(Object.keys(item)).toEqual(['get', 'head']);
    const get = item.get;
    expect(get.security).toEqual([]);
    const params = get.parameters.map((p: any) => [p.name, p.in, p.required]);
    expect(params).toEqual([
      ['code', 'path', true],
      ['via', 'query', false],
      ['query', 'query', false],
    ]);
    const found = get.responses['302'];
    expect(found.headers.Location.description).toMatch(/`ref`.*`vouch_click`/s);
    const headers = ['Location', 'Set-Cookie', 'Cache-Control', 'X-Robots-Tag', 'Referrer-Policy'];
    expect(Object.keys(found.headers)).toEqual(headers);
    expect(Object.keys(get.responses)).toEqual(['200', '302', '404', '410', '503']);
  });

  it('falls back to the serving origin when none is given, and carries a license', () => {
    expect(doc.servers).toEqual([{ url: 'https://vouch.test' }]);
    const unplaced = buildOpenApi({ version: '1' }) as any;
    expect(unplaced.servers).toEqual([{ url: '/', description: 'The origin serving this document.' }]);
    expect(doc.info.license).toEqual({ name: 'MIT', identifier: 'MIT' });
  });
});
