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
    return envelope(c, err.status, { type: 'invalid_request_error', code: 'bad_request', message: err.message || 'Bad request.' });
  }
  console.error('unhandled error', c.req.method, c.req.path, err);
  return envelope(c, 500, { type: 'api_error', code: 'internal_error', message: 'Something went wrong on our side. Try again later.' });
}

export function notFound(c: Context): Response {
  return envelope(c, 404, {
    type: 'not_found_error',
    code: 'route_not_found',
    message: `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`,
  });
}
