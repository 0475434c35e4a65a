import type { MerchantCreated } from '../../shared/schemas/merchant.ts';
import { type RunningWorker, TEST_ADMIN_TOKEN } from './worker.ts';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A tiny client for tests: JSON in, JSON out, with a bearer key and optional headers. */
export function apiClient(worker: RunningWorker, key?: string) {
  async function call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> {
    const res = await worker.fetch(path, {
      method,
      headers: {
        ...(key ? { Authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      /* keep text */
    }
    return { status: res.status, body: parsed as T, headers: res.headers };
  }
  return {
    get: <T = any>(path: string, headers?: Record<string, string>) => call<T>('GET', path, undefined, headers),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('POST', path, body ?? {}, headers),
    patch: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('PATCH', path, body ?? {}, headers),
    call,
  };
}

export interface TestMerchant {
  id: string;
  sk: string;
  pk: string;
  created: MerchantCreated;
}

/** Bootstraps a merchant through the admin API, as an operator would. */
export async function createTestMerchant(
  worker: RunningWorker,
  input: { name?: string; allowed_origins?: string[]; allowed_hosts?: string[] } = {},
): Promise<TestMerchant> {
  const admin = apiClient(worker, TEST_ADMIN_TOKEN);
  const res = await admin.post<MerchantCreated>('/v1/merchants', {
    name: input.name ?? 'Nordlicht Coffee',
    allowed_origins: input.allowed_origins ?? ['https://shop.example'],
    allowed_hosts: input.allowed_hosts ?? ['shop.example'],
  });
  if (res.status !== 201) throw new Error(`merchant bootstrap failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    id: res.body.merchant.id,
    sk: res.body.keys.secret.key,
    pk: res.body.keys.publishable.key,
    created: res.body,
  };
}

export const PROGRAM_INPUT = {
  name: 'Give 15%, get $10',
  status: 'active',
  destination_url: 'https://shop.example/welcome',
  referee_offer: { type: 'percent', value: 15 },
  referrer_reward: { type: 'fixed_amount', value: 1000, currency: 'USD' },
} as const;
