import { REDIRECT_PATH } from './openapi-redirect.ts';
import {
  errorResponse,
  errorStatuses,
  SHARED_COMPONENTS,
  successHeaders,
  takesIdempotencyKey,
} from './openapi-responses.ts';
import { hoistNamedSchemas, jsonSchema } from './openapi-schemas.ts';
import { buildWebhooks } from './openapi-webhooks.ts';
import { type Auth, ROUTES, type RouteSpec, TAGS } from './routes.ts';

type Json = Record<string, unknown>;

const SECURITY: Record<Auth, Json[]> = {
  secret: [{ secretKey: [] }],
  publishable: [{ publishableKey: [] }, { publishableKeyQuery: [] }],
  admin: [{ adminToken: [] }],
  advocate: [{ advocateToken: [] }],
  none: [],
};

function parameters(route: RouteSpec): Json[] {
  const out: Json[] = Object.entries(route.params ?? {}).map(([name, description]) => ({
    name,
    in: 'path',
    required: true,
    description,
    schema: { type: 'string' },
  }));
  if (route.query) {
    type Query = { properties?: Record<string, Json>; required?: string[]; $defs?: Json };
    const q = jsonSchema(route.query, 'input') as Query;
    for (const [name, s] of Object.entries(q.properties ?? {})) {
      // Named shapes a field points to travel with it until hoistNamedSchemas moves them.
      const schema = q.$defs ? { ...s, $defs: structuredClone(q.$defs) } : s;
      const required = q.required?.includes(name) ?? false;
      out.push({ name, in: 'query', required, description: s.description, schema });
    }
  }
  if (takesIdempotencyKey(route)) out.push({ $ref: '#/components/parameters/IdempotencyKey' });
  return out;
}

function responses(route: RouteSpec): Json {
  const mediaType = route.response.mediaType ?? 'application/json';
  const success = () => ({ [mediaType]: { schema: jsonSchema(route.response.schema, 'output') } });
  const headers = successHeaders(route);
  const answer = (description: string) => ({ description, ...(headers ? { headers } : {}), content: success() });
  const out: Json = { [route.response.status]: answer(route.response.description) };
  for (const extra of route.alsoReturns ?? []) out[extra.status] = answer(extra.description);
  for (const status of errorStatuses(route)) out[status] = errorResponse(status, route);
  return out;
}

function requestBody(route: RouteSpec): Json | undefined {
  if (!route.body) return undefined;
  const types = ['application/json', ...(route.alsoAccepts ?? [])];
  const body = route.body;
  return { required: true, content: Object.fromEntries(types.map((t) => [t, { schema: jsonSchema(body, 'input') }])) };
}

function operation(route: RouteSpec): Json {
  const params = parameters(route);
  const body = requestBody(route);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: SECURITY[route.auth],
    ...(params.length ? { parameters: params } : {}),
    ...(body ? { requestBody: body } : {}),
    responses: responses(route),
  };
}

/** The OpenAPI 3.1 document, generated from the contract's routes and shared zod schemas. */
export function buildOpenApi(options: { version: string; serverUrl?: string }): Json {
  const paths: Record<string, Json> = {};
  for (const route of ROUTES) {
    paths[route.path] = { ...(paths[route.path] ?? {}), [route.method]: operation(route) };
  }
  paths['/r/{code}'] = REDIRECT_PATH;
  return hoistNamedSchemas({
    openapi: '3.1.0',
    info: {
      title: 'Vouch API',
      version: options.version,
      license: { name: 'MIT', identifier: 'MIT' },
      description:
        'Referral programs at the edge. JSON with snake_case fields; money in integer minor units with an ISO 4217 ' +
        'currency; errors as `{"error": {"type", "code", "message", "param"?}}`. Secret keys (`sk_test_`/`sk_live_`) ' +
        'on servers only; ' +
        'publishable keys (`pk_`) in browsers on your allowed origins. Test and live data are fully separate. ' +
        'Answers to a key carry X-RateLimit-Limit/Remaining/Reset; writes with a key take an Idempotency-Key ' +
        '(each operation lists it, and every status it can answer).',
    },
    // Without a known origin: the one this document is served from.
    servers: [
      options.serverUrl ? { url: options.serverUrl } : { url: '/', description: 'The origin serving this document.' },
    ],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    webhooks: buildWebhooks(),
    components: {
      securitySchemes: {
        secretKey: { type: 'http', scheme: 'bearer', description: '`sk_test_…` or `sk_live_…`.' },
        publishableKey: {
          type: 'http',
          scheme: 'bearer',
          description: '`pk_test_…` or `pk_live_…`, from an allowed origin.',
        },
        publishableKeyQuery: {
          type: 'apiKey',
          in: 'query',
          name: 'key',
          description: 'The publishable key as `?key=` (also for CORS preflights).',
        },
        adminToken: { type: 'http', scheme: 'bearer', description: 'The ADMIN_TOKEN Worker secret (operators only).' },
        advocateToken: {
          type: 'http',
          scheme: 'bearer',
          description: '`vat_…`: an advocate token the browser extension got by pairing.',
        },
      },
      ...SHARED_COMPONENTS,
      schemas: {},
    },
  });
}
