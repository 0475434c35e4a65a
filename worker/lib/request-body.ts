import type { Context } from 'hono';
import { ApiError } from '../errors/api-error.ts';

const MAX_BODY_BYTES = 64 * 1024;

const tooLarge = (maxBytes: number) =>
  new ApiError('invalid_request_error', 'body_too_large', `Request bodies are limited to ${maxBytes} bytes.`, {
    status: 413,
  });

// One bounded read per request, shared by every reader (idempotency fingerprint, then the schema).
const bodies = new WeakMap<Request, Promise<string>>();

async function readLimited(raw: Request, maxBytes = MAX_BODY_BYTES): Promise<string> {
  if (Number(raw.headers.get('content-length') ?? 0) > maxBytes) throw tooLarge(maxBytes);
  if (!raw.body) return '';
  // Counted in bytes as they arrive: a chunked body has no Content-Length, and a declared one may lie.
  const reader = raw.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let part = await reader.read(); !part.done; part = await reader.read()) {
    size += part.value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(part.value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError('invalid_request_error', 'invalid_json', 'The request body is not valid UTF-8.');
  }
}

/**
 * The request body as text, at most MAX_BODY_BYTES bytes (413 past that, with or without a
 * Content-Length). Read once; Hono's own `c.req.text()` then answers from the same read.
 */
export function readBody(c: Context): Promise<string> {
  const raw = c.req.raw;
  let body = bodies.get(raw);
  if (!body) {
    body = readLimited(raw);
    bodies.set(raw, body);
    // Typed as the value, but Hono keeps (and awaits) the promise there.
    (c.req.bodyCache as Record<string, unknown>).text = body;
  }
  return body;
}

/**
 * A provider webhook's body exactly as sent (its signature is over these bytes, read as UTF-8),
 * with its own cap: Stripe and Shopify payloads outgrow API bodies. 413 past `maxBytes`.
 */
export function readRawBody(c: Context, maxBytes: number): Promise<string> {
  return readLimited(c.req.raw, maxBytes);
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;
const TEXT_TYPE = /^text\/plain\s*(;|$)/i;

/**
 * JSON bodies only: `application/json` (any parameters, e.g. charset=utf-8). `textPlain` also
 * takes `text/plain`, what sendBeacon sends for a string (no preflight). An empty body needs no type.
 */
export function assertMediaType(c: Context, text: string, options: { textPlain?: boolean }): void {
  const type = c.req.header('content-type') ?? '';
  if (JSON_TYPE.test(type) || (options.textPlain && TEXT_TYPE.test(type)) || (type === '' && text === '')) return;
  const accepted = options.textPlain ? '`application/json` (or `text/plain` holding JSON)' : '`application/json`';
  const got = type ? `\`${type.split(';')[0]!.trim().slice(0, 80)}\`` : 'no Content-Type';
  throw new ApiError('invalid_request_error', 'unsupported_media_type', `Send the body as ${accepted}; got ${got}.`, {
    status: 415,
  });
}
