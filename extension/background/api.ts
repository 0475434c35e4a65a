import type * as z from 'zod';
import { API_ORIGIN } from '../lib/config.ts';
import type { ErrorKind } from '../lib/messages.ts';

/** A failed call to the Worker, reduced to what the UI needs to say. */
export class ApiError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly status: number | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }
}

function kindOf(status: number, code: string | null): ErrorKind {
  if (status === 401) return 'revoked';
  if (status === 403) return 'forbidden';
  if (status === 410 || (code !== null && /expired/.test(code))) return 'expired';
  if (status === 429) return 'rate_limited';
  if (status >= 500) return 'server';
  return 'invalid';
}

/**
 * One call to the Vouch API origin: JSON in, schema-checked JSON out. No cookies (`credentials:
 * omit`): the extension authenticates with its advocate token only, never with a session the
 * user may have on the Vouch origin.
 */
export async function api<S extends z.ZodType>(
  path: string,
  opts: { method: 'GET' | 'POST' | 'DELETE'; body?: unknown; token?: string },
  schema: S | null,
): Promise<z.infer<S>> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let res: globalThis.Response;
  try {
    res = await fetch(`${API_ORIGIN}${path}`, {
      method: opts.method,
      headers,
      credentials: 'omit',
      cache: 'no-store',
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      signal: AbortSignal.timeout(15_000),
    });
  } catch {
    throw new ApiError('offline', 'Could not reach Vouch. Check your connection.');
  }
  const text = await res.text().catch(() => '');
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // A proxy's HTML error page: handled below by status.
  }
  if (!res.ok) {
    const err = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
    const code = typeof err?.code === 'string' ? err.code : null;
    const message = typeof err?.message === 'string' ? err.message : `Vouch answered ${res.status}.`;
    throw new ApiError(kindOf(res.status, code), message, res.status, code);
  }
  if (!schema) return undefined as z.infer<S>;
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new ApiError('server', `Unexpected answer from Vouch for ${path}.`, res.status);
  return parsed.data;
}

export const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
