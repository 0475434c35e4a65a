import * as z from 'zod';
import { ErrorEnvelope } from '../schemas/error.ts';
import { ROUTES, type Auth, type RouteSpec } from './routes.ts';

type Json = Record<string, unknown>;

const ERROR_TEXT: Record<number, string> = {
  400: 'Invalid request: the `param` names the field.',
  401: 'Missing, malformed, wrong or revoked key.',
  403: 'Key of the wrong type, origin not allowed, or operation disabled.',
  404: 'Not found (also for objects of another merchant or mode).',
  409: 'Conflict with the current state, or an Idempotency-Key reused with another request.',
  413: 'Body larger than 64 KiB.',
  422: 'Valid request the business rules reject; `code` says which.',
  429: 'Rate limited; see Retry-After.',
  503: 'A dependency is down.',
};

const SECURITY: Record<Auth, Json[]> = {
  secret: [{ secretKey: [] }],
  publishable: [{ publishableKey: [] }, { publishableKeyQuery: [] }],
  admin: [{ adminToken: [] }],
  advocate: [{ advocateToken: [] }],
  none: [],
};

function schema(s: z.ZodType, io: 'input' | 'output'): Json {
  const out = z.toJSONSchema(s, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Json;
  delete out.$schema;
  return out;
}

function operation(route: RouteSpec): Json {
  const parameters: Json[] = Object.entries(route.params ?? {}).map(([name, description]) => ({
    name,
    in: 'path',
    required: true,
    description,
    schema: { type: 'string' },
  }));
  if (route.query) {
    const q = schema(route.query, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, s] of Object.entries(q.properties ?? {})) {
      parameters.push({ name, in: 'query', required: q.required?.includes(name) ?? false, description: s.description, schema: s });
    }
  }
  const writes = route.method !== 'get';
  if (writes) {
    parameters.push({
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Any unique string up to 255 characters. Retrying with the same key and body replays the first answer (kept 25 h); another body is a 409.',
      schema: { type: 'string', maxLength: 255 },
    });
  }
  const content = { [route.response.mediaType ?? 'application/json']: { schema: schema(route.response.schema, 'output') } };
  const responses: Json = { [route.response.status]: { description: route.response.description, content } };
  for (const extra of route.alsoReturns ?? []) responses[extra.status] = { description: extra.description, content };
  const errorStatuses = new Set([...(route.auth === 'none' ? [] : [401, 429]), ...(route.body || route.query || route.params ? [400] : []), ...(route.body ? [413] : []), ...(route.errors ?? [])]);
  for (const status of [...errorStatuses].sort()) {
    responses[status] = { description: ERROR_TEXT[status] ?? 'Error.', content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelope' } } } };
  }
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: SECURITY[route.auth],
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: schema(route.body, 'input') } } } } : {}),
    responses,
  };
}

/** The OpenAPI 3.1 document, generated from the contract's routes and shared zod schemas. */
export function buildOpenApi(options: { version: string; serverUrl?: string }): Json {
  const paths: Record<string, Json> = {};
  for (const route of ROUTES) {
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vouch API',
      version: options.version,
      description:
        'Referral programs at the edge. JSON with snake_case fields; money in integer minor units with an ISO 4217 currency; ' +
        'errors as `{"error": {"type", "code", "message", "param"?}}`. Secret keys (`sk_test_`/`sk_live_`) on servers only; ' +
        'publishable keys (`pk_`) in browsers on your allowed origins. Test and live data are fully separate. ' +
        'Every answer carries X-RateLimit-Limit/Remaining/Reset.',
    },
    ...(options.serverUrl ? { servers: [{ url: options.serverUrl }] } : {}),
    tags: [...new Set(ROUTES.map((r) => r.tag))].map((name) => ({ name })),
    paths,
    components: {
      securitySchemes: {
        secretKey: { type: 'http', scheme: 'bearer', description: '`sk_test_…` or `sk_live_…`.' },
        publishableKey: { type: 'http', scheme: 'bearer', description: '`pk_test_…` or `pk_live_…`, from an allowed origin.' },
        publishableKeyQuery: { type: 'apiKey', in: 'query', name: 'key', description: 'The publishable key as `?key=` (also for CORS preflights).' },
        adminToken: { type: 'http', scheme: 'bearer', description: 'The ADMIN_TOKEN Worker secret (operators only).' },
        advocateToken: { type: 'http', scheme: 'bearer', description: '`vat_…`: an advocate token the browser extension got by pairing.' },
      },
      schemas: { ErrorEnvelope: schema(ErrorEnvelope, 'output') },
    },
  };
}
