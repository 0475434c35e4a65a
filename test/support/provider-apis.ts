import { type Request as MfRequest, Response as MfResponse } from 'miniflare';

/**
 * Local stand-ins for the provider APIs coupon sync calls, which are unreachable from here. They
 * answer the request and response shapes of the providers' API references (Stripe: Coupons,
 * Promotion codes, errors, idempotent requests; Shopify GraphQL Admin API 2025-01: discount code
 * mutations, codeDiscountNodeByCode, THROTTLED errors with the cost extension) and record every
 * request, so tests assert on what the Worker sent. Faults are injected per request.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Stripe: the decoded form fields. */
  form: Record<string, string>;
  /** Shopify: the GraphQL query and variables. */
  graphql: { query: string; variables: Record<string, any> } | null;
}

async function record(request: MfRequest): Promise<RecordedRequest> {
  const url = new URL(request.url);
  const text = await request.text();
  const headers = Object.fromEntries([...request.headers].map(([k, v]) => [k.toLowerCase(), v]));
  const isForm = headers['content-type']?.includes('x-www-form-urlencoded');
  return {
    method: request.method,
    path: url.pathname,
    headers,
    form: isForm ? Object.fromEntries(new URLSearchParams(text)) : {},
    graphql: headers['content-type']?.includes('json') && text ? JSON.parse(text) : null,
  };
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): MfResponse {
  return new MfResponse(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

/** A fault answered instead of the next request, before the endpoint runs (so Stripe saves no result for its key). */
export interface StripeFault {
  status: number;
  shouldRetry?: 'true' | 'false';
}

let serial = 0;
const stripeId = (prefix: string) => `${prefix}_${(++serial).toString(36).padStart(14, 'Q')}`;

function stripeError(status: number, type: string, message: string, extra: Record<string, string> = {}) {
  return json(status, { error: { type, message, ...extra } });
}

function metadataOf(form: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(form)) {
    const m = /^metadata\[(.+)\]$/.exec(k);
    if (m) out[m[1]!] = v;
  }
  return out;
}

/** One Stripe account, as its API key sees it. */
export class StripeAccount {
  readonly requests: RecordedRequest[] = [];
  readonly coupons = new Map<string, Record<string, any>>();
  readonly promotionCodes = new Map<string, Record<string, any>>();
  readonly faults: StripeFault[] = [];
  private readonly saved = new Map<string, { params: string; status: number; body: unknown }>();

  async handle(req: RecordedRequest): Promise<MfResponse> {
    this.requests.push(req);
    const fault = this.faults.shift();
    if (fault) {
      const headers: Record<string, string> = fault.shouldRetry ? { 'Stripe-Should-Retry': fault.shouldRetry } : {};
      const body = { error: { type: 'api_error', message: 'An unknown error occurred (injected by the test).' } };
      return json(fault.status, body, headers);
    }
    const key = req.headers['idempotency-key'];
    const params = `${req.method} ${req.path} ${new URLSearchParams(req.form).toString()}`;
    const before = key ? this.saved.get(key) : undefined;
    if (before && before.params !== params) {
      const message =
        'Keys for idempotent requests can only be used with the same parameters they were first used with.';
      return stripeError(400, 'idempotency_error', message);
    }
    if (before) return json(before.status, before.body, { 'Idempotent-Replayed': 'true' });
    const [status, body] = this.execute(req);
    if (key) this.saved.set(key, { params, status, body });
    return json(status, body, key ? { 'Idempotency-Key': key } : {});
  }

  private execute(req: RecordedRequest): [number, unknown] {
    if (req.method === 'POST' && req.path === '/v1/coupons') return this.createCoupon(req.form);
    if (req.method === 'POST' && req.path === '/v1/promotion_codes') return this.createPromotionCode(req.form);
    const update = /^\/v1\/promotion_codes\/([^/]+)$/.exec(req.path);
    if (req.method === 'POST' && update) return this.updatePromotionCode(decodeURIComponent(update[1]!), req.form);
    return [404, { error: { type: 'invalid_request_error', message: `Unrecognized request URL (${req.path}).` } }];
  }

  private createCoupon(f: Record<string, string>): [number, unknown] {
    const id = f.id ?? stripeId('coupon');
    if (this.coupons.has(id)) {
      const error = {
        type: 'invalid_request_error',
        code: 'resource_already_exists',
        message: 'Coupon already exists.',
      };
      return [400, { error }];
    }
    if (
      !f.duration ||
      (f.percent_off === undefined) === (f.amount_off === undefined) ||
      (f.amount_off && !f.currency)
    ) {
      return [400, { error: { type: 'invalid_request_error', message: 'Invalid coupon parameters.' } }];
    }
    const coupon = {
      id,
      object: 'coupon',
      amount_off: f.amount_off ? Number(f.amount_off) : null,
      created: Math.floor(Date.now() / 1000),
      currency: f.currency ?? null,
      duration: f.duration,
      duration_in_months: null,
      livemode: false,
      max_redemptions: null,
      metadata: metadataOf(f),
      name: f.name ?? null,
      percent_off: f.percent_off ? Number(f.percent_off) : null,
      redeem_by: null,
      times_redeemed: 0,
      valid: true,
    };
    this.coupons.set(id, coupon);
    return [200, coupon];
  }

  private createPromotionCode(f: Record<string, string>): [number, unknown] {
    const coupon = f.coupon ? this.coupons.get(f.coupon) : undefined;
    if (!coupon) {
      const error = {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: `No such coupon: '${f.coupon}'`,
      };
      return [400, { error }];
    }
    const active = f.active !== 'false';
    const taken = [...this.promotionCodes.values()].some(
      (p) => p.active && p.code.toUpperCase() === f.code?.toUpperCase(),
    );
    if (active && taken) {
      const message = `An active promotion code with \`code: ${f.code}\` already exists.`;
      return [400, { error: { type: 'invalid_request_error', param: 'code', message } }];
    }
    const promo = {
      id: stripeId('promo'),
      object: 'promotion_code',
      active,
      code: f.code,
      coupon,
      created: Math.floor(Date.now() / 1000),
      customer: null,
      expires_at: null,
      livemode: false,
      max_redemptions: null,
      metadata: metadataOf(f),
      restrictions: { first_time_transaction: false, minimum_amount: null, minimum_amount_currency: null },
      times_redeemed: 0,
    };
    this.promotionCodes.set(promo.id, promo);
    return [200, promo];
  }

  private updatePromotionCode(id: string, f: Record<string, string>): [number, unknown] {
    const promo = this.promotionCodes.get(id);
    if (!promo) {
      const error = {
        type: 'invalid_request_error',
        code: 'resource_missing',
        message: `No such promotion code: '${id}'`,
      };
      return [404, { error }];
    }
    if (f.active !== undefined) promo.active = f.active === 'true';
    Object.assign(promo.metadata, metadataOf(f));
    return [200, promo];
  }
}

/** Stripe's API at https://api.stripe.com, one account per API key; an unknown key answers 401 as Stripe does. */
export class FakeStripe {
  private readonly accounts = new Map<string, StripeAccount>();
  /** Every request, whatever its key (refused ones too). */
  readonly requests: RecordedRequest[] = [];

  account(apiKey: string): StripeAccount {
    const account = this.accounts.get(apiKey) ?? new StripeAccount();
    this.accounts.set(apiKey, account);
    return account;
  }

  async handle(request: MfRequest): Promise<MfResponse> {
    const req = await record(request);
    this.requests.push(req);
    const key = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const account = key ? this.accounts.get(key) : undefined;
    if (!account) return stripeError(401, 'invalid_request_error', 'Invalid API Key provided.');
    return account.handle(req);
  }
}

interface ShopifyDiscount {
  id: string;
  code: string;
  title: string;
  status: 'ACTIVE' | 'EXPIRED' | 'SCHEDULED';
  typename: 'DiscountCodeBasic' | 'DiscountCodeFreeShipping';
  input: Record<string, any>;
}

const THROTTLE_STATUS = { maximumAvailable: 2000, currentlyAvailable: 1990, restoreRate: 100 };

/** One shop's GraphQL Admin API (2025-01), as its access token sees it. */
export class FakeShop {
  readonly requests: RecordedRequest[] = [];
  readonly discounts = new Map<string, ShopifyDiscount>();
  /** Answer the next N calls with Shopify's THROTTLED error. */
  throttleNext = 0;

  constructor(
    readonly token: string,
    readonly currencyCode = 'USD',
  ) {}

  handle(req: RecordedRequest): MfResponse {
    this.requests.push(req);
    if (req.headers['x-shopify-access-token'] !== this.token) {
      return json(401, { errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
    }
    if (!req.path.startsWith('/admin/api/2025-01/') || !req.graphql) return json(404, { errors: 'Not Found' });
    if (this.throttleNext > 0) {
      this.throttleNext--;
      const cost = {
        requestedQueryCost: 10,
        actualQueryCost: null,
        throttleStatus: { ...THROTTLE_STATUS, currentlyAvailable: 5 },
      };
      const error = {
        message: 'Throttled',
        extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' },
      };
      return json(200, { errors: [error], extensions: { cost } });
    }
    const data = this.execute(req.graphql.query, req.graphql.variables ?? {});
    const cost = { requestedQueryCost: 10, actualQueryCost: 10, throttleStatus: THROTTLE_STATUS };
    return json(200, { data, extensions: { cost } });
  }

  private execute(query: string, vars: Record<string, any>): Record<string, unknown> {
    if (query.includes('codeDiscountNodeByCode')) {
      const found = [...this.discounts.values()].find((d) => d.code.toUpperCase() === String(vars.code).toUpperCase());
      const node = found
        ? { id: found.id, codeDiscount: { __typename: found.typename, title: found.title, status: found.status } }
        : null;
      return { codeDiscountNodeByCode: node, shop: { currencyCode: this.currencyCode } };
    }
    if (query.includes('discountCodeBasicCreate(')) {
      return { discountCodeBasicCreate: this.create('DiscountCodeBasic', 'basicCodeDiscount', vars.basicCodeDiscount) };
    }
    if (query.includes('discountCodeFreeShippingCreate(')) {
      const input = vars.freeShippingCodeDiscount;
      return {
        discountCodeFreeShippingCreate: this.create('DiscountCodeFreeShipping', 'freeShippingCodeDiscount', input),
      };
    }
    if (query.includes('discountCodeBasicUpdate(')) {
      return { discountCodeBasicUpdate: this.update(String(vars.id), vars.basicCodeDiscount ?? {}) };
    }
    if (query.includes('discountCodeDelete(')) return { discountCodeDelete: this.remove(String(vars.id)) };
    for (const [field, status] of [
      ['discountCodeDeactivate', 'EXPIRED'],
      ['discountCodeActivate', 'ACTIVE'],
    ] as const) {
      if (query.includes(`${field}(`)) return { [field]: this.setStatus(String(vars.id), status) };
    }
    throw new Error(`the local Shopify has no answer for: ${query.slice(0, 80)}`);
  }

  private create(typename: ShopifyDiscount['typename'], arg: string, input: Record<string, any> | undefined) {
    const missing = ['title', 'code', 'startsAt', 'customerSelection'].filter((k) => input?.[k] === undefined);
    if (typename === 'DiscountCodeBasic' && !input?.customerGets) missing.push('customerGets');
    if (missing.length > 0) {
      const userErrors = missing.map((k) => ({ field: [arg, k], code: 'BLANK', message: `${k} can't be blank` }));
      return { codeDiscountNode: null, userErrors };
    }
    if ([...this.discounts.values()].some((d) => d.code.toUpperCase() === String(input!.code).toUpperCase())) {
      const message = 'Code must be unique. Please try a different code.';
      return { codeDiscountNode: null, userErrors: [{ field: [arg, 'code'], code: 'TAKEN', message }] };
    }
    const id = `gid://shopify/DiscountCodeNode/${1000 + ++serial}`;
    this.discounts.set(id, { id, code: input!.code, title: input!.title, status: 'ACTIVE', typename, input: input! });
    return { codeDiscountNode: { id }, userErrors: [] };
  }

  private update(id: string, input: Record<string, any>) {
    const discount = this.discounts.get(id);
    if (discount?.typename !== 'DiscountCodeBasic') return missing();
    Object.assign(discount.input, input);
    return { codeDiscountNode: { id }, userErrors: [] };
  }

  private remove(id: string) {
    if (!this.discounts.delete(id)) return { deletedCodeDiscountId: null, userErrors: missing().userErrors };
    return { deletedCodeDiscountId: id, userErrors: [] };
  }

  private setStatus(id: string, status: ShopifyDiscount['status']) {
    const discount = this.discounts.get(id);
    if (!discount) return missing();
    discount.status = status;
    return { codeDiscountNode: { id }, userErrors: [] };
  }
}

function missing() {
  return {
    codeDiscountNode: null,
    userErrors: [{ field: ['id'], code: 'INVALID', message: 'Discount does not exist' }],
  };
}

/** Shopify's Admin API at https://{shop}.myshopify.com, one shop per domain. */
export class FakeShopify {
  readonly shops = new Map<string, FakeShop>();

  shop(domain: string, token: string, currencyCode?: string): FakeShop {
    const shop = new FakeShop(token, currencyCode);
    this.shops.set(domain, shop);
    return shop;
  }

  async handle(request: MfRequest): Promise<MfResponse> {
    const req = await record(request);
    const shop = this.shops.get(new URL(request.url).hostname);
    return shop ? shop.handle(req) : json(404, { errors: 'Not Found' });
  }
}

/** The Worker's outbound handler: Stripe's and Shopify's hosts answered here, anything else let through. */
export function providerApis(stripe: FakeStripe, shopify: FakeShopify) {
  return async (request: MfRequest): Promise<MfResponse | null> => {
    const host = new URL(request.url).hostname;
    if (host === 'api.stripe.com') return stripe.handle(request);
    if (host.endsWith('.myshopify.com')) return shopify.handle(request);
    return null;
  };
}
