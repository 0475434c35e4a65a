import { ErrorEnvelope } from '../schemas/error.ts';
import { jsonSchema } from './openapi-schemas.ts';
import type { Auth, RouteSpec } from './routes.ts';

type Json = Record<string, unknown>;

// Keyed routes pass the auth middleware, which rate limits (per IP and per key) in the same round
// trip, and their writes pass the Idempotency-Key middleware (worker/routes/secret-api.ts, public.ts,
// merchants.ts, console/routes.ts).
const KEYED: ReadonlySet<Auth> = new Set(['secret', 'publishable', 'admin']);

/** Whether this write replays answers by Idempotency-Key (and so may answer its 409s). */
export function takesIdempotencyKey(route: RouteSpec): boolean {
  return route.method !== 'get' && KEYED.has(route.auth) && route.idempotency !== false;
}

/** Keyed routes are limited by the auth middleware; the others say so with a 429 in `errors`. */
export function isRateLimited(route: RouteSpec): boolean {
  return KEYED.has(route.auth) || (route.errors ?? []).includes(429);
}

/** Every error status the route may answer, ascending. */
export function errorStatuses(route: RouteSpec): number[] {
  const statuses = new Set(route.errors ?? []);
  const add = (when: boolean, ...s: number[]) => {
    if (when) for (const x of s) statuses.add(x);
  };
  add(route.auth !== 'none', 401);
  // A key of the other type, an origin the merchant did not allow, bootstrap disabled.
  add(KEYED.has(route.auth), 403);
  add(isRateLimited(route), 429);
  add(Boolean(route.body || route.query || route.params) || takesIdempotencyKey(route), 400);
  add(takesIdempotencyKey(route), 409);
  // The Idempotency-Key middleware reads (and bounds) the body of any write it fingerprints.
  add(Boolean(route.body) || takesIdempotencyKey(route), 413);
  add(Boolean(route.body), 415);
  // A storage outage, or a production Worker without its secret (keyed routes hash the client IP
  // with HASH_SECRET before any limit), unless a 503 is a normal answer or nothing is needed.
  add(route.needsStorage !== false && !(route.alsoReturns ?? []).some((r) => r.status === 503), 503);
  return [...statuses].sort((a, b) => a - b);
}

const TEXT: Record<number, string> = {
  400: 'Invalid request (`invalid_request`, `invalid_json`, `invalid_idempotency_key`…): the `param` names the field.',
  401: 'Missing, malformed, wrong or revoked credentials.',
  403: 'Key of the wrong type, origin not allowed, or operation disabled; `code` says which.',
  404: 'Not found (also for objects of another merchant or mode).',
  409: 'Conflict with the current state; `code` says which.',
  410: 'Gone: expired, used or revoked; `code` says which.',
  413: 'Body larger than 64 KiB (65,536 bytes, counted in bytes, chunked bodies too): `body_too_large`.',
  415: 'The body is not `application/json` (`unsupported_media_type`).',
  422: 'Valid request the business rules reject; `code` says which.',
  429: 'Rate limited (`rate_limited`, or `slow_down` for pairing polls): retry after `Retry-After` seconds.',
  503:
    'Temporarily unavailable: `service_unavailable` when storage (Redis) does not answer (retry shortly; writes ' +
    'with the same Idempotency-Key), or `secret_not_configured` where the request needs a secret a production ' +
    'Worker lacks or holds too weak (HASH_SECRET: the operator must set it; `/health` says which).',
};

const IDEMPOTENCY_409 =
  ' With an Idempotency-Key: `idempotency_error` when the key was used with a different request, ' +
  '`idempotency_in_progress` (with `Retry-After`) when the first request with it is still running.';

function description(status: number, route: RouteSpec): string {
  const text = TEXT[status] ?? 'Error; `code` says which.';
  if (status === 409 && takesIdempotencyKey(route)) {
    return (route.errors ?? []).includes(409) ? text + IDEMPOTENCY_409 : IDEMPOTENCY_409.trim();
  }
  if (status === 415 && route.alsoAccepts?.length) {
    const others = route.alsoAccepts.map((t) => `\`${t}\``).join(', ');
    return `The body is neither \`application/json\` nor ${others} (\`unsupported_media_type\`).`;
  }
  return text;
}

const header = (name: string) => ({ $ref: `#/components/headers/${name}` });

/** An error answer: the one envelope, and Retry-After where a retry is the remedy. */
export function errorResponse(status: number, route: RouteSpec): Json {
  const retry = status === 429 || status === 503 || (status === 409 && takesIdempotencyKey(route));
  return {
    description: description(status, route),
    ...(retry ? { headers: { 'Retry-After': header('RetryAfter') } } : {}),
    content: { 'application/json': { schema: jsonSchema(ErrorEnvelope, 'output') } },
  };
}

/** Headers of a successful answer: the rate limit counters and, for replays, Idempotent-Replayed. */
export function successHeaders(route: RouteSpec): Json | undefined {
  const headers: Json = {};
  if (KEYED.has(route.auth)) {
    headers['X-RateLimit-Limit'] = header('RateLimitLimit');
    headers['X-RateLimit-Remaining'] = header('RateLimitRemaining');
    headers['X-RateLimit-Reset'] = header('RateLimitReset');
  } else if (isRateLimited(route)) {
    headers['X-RateLimit-Limit'] = header('RateLimitLimit');
  }
  if (takesIdempotencyKey(route)) headers['Idempotent-Replayed'] = header('IdempotentReplayed');
  return Object.keys(headers).length ? headers : undefined;
}

const integer = { type: 'integer', minimum: 0 };

/** `components.headers` and `components.parameters` the operations point to. */
export const SHARED_COMPONENTS = {
  headers: {
    RateLimitLimit: {
      description: 'Requests allowed per minute in the tightest bucket that applies (per IP, per key).',
      schema: integer,
    },
    RateLimitRemaining: { description: 'Requests left in the current window.', schema: integer },
    RateLimitReset: { description: 'Seconds until the window resets.', schema: integer },
    RetryAfter: { description: 'Seconds to wait before retrying.', schema: integer },
    IdempotentReplayed: {
      description: '`true` when this answer is the stored answer of an earlier request with the same Idempotency-Key.',
      schema: { type: 'string', enum: ['true'] },
    },
  },
  parameters: {
    IdempotencyKey: {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description:
        'Any unique string of 1-255 printable ASCII characters. Retrying with the same key and request replays the ' +
        'first successful answer (kept 25 h); the same key with another request is a 409 `idempotency_error`, and ' +
        'while the first is still running a 409 `idempotency_in_progress`. Failed requests are not kept: a retry ' +
        'runs again.',
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7E]+$' },
    },
  },
};
