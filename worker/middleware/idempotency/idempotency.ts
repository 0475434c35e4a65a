import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env.ts';
import { ApiError } from '../../errors/api-error.ts';
import { randomChars, sha256Hex } from '../../lib/crypto.ts';
import { readBody } from '../../lib/request-body.ts';
import { type IdempotencyRecord, type IdempotencyStore, idempotencyStore } from '../../storage/idempotency.ts';

const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;
const WAIT_MS = 5000;
const POLL_MS = 100;

function replay(record: IdempotencyRecord): Response {
  return new Response(record.body ?? '', {
    status: record.status ?? 200,
    headers: { 'Content-Type': record.content_type ?? 'application/json', 'Idempotent-Replayed': 'true' },
  });
}

function checkKey(header: string): void {
  if (KEY_PATTERN.test(header)) return;
  throw new ApiError(
    'invalid_request_error',
    'invalid_idempotency_key',
    'Idempotency-Key must be 1-255 printable ASCII characters.',
    { param: 'Idempotency-Key' },
  );
}

/**
 * The answer to a key another request claimed first: a 409 for a different request; else, once
 * the first finishes (waiting up to WAIT_MS), its answer replayed, or a 409 to retry shortly.
 */
async function answerTwin(
  store: IdempotencyStore,
  claim: { scope: string; digest: string; fingerprint: string },
  first: IdempotencyRecord,
): Promise<Response> {
  if (first.fingerprint !== claim.fingerprint) {
    throw new ApiError(
      'conflict_error',
      'idempotency_error',
      'This Idempotency-Key was already used with a different request. Use a new key for a new request.',
      { param: 'Idempotency-Key' },
    );
  }
  let existing: IdempotencyRecord | null = first;
  const deadline = Date.now() + WAIT_MS;
  while (existing && existing.state === 'pending' && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    existing = await store.read(claim.scope, claim.digest);
  }
  if (existing?.state === 'done') return replay(existing);
  throw new ApiError(
    'conflict_error',
    'idempotency_in_progress',
    'A request with this Idempotency-Key is still being processed. Retry shortly.',
    { headers: { 'Retry-After': '1' } },
  );
}

/**
 * `Idempotency-Key` on any write: the first request runs, its successful answer is kept 25 h and
 * replayed for the same key and the same request; the same key with a different request is a
 * 409. A concurrent duplicate waits for the first to finish and gets its answer.
 */
export function idempotency(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('idempotency-key');
    if (header === undefined || c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS')
      return next();
    checkKey(header);
    const store = idempotencyStore(c.env);
    const url = new URL(c.req.url);
    const body = await readBody(c);
    const fingerprint = await sha256Hex(`${c.req.method} ${url.pathname}${url.search}\n${body}`);
    const scope = c.get('idempotencyScope');
    const digest = await sha256Hex(header);
    const token = randomChars('abcdefghijklmnopqrstuvwxyz0123456789', 24);

    const existing = await store.claim(scope, digest, { state: 'pending', fingerprint, token });
    // Our own claim, retried by the client library after a lost answer, is no twin.
    if (existing && !(existing.state === 'pending' && existing.token === token)) {
      return answerTwin(store, { scope, digest, fingerprint }, existing);
    }

    await next();
    const res = c.res;
    if (res.status >= 300) {
      // Only successes are kept. A rejected request changed nothing, so nothing is stored
      // either (bad input leaves the database as it was); a retry simply runs again.
      await store.release(scope, digest, token);
      return;
    }
    await store.complete(scope, digest, {
      state: 'done',
      fingerprint,
      token,
      status: res.status,
      body: await res.clone().text(),
      content_type: res.headers.get('content-type') ?? 'application/json',
    });
  };
}
