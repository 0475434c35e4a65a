/**
 * Every Redis key the Worker uses, in one place (documented in docs/ARCHITECTURE.md).
 * Tenant data lives under `v1:{mode}:{merchant}:…`, so a request can only ever build keys of its
 * own merchant and mode: another tenant's objects are not found, never merely hidden.
 */
export type Mode = 'test' | 'live';

export interface Tenant {
  merchantId: string;
  mode: Mode;
}

const V = 'v1';
const scope = (t: Tenant) => `${V}:${t.mode}:${t.merchantId}`;

export const redisKeys = {
  /** STRING JSON MerchantRecord. */
  merchant: (merchantId: string) => `${V}:merchant:${merchantId}`,
  /** HASH key_id -> JSON ApiKey metadata (never the key, never its digest). */
  merchantApiKeys: (merchantId: string) => `${V}:merchant:${merchantId}:api_keys`,
  /** STRING: digest of the one active key of this mode and type. */
  activeApiKey: (merchantId: string, mode: Mode, type: 'secret' | 'publishable') => `${V}:merchant:${merchantId}:active_key:${mode}:${type}`,
  /** STRING merchant id: who owns a short-link domain (one merchant per domain). */
  linkDomain: (host: string) => `${V}:link_domain:${host}`,
  /** STRING JSON ApiKeyRecord, found by the SHA-256 of the presented key. */
  apiKey: (digest: string) => `${V}:api_key:${digest}`,

  /** STRING JSON Program. */
  program: (t: Tenant, id: string) => `${scope(t)}:program:${id}`,
  /** ZSET (all scores 0, ordered by id = creation time) of program ids. */
  programs: (t: Tenant) => `${scope(t)}:programs`,

  /** STRING JSON AdvocateRecord. */
  advocate: (t: Tenant, id: string) => `${scope(t)}:advocate:${id}`,
  /** ZSET code -> created ms: the advocate's codes, oldest first. */
  advocateCodes: (t: Tenant, id: string) => `${scope(t)}:advocate:${id}:codes`,
  /** ZSET (scores 0, by id) of advocate ids in a program. */
  programAdvocates: (t: Tenant, programId: string) => `${scope(t)}:program:${programId}:advocates`,
  /** HASH external_id -> advocate id, per program (enrollment is idempotent on it). */
  advocateByExternalId: (t: Tenant, programId: string) => `${scope(t)}:program:${programId}:advocate_by_external_id`,

  /** STRING JSON CodeRecord. Global: a code resolves to one link for the redirect path. */
  code: (code: string) => `${V}:code:${code}`,

  /** STRING count of redemptions of a code (a full reversal gives one back). */
  codeUses: (t: Tenant, code: string) => `${scope(t)}:code_uses:${code}`,
  /** ZSET reservation id -> expiry ms: uses held for customers at checkout. */
  codeHolds: (t: Tenant, code: string) => `${scope(t)}:code_holds:${code}`,
  /** STRING JSON Reservation (expires with the hold). */
  reservation: (t: Tenant, id: string) => `${scope(t)}:reservation:${id}`,
  /** STRING JSON Redemption. */
  redemption: (t: Tenant, id: string) => `${scope(t)}:redemption:${id}`,
  /** STRING redemption id for an order id (orders redeem once). */
  redemptionByOrder: (t: Tenant, orderDigest: string) => `${scope(t)}:redemption_by_order:${orderDigest}`,
  /** STRING redemption id: this customer already redeemed in this program. */
  customerRedeemed: (t: Tenant, programId: string, customer: string) => `${scope(t)}:program:${programId}:customer_redeemed:${customer}`,
  /** SET of customer digests who redeemed before (not new customers any more). */
  knownCustomers: (t: Tenant) => `${scope(t)}:known_customers`,
  /** STRING JSON ClickRecord, kept for the program's attribution window. */
  click: (clickId: string) => `${V}:click:${clickId}`,
  /** STRING '1' for an hour: the visitor already clicked this code (deduplication). */
  clickSeen: (code: string, visitor: string) => `${V}:click_seen:${code}:${visitor}`,
  /** HASH counters of one UTC day: clicks, trigger:{link|qr|deep_link}. */
  dailyClicks: (t: Tenant, day: string, scopeName: 'program' | 'advocate' | 'code', id: string) => `${scope(t)}:clicks:${day}:${scopeName}:${id}`,
  /** HYPERLOGLOG of visitor hashes of one UTC day. */
  dailyVisitors: (t: Tenant, day: string, scopeName: 'program' | 'code', id: string) => `${scope(t)}:visitors:${day}:${scopeName}:${id}`,
  /** HASH reason -> hits not counted as clicks, per program and UTC day. */
  dailyFiltered: (t: Tenant, day: string, programId: string) => `${scope(t)}:filtered:${day}:program:${programId}`,
  /** HASH reason -> filtered hits on codes that do not exist, per UTC day. */
  dailyFilteredUnknown: (day: string) => `${V}:filtered:${day}:unknown`,

  /** STRING JSON IdempotencyRecord, per tenant (or `admin`) and SHA-256 of the key. */
  idempotency: (scopeName: string, keyDigest: string) => `${V}:idempotency:${scopeName}:${keyDigest}`,
  /** STRING counter of one fixed rate-limit window. */
  rateLimit: (bucket: string, window: number) => `${V}:ratelimit:${bucket}:${window}`,
};

export function tenantScope(t: Tenant): string {
  return `${t.mode}:${t.merchantId}`;
}
