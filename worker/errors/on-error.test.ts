import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api-error.ts';
import { notFound, onError } from './on-error.ts';

function appThrowing(err: Error) {
  const app = new Hono();
  app.get('/boom', () => {
    throw err;
  });
  app.onError(onError);
  app.notFound(notFound);
  return app;
}

describe('onError', () => {
  it('renders an ApiError as the envelope with its status, code and param', async () => {
    const res = await appThrowing(
      new ApiError('invalid_request_error', 'missing_field', 'name is required.', { param: 'name' }),
    ).request('/boom');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: { type: 'invalid_request_error', code: 'missing_field', message: 'name is required.', param: 'name' },
    });
  });

  it('turns unknown errors into a generic 500 and logs them, never leaking the message', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await appThrowing(new Error('redis password is hunter2')).request('/boom');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('hunter2');
    expect(JSON.parse(text).error).toMatchObject({ type: 'api_error', code: 'internal_error' });
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });

  it('answers 503 (worth a retry) when the connection to storage was lost', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => {});
    for (const err of [new Error('Network connection lost.'), new TypeError('fetch failed')]) {
      const res = await appThrowing(err).request('/boom');
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('service_unavailable');
    }
    log.mockRestore();
  });

  it('keeps 4xx HTTP exceptions as client errors', async () => {
    const res = await appThrowing(new HTTPException(400, { message: 'Malformed JSON in request body' })).request(
      '/boom',
    );
    expect(res.status).toBe(400);
    expect((await res.json()) as object).toMatchObject({
      error: { code: 'bad_request', message: 'Malformed JSON in request body' },
    });
  });

  it('answers unknown routes with route_not_found', async () => {
    const res = await appThrowing(new Error('x')).request('/nope', { method: 'POST' });
    expect(res.status).toBe(404);
    expect((await res.json()) as object).toMatchObject({
      error: { code: 'route_not_found', message: 'No route for POST /nope.' },
    });
  });
});
