import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ErrorEnvelope } from '../../shared/schemas/error.ts';
import { ApiError } from './api-error.ts';

function envelope(c: Context, status: number, error: ErrorEnvelope['error']): Response {
  return c.json({ error } satisfies ErrorEnvelope, status as ContentfulStatusCode);
}

/** The single place errors become responses. Unknown errors are logged and never leak details. */
export function onError(err: Error, c: Context): Response {
  if (err instanceof ApiError) {
    for (const [name, value] of Object.entries(err.headers)) c.header(name, value);
    return envelope(c, err.status, {
      type: err.type,
      code: err.code,
      message: err.message,
      ...(err.param ? { param: err.param } : {}),
    });
  }
  if (err instanceof HTTPException && err.status < 500) {
    return envelope(c, err.status, {
      type: 'invalid_request_error',
      code: 'bad_request',
      message: err.message || 'Bad request.',
    });
  }
  // Log enough to debug, never whole payloads (client errors can quote commands at length).
  console.error('unhandled error', c.req.method, c.req.path, `${err.name}: ${err.message.slice(0, 300)}`);
  if (isStorageUnavailable(err)) {
    return envelope(c, 503, {
      type: 'api_error',
      code: 'service_unavailable',
      message: 'Storage is temporarily unavailable. Retry shortly (with the same Idempotency-Key for writes).',
    });
  }
  return envelope(c, 500, {
    type: 'api_error',
    code: 'internal_error',
    message: 'Something went wrong on our side. Try again later.',
  });
}

/** Redis could not be reached or answered with a server error: worth a retry, unlike a bug. */
function isStorageUnavailable(err: Error): boolean {
  if (err.name === 'TimeoutError' || err.name === 'AbortError') return true;
  if (err.name === 'UpstashError')
    return /Service Unavailable|Redis unavailable|Internal Server Error|Bad Gateway|Gateway Timeout/i.test(err.message);
  // workerd reports a dropped connection as a plain Error, not a TypeError.
  if (/^Network connection lost/i.test(err.message)) return true;
  return err instanceof TypeError && /fetch|network|connect/i.test(err.message);
}

export function notFound(c: Context): Response {
  return envelope(c, 404, {
    type: 'not_found_error',
    code: 'route_not_found',
    message: `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`,
  });
}
