/**
 * Every Redis key the Worker uses, in one place (documented in docs/ARCHITECTURE.md).
 * Tenant data lives under `v1:{mode}:{merchant}:…`, so a request can only ever build keys of its
 * own merchant and mode: another tenant's objects are not found, never merely hidden.
 */
import type { Mode, Tenant } from '../tenant.ts';

export type { Mode, Tenant };

const V = 'v1';

export type StatsScope = 'program' | 'advocate' | 'code';

/** How long analytics buckets live: daily figures 400 days, hourly (programs only) 8 days. */
export const STATS_TTL_SECONDS = { day: 400 * 86400, hour: 8 * 86400 } as const;
const scope = (t: Tenant) => `${V}:${t.mode}:${t.merchantId}`;

export const redisKeys = {
  /** STRING JSON MerchantRecord. @ttl none */
  merchant: (merchantId: string) => `${V}:merchant:${merchantId}`,
  /** HASH key_id -> JSON ApiKey metadata (never the key, never its digest). @ttl none */
  merchantApiKeys: (merchantId: string) => `${V}:merchant:${merchantId}:api_keys`,
  /** STRING: digest of the one active key of this mode and type. @ttl none */
  activeApiKey: (merchantId: string, mode: Mode, type: 'secret' | 'publishable') =>
    `${V}:merchant:${merchantId}:active_key:${mode}:${type}`,
  /** STRING merchant id: who owns a short-link domain (one merchant per domain). @ttl none */
  linkDomain: (host: string) => `${V}:link_domain:${host}`,
  /** STRING JSON ApiKeyRecord, found by the SHA-256 of the presented key. @ttl none; deleted on revoke */
  apiKey: (digest: string) => `${V}:api_key:${digest}`,

  /** STRING JSON Program. @ttl none */
  program: (t: Tenant, id: string) => `${scope(t)}:program:${id}`,
  /** ZSET (all scores 0, ordered by id = creation time) of program ids. @ttl none */
  programs: (t: Tenant) => `${scope(t)}:programs`,

  /** STRING JSON AdvocateRecord. @ttl none */
  advocate: (t: Tenant, id: string) => `${scope(t)}:advocate:${id}`,
  /** ZSET code -> created ms: the advocate's codes, oldest first. @ttl none */
  advocateCodes: (t: Tenant, id: string) => `${scope(t)}:advocate:${id}:codes`,
  /** ZSET (scores 0, by id) of advocate ids in a program. @ttl none */
  programAdvocates: (t: Tenant, programId: string) => `${scope(t)}:program:${programId}:advocates`,
  /** HASH external_id -> advocate id, per program (enrollment is idempotent on it). @ttl none */
  advocateByExternalId: (t: Tenant, programId: string) => `${scope(t)}:program:${programId}:advocate_by_external_id`,

  /** STRING JSON CodeRecord. Global: a code resolves to one link for the redirect path. @ttl none */
  code: (code: string) => `${V}:code:${code}`,

  /** STRING count of redemptions of a code (a full reversal gives one back). @ttl none */
  codeUses: (t: Tenant, code: string) => `${scope(t)}:code_uses:${code}`,
  /**
   * ZSET reservation id -> expiry ms: uses held for customers at checkout.
   * @ttl none (expired members pruned by the scripts)
   */
  codeHolds: (t: Tenant, code: string) => `${scope(t)}:code_holds:${code}`,
  /** STRING JSON Reservation (expires with the hold). @ttl the hold's */
  reservation: (t: Tenant, id: string) => `${scope(t)}:reservation:${id}`,
  /** STRING JSON Redemption. @ttl none */
  redemption: (t: Tenant, id: string) => `${scope(t)}:redemption:${id}`,
  /** STRING redemption id for an order id (orders redeem once). @ttl none */
  redemptionByOrder: (t: Tenant, orderDigest: string) => `${scope(t)}:redemption_by_order:${orderDigest}`,
  /** STRING redemption id: this customer already redeemed in this program. @ttl none (removed by a full reversal) */
  customerRedeemed: (t: Tenant, programId: string, customer: string) =>
    `${scope(t)}:program:${programId}:customer_redeemed:${customer}`,
  /** SET of customer digests who redeemed before (not new customers any more). @ttl none */
  knownCustomers: (t: Tenant) => `${scope(t)}:known_customers`,
  /**
   * HASH a person's erasures (`first_erased_at`, `last_erased_at`, `runs`, `total:{kind}`), by an HMAC of
   * their external id under HASH_SECRET: no personal field, not reversible without the secret. @ttl none
   */
  customerErasure: (t: Tenant, personHash: string) => `${scope(t)}:customer_erasure:${personHash}`,
  /** STRING JSON ClickRecord, kept for the program's attribution window. @ttl the program's attribution window */
  click: (clickId: string) => `${V}:click:${clickId}`,
  /**
   * HASH counters of one UTC day: clicks, trigger:{link|qr|deep_link}; advocates and codes also `visitors`
   * (exact unique visitors, counted by the queue consumer from eventsApplied). @ttl 400 days
   */
  dailyClicks: (t: Tenant, day: string, scopeName: 'program' | 'advocate' | 'code', id: string) =>
    `${scope(t)}:clicks:${day}:${scopeName}:${id}`,
  /**
   * HYPERLOGLOG of visitor hashes of one UTC day (`yyyymmdd`). Advocates and codes: only days before issue 17
   * (read, no longer written: their exact `visitors` field replaced it). @ttl 400 days
   */
  dailyVisitors: (t: Tenant, day: string, scopeName: StatsScope, id: string) =>
    `${scope(t)}:visitors:${day}:${scopeName}:${id}`,
  /** HYPERLOGLOG of visitor hashes of one program and UTC hour (`yyyymmddhh`), kept 8 days. @ttl 8 days */
  hourlyVisitors: (t: Tenant, hour: string, programId: string) => `${scope(t)}:visitors:${hour}:program:${programId}`,
  /** HASH reason -> hits not counted as clicks, per program and UTC day. @ttl 400 days */
  dailyFiltered: (t: Tenant, day: string, programId: string) => `${scope(t)}:filtered:${day}:program:${programId}`,
  /** HASH reason -> filtered hits on codes that do not exist, per UTC day. @ttl 400 days */
  dailyFilteredUnknown: (day: string) => `${V}:filtered:${day}:unknown`,
  /**
   * HASH of one program and UTC day, written by the queue consumer (events-apply.lua): `e:{event id}` -> its
   * decision (`c` counted, `d` duplicate, `f` filtered: each event applied once, a retry answers the same),
   * `s:{code}:{visitor}` -> ms of the visitor's last counted click on the code (dedupe within the hour; its
   * first write is also the code's first visit that day), `a:{advocate}:{visitor}` -> '1' (the advocate's
   * first visit that day), `_` (the hash exists). Kept 9 days: event marks outlive the 8 days within which
   * dead letters are replayed. @ttl 9 days
   */
  eventsApplied: (t: Tenant, day: string, programId: string) =>
    `${scope(t)}:events_applied:${day}:program:${programId}`,
  /** HASH `e:{event id}` -> `f`: filtered hits on links nobody owns, applied once, per UTC day. @ttl 9 days */
  eventsAppliedUnknown: (day: string) => `${V}:events_applied:${day}:unknown`,

  /** STRING JSON Conversion (rewards by id, not inline). @ttl none */
  conversion: (t: Tenant, id: string) => `${scope(t)}:conversion:${id}`,
  /** ZSET (scores 0, by id) of conversion ids; `all` or one status (`held` is the review queue). @ttl none */
  conversions: (t: Tenant, status: 'all' | 'approved' | 'held' | 'rejected') => `${scope(t)}:conversions:${status}`,
  /**
   * STRING conversion id for a natural key (an order id, or a customer's signup): conversions record once.
   * @ttl none
   */
  conversionByKey: (t: Tenant, digest: string) => `${scope(t)}:conversion_by_key:${digest}`,
  /** STRING JSON Referral. @ttl none */
  referral: (t: Tenant, id: string) => `${scope(t)}:referral:${id}`,
  /**
   * STRING JSON SubscriptionRecord: a referred customer's subscription at a billing provider (its first
   * payment's conversion, renewals counted, ended_at); renewals earn by it. @ttl none
   */
  subscription: (t: Tenant, provider: string, subscriptionId: string) =>
    `${scope(t)}:subscription:${provider}:${subscriptionId}`,
  /**
   * STRING JSON TrialRecord: a referred subscription still in its free trial (its free Checkout's or first
   * invoice's attribution), until its first paid invoice becomes the conversion or it is cancelled.
   * @ttl 400 days
   */
  subscriptionTrial: (t: Tenant, provider: string, subscriptionId: string) =>
    `${scope(t)}:subscription_trial:${provider}:${subscriptionId}`,
  /** STRING referral id: the customer was referred in this program (one referral per customer). @ttl none */
  referralByCustomer: (t: Tenant, programId: string, customer: string) =>
    `${scope(t)}:program:${programId}:referral_by_customer:${customer}`,
  /** STRING JSON Reward (also adjustments). @ttl none */
  reward: (t: Tenant, id: string) => `${scope(t)}:reward:${id}`,
  /** ZSET (scores 0, by id) of reward ids: `all` or one status. @ttl none */
  rewards: (t: Tenant, status: 'all' | 'pending' | 'held' | 'approved' | 'paid' | 'voided') =>
    `${scope(t)}:rewards:${status}`,
  /** ZSET (scores 0, by id) of one advocate's reward ids. @ttl none */
  advocateRewards: (t: Tenant, advocateId: string) => `${scope(t)}:advocate:${advocateId}:rewards`,
  /**
   * ZSET `{mode}:{merchant}:{reward id}` -> approve-after ms: pending rewards the scheduled run approves.
   * @ttl none (members leave when approved, moved or found stale)
   */
  rewardsDue: () => `${V}:rewards_due`,
  /** HASH `conversions` (rewarded), `tier` (label), `month:{yyyy-mm}` (rewards that month, for caps). @ttl none */
  advocateLedger: (t: Tenant, advocateId: string) => `${scope(t)}:advocate:${advocateId}:ledger`,
  /** STRING '1' for 10 min: this changeset was applied (a retried script recognises its own write). @ttl 10 min */
  applied: (token: string) => `${V}:applied:${token}`,
  /** HASH currency -> a customer's store credit, minor units (never negative). External id last. @ttl none */
  creditBalances: (t: Tenant, externalId: string) => `${scope(t)}:credit:balances:${externalId}`,
  /** HASH entry id -> JSON CreditEntry: the customer's credit ledger. @ttl none */
  creditEntries: (t: Tenant, externalId: string) => `${scope(t)}:credit:entries:${externalId}`,
  /** HASH `{grant|revoke}:{reward id}` or `{spend|restore}:{order id}` -> entry id: each applied once. @ttl none */
  creditRefs: (t: Tenant, externalId: string) => `${scope(t)}:credit:refs:${externalId}`,
  /** ZSET (scores 0, by id = time) of the customer's credit entry ids. @ttl none */
  creditLedger: (t: Tenant, externalId: string) => `${scope(t)}:credit:ledger:${externalId}`,
  /** HASH `{status}:{unit}` -> sum of the advocate's rewards in that state (unit: currency or points). @ttl none */
  advocateBalance: (t: Tenant, advocateId: string) => `${scope(t)}:advocate:${advocateId}:balance`,
  /** SET of visitor hashes known to be the advocate's own (self-referral signal). @ttl none */
  advocateVisitors: (t: Tenant, advocateId: string) => `${scope(t)}:advocate:${advocateId}:visitors`,
  /**
   * HASH n -> conversions in one velocity window (advocate per hour, visitor per day), expiring with it.
   * @ttl 2 days
   */
  velocity: (t: Tenant, kind: 'advocate' | 'visitor', id: string, bucket: string) =>
    `${scope(t)}:velocity:${kind}:${id}:${bucket}`,

  /** STRING JSON WebhookEndpointRecord (the signing secret only encrypted, AES-GCM). @ttl none */
  webhookEndpoint: (t: Tenant, id: string) => `${scope(t)}:webhook_endpoint:${id}`,
  /** ZSET (scores 0, by id = creation order) of webhook endpoint ids. @ttl none */
  webhookEndpoints: (t: Tenant) => `${scope(t)}:webhook_endpoints`,
  /** HASH endpoint id -> comma-separated event types, enabled endpoints only: what publishing reads. @ttl none */
  webhookSubscriptions: (t: Tenant) => `${scope(t)}:webhook_subscriptions`,
  /** STRING JSON WebhookEvent envelope (the signed body), kept 30 days. @ttl 30 days */
  webhookEvent: (t: Tenant, id: string) => `${scope(t)}:webhook_event:${id}`,
  /** STRING event id for a publisher's key (SHA-256): the same occurrence is recorded once, 30 days. @ttl 30 days */
  webhookEventKey: (t: Tenant, keyDigest: string) => `${scope(t)}:webhook_event_key:${keyDigest}`,
  /** HASH `{endpoint}:{status|attempts|next|pending}`: the event's delivery to each endpoint, 30 days. @ttl 30 days */
  webhookDeliveries: (t: Tenant, eventId: string) => `${scope(t)}:webhook_event:${eventId}:deliveries`,
  /**
   * LIST JSON WebhookDeliveryAttempt, newest first, the last 100 of one endpoint, 30 days.
   * @ttl 30 days (from the last attempt)
   */
  webhookAttempts: (t: Tenant, endpointId: string) => `${scope(t)}:webhook_endpoint:${endpointId}:attempts`,
  /**
   * ZSET `{mode}:{merchant}:{endpoint}:{event}:{attempt}` -> due ms (a
   * lease while being sent): what the scheduled run drains.
 @ttl none (members leave when completed) */
  webhooksDue: () => `${V}:webhooks_due`,

  /** HASH all-time counters of one advocate: `clicks` (counted clicks), `referrals` (friends referred). @ttl none */
  advocateTotals: (t: Tenant, advocateId: string) => `${scope(t)}:advocate:${advocateId}:totals`,
  /** STRING JSON WidgetSecretRecord: the widget signing secret sealed with AES-GCM, never in clear. @ttl none */
  widgetSecret: (t: Tenant) => `${scope(t)}:widget_secret`,
  /**
   * STRING JSON WidgetTokenRecord, found by the SHA-256 of the token; expires an hour after its validity.
   * @ttl 2 h (valid 1 h; the extra hour tells expired from forged)
   */
  widgetToken: (t: Tenant, tokenDigest: string) => `${scope(t)}:widget_token:${tokenDigest}`,
  /**
   * HASH widget event counters of one program and UTC day: `{type}`, `{share|copy}:{channel}`, 400 days.
   * @ttl 400 days
   */
  widgetEvents: (t: Tenant, day: string, programId: string) => `${scope(t)}:widget:${day}:program:${programId}`,
  /**
   * STRING JSON unverified conversion hint from a thank-you page, per SHA-256 of the order id, 30 days.
   * @ttl 30 days
   */
  conversionHint: (t: Tenant, orderDigest: string) => `${scope(t)}:conversion_hint:${orderDigest}`,
  /** HASH of one UTC day: `received` (distinct orders hinted), 400 days. @ttl 400 days */
  dailyConversionHints: (t: Tenant, day: string) => `${scope(t)}:conversion_hints_daily:${day}`,

  /**
   * HASH an extension's pairing (device flow), by SHA-256 of its device code: status, client, expiry, then the advocate
   * it is bound to; 60 s once exchanged.
 @ttl 20 min (10 valid + 10 to answer "expired"); 60 s once paired */
  pairing: (deviceDigest: string) => `${V}:pairing:${deviceDigest}`,
  /**
   * STRING device-code digest, by HMAC of the normalized user code: what the widget's confirmation finds.
   * @ttl 20 min
   */
  pairingUserCode: (userCodeHmac: string) => `${V}:pairing_code:${userCodeHmac}`,
  /**
   * HASH a merchant-issued pairing link, by SHA-256 of its `vpl_` token:
   * the advocate it is bound to, expiry; 60 s once exchanged.
 @ttl 25 h (24 valid + 1 to answer "expired"); 60 s once paired */
  pairingLink: (linkDigest: string) => `${V}:pairing_link:${linkDigest}`,
  /**
   * STRING JSON AdvocateTokenRecord, by SHA-256 of the `vat_` token (global: the token alone names its tenant).
   * @ttl none; deleted on revoke
   */
  advocateToken: (tokenDigest: string) => `${V}:advocate_token:${tokenDigest}`,
  /** SET of the token digests of one advocate's extensions (revoke them all). @ttl none */
  advocateExtensionTokens: (t: Tenant, advocateId: string) => `${scope(t)}:advocate:${advocateId}:extension_tokens`,
  /**
   * STRING ms when the merchant last revoked all of the advocate's extension tokens (set by the
   * revoke-all script, 25 h: longer than any pairing or link lives); the exchange script refuses a
   * grant bound at or before it.
 @ttl 25 h (PX; longer than any pairing or link lives) */
  advocateTokensRevokedAt: (t: Tenant, advocateId: string) =>
    `${scope(t)}:advocate:${advocateId}:extension_tokens_revoked_at`,

  /**
   * LIST of JSON click rows of one UTC day (`yyyymmdd`, like the other click keys), appended by the
   * click-recording script (issue 8: the CSV export reads it; stats never do): `{"id","at",
   * "program_id","advocate_id","code","trigger","country","device","referrer_host","counted",
   * "reason"}` (`reason` when not counted: `duplicate`; hits filtered as bots never reach the
   * script and are only counted), 400 days.
   */
  clickLog: (t: Tenant, day: string) => `${scope(t)}:click_log:${day}`,

  /** STRING JSON ConsoleLinkRecord (merchant, mode), by SHA-256 of the `csl_` token: single use, 15 min. @ttl 15 min */
  consoleLink: (linkDigest: string) => `${V}:console_link:${linkDigest}`,
  /**
   * STRING JSON ConsoleSessionRecord (merchant, mode, digest), by
   * SHA-256 of the `cst_` token: 8 h, deleted on sign-out.
 @ttl 8 h; deleted on sign-out */
  consoleSession: (tokenDigest: string) => `${V}:console_session:${tokenDigest}`,

  /**
   * HASH the analytics counters of one bucket (`yyyymmdd` day, 400 days; `yyyymmddhh` hour,
   * programs only, 8 days) and scope, kept by the write paths in the same atomic step as what
   * they count (fields: docs/ANALYTICS.md). Conversion figures, rewards and refunds sit in the
   * bucket of the conversion's creation (a cohort): later moves change that bucket.
 @ttl 400 days (day buckets), 8 days (hour buckets) */
  stats: (t: Tenant, bucket: string, scopeName: StatsScope, id: string) =>
    `${scope(t)}:stats:${bucket}:${scopeName}:${id}`,
  /**
   * HASH tenant-wide counters of one bucket (`orders_reported`: every sale reported, attributed or not), 400 / 8 days.
 @ttl 400 days (day buckets), 8 days (hour buckets) */
  tenantStats: (t: Tenant, bucket: string) => `${scope(t)}:stats:${bucket}:tenant`,
  /**
   * STRING '1': this order was counted in `orders_reported` (counted once however often it is reported), 400 days.
   * @ttl 400 days
   */
  orderReported: (t: Tenant, orderDigest: string) => `${scope(t)}:order_reported:${orderDigest}`,
  /**
   * ZSET advocate id -> attributed sales (`conversions`) or net referred
   * revenue (`revenue:{CUR}`) of one program and UTC day, 400 days.
 @ttl 400 days */
  leaderboard: (t: Tenant, day: string, programId: string, metric: 'conversions' | `revenue:${string}`) =>
    `${scope(t)}:leaderboard:${day}:program:${programId}:${metric}`,

  /**
   * STRING JSON IntegrationRecord: a Stripe or Shopify connection, its secrets only sealed (AES-GCM).
   * @ttl none; deleted on disconnect
   */
  integration: (t: Tenant, provider: string) => `${scope(t)}:integration:${provider}`,
  /** LIST JSON IntegrationEvent, newest first, the last 20 received (the console's log). @ttl none */
  integrationEvents: (t: Tenant, provider: string) => `${scope(t)}:integration:${provider}:events`,
  /** HASH `last_event_at`, `last_error` (JSON): written by every delivery without touching the record. @ttl none */
  integrationActivity: (t: Tenant, provider: string) => `${scope(t)}:integration:${provider}:activity`,
  /**
   * STRING a provider event's state by its id (Shopify: `{topic}:{event id}`, one event reaching several
   * topics): `processing` (a lease) then its JSON outcome; deliveries apply once.
   * @ttl 120 s while processing, 30 days once done (providers retry for 3 days at most)
   */
  providerEvent: (t: Tenant, provider: string, eventId: string) => `${scope(t)}:provider_event:${provider}:${eventId}`,
  /** STRING JSON CouponSyncState: one code's copy in a provider's checkout (ids, active, last error). @ttl none */
  couponSync: (t: Tenant, provider: string, code: string) => `${scope(t)}:coupon_sync:code:${provider}:${code}`,
  /** HASH Stripe promotion code id -> the Vouch code it was created for (attributes `promo_…` discounts). @ttl none */
  couponPromotions: (t: Tenant) => `${scope(t)}:coupon_sync:stripe_promotions`,
  /** HASH `{program}:{offer version}` -> the Stripe coupon created for that friend offer. @ttl none */
  couponCoupons: (t: Tenant) => `${scope(t)}:coupon_sync:stripe_coupons`,
  /**
   * ZSET `{mode}:{merchant}:{provider}:{code}` -> due ms: code syncs the scheduled run (re)tries; a claimed
   * member's score is its lease. @ttl none; removed once the code is synced or given up
   */
  couponSyncDue: () => `${V}:coupon_sync_due`,
  /**
   * STRING conversion id of a provider order, by what its refunds name it (a Stripe payment intent or
   * charge, `shopify_order_{id}`): set once. @ttl none
   */
  providerOrderLink: (t: Tenant, provider: string, refundRef: string) =>
    `${scope(t)}:provider_order:${provider}:${refundRef}`,
  /**
   * HASH a provider order's refunds: `refund:{id}` -> amount, `charge:{id}` -> largest running total
   * seen, `full` -> 1 (cancelled). @ttl 90 days while no conversion is linked, none once linked
   */
  providerOrderRefunds: (t: Tenant, provider: string, refundRef: string) =>
    `${scope(t)}:provider_order:${provider}:${refundRef}:refunds`,
  /**
   * SET what refunds name an invoice's payments by (a Stripe payment intent or charge, from
   * `invoice_payment.paid`): linked to the invoice's conversion when both are known. @ttl 90 days
   */
  providerInvoicePayments: (t: Tenant, provider: string, invoiceId: string) =>
    `${scope(t)}:provider_invoice:${provider}:${invoiceId}:payments`,

  // Issue 16, rewards out. Each part adds its keys in its own block below.
  // -- payouts (worker/payouts/)
  /** STRING JSON Payout. @ttl none */
  payout: (t: Tenant, id: string) => `${scope(t)}:payout:${id}`,
  /** ZSET (scores 0, by id = creation time) of payout ids: `all` or one status. @ttl none */
  payouts: (t: Tenant, status: 'all' | 'pending' | 'processing' | 'paid' | 'failed') => `${scope(t)}:payouts:${status}`,
  /** ZSET (scores 0, by id) of one advocate's payout ids. @ttl none */
  advocatePayouts: (t: Tenant, advocateId: string) => `${scope(t)}:advocate:${advocateId}:payouts`,
  /**
   * ZSET `{mode}:{merchant}:{payout id}` -> next attempt ms: pending payouts the scheduled run sends (again).
   * @ttl none (members leave when the provider accepted or the payout is finished)
   */
  payoutsDue: () => `${V}:payouts_due`,
  /** STRING token of the payout run under way for a tenant: one `POST /v1/payouts` at a time. @ttl 60 s */
  payoutRunLock: (t: Tenant) => `${scope(t)}:payout_run_lock`,
  /** SET `{mode}:{merchant}:{program id}` of programs whose payouts run weekly or monthly. @ttl none */
  payoutSchedules: () => `${V}:payout_schedules`,
  /**
   * STRING `{period} {weekly|monthly}`: the last period (`YYYY-MM-DD`, its start) whose scheduled payout
   * run was claimed, and the schedule it was claimed under. @ttl none
   */
  payoutScheduleRun: (t: Tenant, programId: string) => `${scope(t)}:program:${programId}:payout_run`,
  // -- payout providers (worker/payouts/providers/)
  // -- payees: payout details, manual CSV, tax totals (worker/payees/)
  /** STRING JSON PayoutDetailsRecord (the PayPal email sealed). @ttl none; deleted on erasure */
  payoutDetails: (t: Tenant, advocateId: string) => `${scope(t)}:advocate:${advocateId}:payout_details`,
  // -- reward codes (worker/reward-codes/)
  /** STRING JSON RewardCodeRecord: a single-use reward code (worker/storage/reward-codes.ts). @ttl none */
  rewardCode: (t: Tenant, code: string) => `${scope(t)}:reward_code:${code}`,
  /** STRING the reward code issued for a reference (a reward id or a points redemption id). @ttl none */
  rewardCodeByReference: (t: Tenant, reference: string) => `${scope(t)}:reward_code_ref:${reference}`,
  // -- points (worker/points/)
  /**
   * HASH of a customer's points in a program: `balance`; `{earn|revoke|redeem}:{ref}` -> entry id (each applied
   * once); `net:earn:{reward}` what that reward's points stand at; `lot:{name}` unspent points of a lot (an earn,
   * named by its reward id) and `exp:{name}` when it lapses (ms; absent: never). External id last. @ttl none
   */
  pointsState: (t: Tenant, programId: string, externalId: string) =>
    `${scope(t)}:points:state:${programId}:${externalId}`,
  /** HASH entry id -> JSON PointsEntry: the customer's points ledger in the program. @ttl none */
  pointsEntries: (t: Tenant, programId: string, externalId: string) =>
    `${scope(t)}:points:entries:${programId}:${externalId}`,
  /** ZSET (scores 0, by id = time) of the customer's points entry ids in the program. @ttl none */
  pointsLedger: (t: Tenant, programId: string, externalId: string) =>
    `${scope(t)}:points:ledger:${programId}:${externalId}`,
  /** ZSET lot name (reward id) -> ms earned: the unspent lots, oldest (spent) first. @ttl none */
  pointsLots: (t: Tenant, programId: string, externalId: string) =>
    `${scope(t)}:points:lots:${programId}:${externalId}`,
  /** HASH redemption id -> JSON PointsRedemptionRecord (what it gives; `given` once given). @ttl none */
  pointsRedemptions: (t: Tenant, programId: string, externalId: string) =>
    `${scope(t)}:points:redemptions:${programId}:${externalId}`,
  /** SET of the program ids where the customer ever had points (export and erasure). @ttl none */
  pointsPrograms: (t: Tenant, externalId: string) => `${scope(t)}:points:programs:${externalId}`,
  // -- charity (worker/charity/)
  /**
   * HASH charity rewards counted: `{reward id}` -> amount counted now (only ever lowered after the first count, so
   * counts applied in any order end at the least), `line:{reward id}` -> the statement line it counts in. @ttl none
   */
  charityCounted: (t: Tenant) => `${scope(t)}:charity:counted`,
  /**
   * HASH one month's charity totals (UTC month of approval): `a:{line}` -> minor units, `n:{line}` -> rewards,
   * where line is the charity_line codec's JSON (charity.ts; version 1 was the array [program, currency, charity]).
   * @ttl none
   */
  charityMonth: (t: Tenant, month: string) => `${scope(t)}:charity:month:${month}`,
  /** ZSET (scores 0) of the reward ids a month's charity statement counts (settling marks them paid). @ttl none */
  charityMonthRewards: (t: Tenant, month: string) => `${scope(t)}:charity:month:${month}:rewards`,
  /** STRING ISO time the merchant marked a month's charity statement given (set once). @ttl none */
  charitySettled: (t: Tenant, month: string) => `${scope(t)}:charity:month:${month}:settled`,
  /**
   * SET `{mode}:{merchant}` of tenants with charity rewards counted in a month: the scheduled run sends each
   * its `charity.statement` on the 1st of the next month. @ttl none (members leave once sent)
   */
  charityStatementsDue: (month: string) => `${V}:charity_statements_due:${month}`,

  /**
   * STRING JSON IdempotencyRecord, per tenant (or `admin`) and SHA-256 of the key.
   * @ttl 60 s while pending, 25 h when done
   */
  idempotency: (scopeName: string, keyDigest: string) => `${V}:idempotency:${scopeName}:${keyDigest}`,
  /**
   * STRING counter of one fixed rate-limit window.
   * @ttl the window plus a minute (auth: 120 s), set when the window opens
   */
  rateLimit: (bucket: string, window: number) => `${V}:ratelimit:${bucket}:${window}`,
};
