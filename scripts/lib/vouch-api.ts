/** A small client for the Vouch API, for scripts (seeding, bootstrap). Errors carry the envelope. */
export class VouchApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    path: string,
  ) {
    const e = (body as { error?: { code?: string; message?: string } })?.error;
    super(`${path} answered ${status}${e ? `: ${e.code} - ${e.message}` : ''}`);
  }
}

export function vouchApi(base: string, key: string) {
  async function call<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : null;
    if (!res.ok) throw new VouchApiError(res.status, parsed, path);
    return { status: res.status, body: parsed as T };
  }
  return {
    get: <T>(path: string) => call<T>('GET', path),
    post: <T>(path: string, body: unknown, headers?: Record<string, string>) => call<T>('POST', path, body, headers),
    patch: <T>(path: string, body: unknown) => call<T>('PATCH', path, body),
  };
}
