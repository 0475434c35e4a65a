import type * as z from 'zod';
import type { ErrorEnvelope } from '../schemas/error.ts';
import { type OperationId, ROUTES, type Route } from './routes.ts';

/**
 * A typed client for the Vouch API, derived from the same route contract as the OpenAPI
 * document: `client.call('enrollAdvocate', { params: { programId }, body: {...} })` is checked
 * against the shared schemas, and its answer typed by them.
 */
type ByOperation<Id extends OperationId> = Extract<Route, { operationId: Id }>;

type ParamsOf<R> = R extends { params: infer P } ? { params: { [K in keyof P]: string } } : { params?: undefined };
type BodyOf<R> = R extends { body: infer B extends z.ZodType } ? { body: z.input<B> } : { body?: undefined };
type QueryOf<R> = R extends { query: infer Q extends z.ZodType }
  ? { query?: Partial<z.input<Q>> }
  : { query?: undefined };

// Resolved per operation through a map: the generic form distributes the three unions over each
// other and passes TypeScript's union-size limit once the contract has ~50 routes.
type Inputs = { [R in Route as R['operationId']]: ParamsOf<R> & BodyOf<R> & QueryOf<R> };
export type Input<Id extends OperationId> = Inputs[Id];
export type Output<Id extends OperationId> =
  ByOperation<Id> extends { response: { schema: infer S extends z.ZodType } } ? z.output<S> : never;

export class VouchError extends Error {
  constructor(
    readonly status: number,
    readonly error: ErrorEnvelope['error'] | null,
    readonly operation: string,
  ) {
    super(error ? `${operation}: ${status} ${error.code}: ${error.message}` : `${operation}: HTTP ${status}`);
    this.name = 'VouchError';
  }
}

export interface ClientOptions {
  baseUrl: string;
  /** A secret key, a publishable key, or the admin token, as the operation requires. */
  key?: string;
  fetch?: typeof fetch;
  /** Per-request timeout in milliseconds (default 15 s). */
  timeoutMs?: number;
}

export interface CallOptions {
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

export function createClient(options: ClientOptions) {
  const doFetch = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');

  async function call<Id extends OperationId>(
    operation: Id,
    input: Input<Id>,
    callOptions: CallOptions = {},
  ): Promise<Output<Id>> {
    const route = ROUTES.find((r) => r.operationId === operation)!;
    const { params, body, query } = input as {
      params?: Record<string, string>;
      body?: unknown;
      query?: Record<string, unknown>;
    };
    const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params?.[name] ?? ''));
    const search = new URLSearchParams();
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) search.set(k, String(v));
    const headers: Record<string, string> = { Accept: 'application/json', ...callOptions.headers };
    if (options.key) headers.Authorization = `Bearer ${options.key}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (callOptions.idempotencyKey) headers['Idempotency-Key'] = callOptions.idempotencyKey;
    const res = await doFetch(`${base}${path}${search.size ? `?${search}` : ''}`, {
      method: route.method.toUpperCase(),
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
    const text = await res.text();
    // A CSV download is its text (its schema is a string); everything else is JSON.
    if (res.ok && 'mediaType' in route.response && route.response.mediaType === 'text/csv') return text as Output<Id>;
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: reported below */
    }
    if (!res.ok) throw new VouchError(res.status, (json as ErrorEnvelope | null)?.error ?? null, operation);
    return json as Output<Id>;
  }

  return { call };
}
