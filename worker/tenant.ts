/** Test or live: a merchant's two separate worlds (keys, data, webhooks). */
export type Mode = 'test' | 'live';

/** Whose data a request may touch: one merchant in one mode. Every tenant key is built from it. */
export interface Tenant {
  merchantId: string;
  mode: Mode;
}

/** A tenant's name in limiter buckets and bindings (`test:mer_…`): names a tenant, builds no key. */
export function tenantScope(t: Tenant): string {
  return `${t.mode}:${t.merchantId}`;
}
