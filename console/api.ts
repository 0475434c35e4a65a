import { clearCredential, readCredential } from './session.ts';
import type { ApiErrorBody } from './validation.ts';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody | null,
  ) {
    super(body?.error?.message ?? `HTTP ${status}`);
  }
}

let onUnauthorized: () => void = () => {};
export function whenUnauthorized(fn: () => void): void {
  onUnauthorized = fn;
}

// One Idempotency-Key per user action: a double click or a retry after a lost answer replays the
// first result instead of acting twice.
const actionKeys = new Map<string, string>();
export function actionKey(action: string): string {
  let key = actionKeys.get(action);
  if (!key) {
    key = crypto.randomUUID();
    actionKeys.set(action, key);
  }
  return key;
}
export function forgetAction(action: string): void {
  actionKeys.delete(action);
}

export interface RequestOptions {
  query?: Record<string, string | number | undefined | null>;
  body?: unknown;
  idempotencyKey?: string;
  credential?: string;
  raw?: boolean;
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(options.query ?? {}))
    if (v !== undefined && v !== null && v !== '') search.set(k, String(v));
  const credential = options.credential ?? readCredential();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (credential) headers.Authorization = `Bearer ${credential}`;
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.idempotencyKey) headers['Idempotency-Key'] = options.idempotencyKey;
  const res = await fetch(`${path}${search.size ? `?${search}` : ''}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    credentials: 'omit',
    cache: 'no-store',
  });
  if (options.raw && res.ok) return res as unknown as T;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  if (!res.ok) {
    // An expired or revoked session: back to the sign-in page.
    if (res.status === 401 && !options.credential) {
      clearCredential();
      onUnauthorized();
    }
    throw new ApiFailure(res.status, json as ApiErrorBody | null);
  }
  return json as T;
}

export interface List<T> {
  data: T[];
  has_more: boolean;
  next_cursor: string | null;
}

/** Every page of a list, up to `max` items (the console loads what it shows, no more). */
export async function listAll<T>(
  path: string,
  query: Record<string, string | undefined> = {},
  max = 500,
): Promise<{ items: T[]; complete: boolean }> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await request<List<T>>('GET', path, { query: { ...query, limit: 100, starting_after: cursor } });
    items.push(...page.data);
    if (!page.has_more || !page.next_cursor) return { items, complete: true };
    if (items.length >= max) return { items, complete: false };
    cursor = page.next_cursor;
  }
}
