import { createHmac } from 'node:crypto';
import { type Request as MfRequest, Response as MfResponse } from 'miniflare';

/**
 * Local stand-ins for the payout providers' APIs, which are unreachable from here. They answer the
 * request and response shapes of the API references: PayPal (OAuth2 client credentials, Payouts
 * `POST /v1/payments/payouts` with `sender_batch_id` refused again within 30 days with a link to the
 * first batch, `GET /v1/payments/payouts/{id}`, `POST /v1/notifications/verify-webhook-signature`),
 * Stripe (`POST /v1/transfers` with Idempotency-Key replay; Connect accounts and account links for
 * onboarding) and Tremendous (`POST /api/v2/orders` with `external_id` answering the first order,
 * `GET /api/v2/orders/{id}`, `GET /api/v2/rewards/{id}`, webhook signatures). Every request is
 * recorded; `payments` counts what each idempotency key actually paid. Faults: `dropNext` commits the
 * next payment and then drops the answer (the caller sees a network error); `failNext` answers a status first.
 */

export interface Call {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string;
}
interface Answer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

let serial = 0;
const idOf = (prefix: string) => `${prefix}${(++serial).toString(36).toUpperCase().padStart(12, '0')}`;

/** Thrown by a fake to drop its answer after committing: the Worker's fetch sees the connection fail. */
class Dropped extends Error {}

abstract class FakeProvider {
  readonly calls: Call[] = [];
  /** Payments made per idempotency key (sender_batch_id, Idempotency-Key, external_id). */
  readonly payments = new Map<string, number>();
  /** Commit the next N payments, then drop their answers. */
  dropNext = 0;
  /** Answer the next calls with these statuses before anything runs (nothing is committed). */
  readonly failNext: number[] = [];

  abstract readonly hosts: string[];
  protected abstract execute(call: Call): Answer;

  handle(call: Call): Answer {
    this.calls.push(call);
    const fault = this.failNext.shift();
    if (fault) return { status: fault, body: { error: 'injected by the test' } };
    return this.execute(call);
  }

  protected paid(key: string): boolean {
    const dropping = this.dropNext > 0;
    if (dropping) this.dropNext--;
    this.payments.set(key, (this.payments.get(key) ?? 0) + 1);
    return dropping;
  }

  paymentsFor(key: string): number {
    return this.payments.get(key) ?? 0;
  }
}

const json = (call: Call) => (call.body ? JSON.parse(call.body) : {});
const bearer = (call: Call) => /^Bearer (.+)$/.exec(call.headers.authorization ?? '')?.[1];

/** PayPal's REST API (sandbox host), one app. */
export class FakePaypal extends FakeProvider {
  readonly hosts = ['api-m.sandbox.paypal.com', 'api-m.paypal.com'];
  readonly batches = new Map<string, { header: Record<string, any>; items: Record<string, any>[] }>();
  private readonly bySender = new Map<string, string>();
  private readonly tokens = new Set<string>();
  /** Deliveries this PayPal made: transmission id -> what it signed. */
  private readonly transmissions = new Map<string, { sig: string; webhookId: string; event: string }>();
  /** Receivers whose item PayPal fails at once, with its error. */
  readonly failingReceivers = new Map<string, { status: string; name: string; message: string }>();
  /** Refuse the next N duplicate `sender_batch_id`s without the link to the first batch. */
  unlinkedDuplicates = 0;

  constructor(
    readonly clientId: string,
    readonly clientSecret: string,
  ) {
    super();
  }

  protected execute(call: Call): Answer {
    const path = call.url.pathname;
    if (call.method === 'POST' && path === '/v1/oauth2/token') return this.token(call);
    if (!this.tokens.has(bearer(call) ?? '')) {
      return { status: 401, body: { name: 'AUTHENTICATION_FAILURE', message: 'Authentication failed.' } };
    }
    if (call.method === 'POST' && path === '/v1/payments/payouts') return this.createBatch(call);
    const get = /^\/v1\/payments\/payouts\/([A-Z0-9]+)$/.exec(path);
    if (call.method === 'GET' && get) return this.showBatch(get[1]!);
    if (call.method === 'POST' && path === '/v1/notifications/verify-webhook-signature') return this.verify(call);
    return { status: 404, body: { name: 'RESOURCE_NOT_FOUND', message: 'The specified resource does not exist.' } };
  }

  private token(call: Call): Answer {
    const expected = `Basic ${Buffer.from(`${this.clientId}:${this.clientSecret}`).toString('base64')}`;
    if (call.headers.authorization !== expected || !call.body.includes('grant_type=client_credentials')) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Client Authentication failed' } };
    }
    const token = `A21AA${idOf('T')}`;
    this.tokens.add(token);
    return {
      status: 200,
      body: {
        scope: 'https://uri.paypal.com/payments/payouts',
        access_token: token,
        token_type: 'Bearer',
        expires_in: 32400,
      },
    };
  }

  private createBatch(call: Call): Answer {
    const body = json(call);
    const senderBatchId = body.sender_batch_header?.sender_batch_id;
    const item = body.items?.[0];
    if (!senderBatchId || !item?.receiver || !/^\d+(\.\d{1,3})?$/.test(item.amount?.value ?? '')) {
      return { status: 400, body: { name: 'VALIDATION_ERROR', message: 'Invalid request - see details.' } };
    }
    const existing = this.bySender.get(senderBatchId);
    if (existing) {
      const href = `https://${call.url.host}/v1/payments/payouts/${existing}`;
      const link = this.unlinkedDuplicates-- > 0 ? {} : { link: [{ href, rel: 'self', method: 'GET' }] };
      return {
        status: 400,
        body: {
          name: 'USER_BUSINESS_ERROR',
          message: 'User business error.',
          debug_id: idOf('D').toLowerCase(),
          information_link: 'https://developer.paypal.com/docs/api/payments.payouts-batch/#errors',
          details: [
            {
              field: 'SENDER_BATCH_ID',
              location: 'body',
              issue: `Batch with given sender_batch_id already exists (${senderBatchId})`,
              ...link,
            },
          ],
          links: [],
        },
      };
    }
    const batchId = idOf('B');
    const failing = this.failingReceivers.get(item.receiver);
    const header = {
      payout_batch_id: batchId,
      batch_status: 'PENDING',
      sender_batch_header: body.sender_batch_header,
      amount: item.amount,
    };
    const row = {
      payout_item_id: idOf('I'),
      transaction_status: failing?.status ?? 'PENDING',
      payout_batch_id: batchId,
      payout_item: item,
      ...(failing ? { errors: { name: failing.name, message: failing.message } } : {}),
    };
    this.batches.set(batchId, { header, items: [row] });
    this.bySender.set(senderBatchId, batchId);
    const dropped = this.paid(senderBatchId);
    if (dropped) throw new Dropped();
    const links = [{ href: `https://${call.url.host}/v1/payments/payouts/${batchId}`, rel: 'self', method: 'GET' }];
    return {
      status: 201,
      body: {
        batch_header: {
          payout_batch_id: batchId,
          batch_status: 'PENDING',
          sender_batch_header: body.sender_batch_header,
        },
        links,
      },
    };
  }

  private showBatch(id: string): Answer {
    const batch = this.batches.get(id);
    if (!batch)
      return { status: 404, body: { name: 'INVALID_RESOURCE_ID', message: 'Requested resource ID was not found.' } };
    return { status: 200, body: { batch_header: batch.header, items: batch.items } };
  }

  private verify(call: Call): Answer {
    const body = json(call);
    const sent = this.transmissions.get(body.transmission_id);
    const ok =
      sent !== undefined &&
      sent.sig === body.transmission_sig &&
      sent.webhookId === body.webhook_id &&
      sent.event === JSON.stringify(body.webhook_event);
    return { status: 200, body: { verification_status: ok ? 'SUCCESS' : 'FAILURE' } };
  }

  /** The item of the batch paid for `senderBatchId`, as a webhook resource. */
  itemOf(senderBatchId: string) {
    const batch = this.batches.get(this.bySender.get(senderBatchId) ?? '');
    return batch?.items[0];
  }

  /** A webhook delivery PayPal would send to `webhookId`: the event and its transmission headers. */
  delivery(webhookId: string, eventType: string, resource: unknown, id = `WH-${idOf('E')}`) {
    const event = {
      id,
      event_version: '1.0',
      create_time: new Date().toISOString(),
      resource_type: 'payouts_item',
      event_type: eventType,
      summary: eventType,
      resource,
    };
    const transmissionId = crypto.randomUUID();
    const sig = Buffer.from(`${transmissionId}|${id}`).toString('base64');
    this.transmissions.set(transmissionId, { sig, webhookId, event: JSON.stringify(event) });
    const headers = {
      'Content-Type': 'application/json',
      'PAYPAL-AUTH-ALGO': 'SHA256withRSA',
      'PAYPAL-CERT-URL': 'https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270',
      'PAYPAL-TRANSMISSION-ID': transmissionId,
      'PAYPAL-TRANSMISSION-SIG': sig,
      'PAYPAL-TRANSMISSION-TIME': new Date().toISOString(),
    };
    return { event, body: JSON.stringify(event), headers };
  }
}

/** Stripe's API for transfers and Connect onboarding, one platform account per API key. */
export class FakeStripeConnect extends FakeProvider {
  readonly hosts = ['api.stripe.com'];
  readonly accounts = new Set<string>();
  readonly transfers = new Map<string, Record<string, any>>();
  private readonly saved = new Map<string, { params: string; answer: Answer }>();
  /** Available balance per currency (minor units); a transfer above it is refused as Stripe does. */
  readonly balance = new Map<string, number>([['usd', 1_000_000]]);

  constructor(readonly apiKey: string) {
    super();
  }

  protected execute(call: Call): Answer {
    if (bearer(call) !== this.apiKey) {
      return { status: 401, body: { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } } };
    }
    const key = call.headers['idempotency-key'];
    const params = `${call.method} ${call.url.pathname} ${call.body}`;
    const before = key ? this.saved.get(key) : undefined;
    if (before && before.params !== params) {
      const message =
        'Keys for idempotent requests can only be used with the same parameters they were first used with.';
      return { status: 400, body: { error: { type: 'idempotency_error', message } } };
    }
    if (before) return { ...before.answer, headers: { 'Idempotent-Replayed': 'true' } };
    if (call.method === 'GET' && call.url.pathname === '/v1/transfers') return this.listTransfers(call.url);
    const form = Object.fromEntries(new URLSearchParams(call.body));
    let answer: Answer;
    let dropped = false;
    if (call.url.pathname === '/v1/transfers') [answer, dropped] = this.transfer(form, key);
    else if (call.url.pathname === '/v1/accounts') answer = this.account();
    else if (call.url.pathname === '/v1/account_links') {
      const at = Math.floor(Date.now() / 1000);
      const url = `https://connect.stripe.com/setup/e/${form.account}/${idOf('L')}`;
      answer = { status: 200, body: { object: 'account_link', created: at, expires_at: at + 300, url } };
    } else
      answer = {
        status: 404,
        body: { error: { type: 'invalid_request_error', message: 'Unrecognized request URL.' } },
      };
    if (key) this.saved.set(key, { params, answer });
    if (dropped) throw new Dropped();
    return answer;
  }

  /**
   * The advocate finished onboarding: the Connect endpoint's `account.updated` for `accountId` (transfers
   * active), signed under `webhookSecret` as Stripe signs (`Stripe-Signature: t=…,v1=HMAC-SHA256(t.body)`).
   */
  onboarded(accountId: string, advocateId: string, webhookSecret: string) {
    const at = Math.floor(Date.now() / 1000);
    const account = {
      id: accountId,
      object: 'account',
      type: 'express',
      capabilities: { transfers: 'active' },
      payouts_enabled: true,
      details_submitted: true,
      metadata: { vouch_advocate: advocateId },
    };
    const event = {
      id: `evt_${idOf('E')}`,
      object: 'event',
      account: accountId,
      api_version: '2025-03-31.basil',
      created: at,
      data: { object: account },
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: 'account.updated',
    };
    const body = JSON.stringify(event);
    const v1 = createHmac('sha256', webhookSecret).update(`${at}.${body}`).digest('hex');
    return { body, headers: { 'Content-Type': 'application/json', 'Stripe-Signature': `t=${at},v1=${v1}` } };
  }

  /** Stripe keeps a key's answer 24 hours: after that a request with the key runs anew. */
  forgetIdempotencyKeys() {
    this.saved.clear();
  }

  private listTransfers(url: URL): Answer {
    const group = url.searchParams.get('transfer_group');
    const data = [...this.transfers.values()].filter((t) => group === null || t.transfer_group === group).reverse();
    const limit = Number(url.searchParams.get('limit') ?? 10);
    const body = { object: 'list', url: '/v1/transfers', has_more: data.length > limit, data: data.slice(0, limit) };
    return { status: 200, body };
  }

  private account(): Answer {
    const id = `acct_${idOf('A')}`;
    this.accounts.add(id);
    return {
      status: 200,
      body: { id, object: 'account', type: 'express', charges_enabled: false, details_submitted: false },
    };
  }

  private transfer(f: Record<string, string>, key: string | undefined): [Answer, boolean] {
    const amount = Number(f.amount);
    if (!f.destination || !this.accounts.has(f.destination)) {
      const error = {
        type: 'invalid_request_error',
        code: 'resource_missing',
        param: 'destination',
        message: `No such destination: '${f.destination}'`,
      };
      return [{ status: 400, body: { error } }, false];
    }
    const available = this.balance.get(f.currency ?? '') ?? 0;
    if (!Number.isInteger(amount) || amount > available) {
      const message = 'You have insufficient available funds in your Stripe account.';
      return [
        { status: 400, body: { error: { type: 'invalid_request_error', code: 'balance_insufficient', message } } },
        false,
      ];
    }
    this.balance.set(f.currency!, available - amount);
    const transfer = {
      id: `tr_${idOf('T')}`,
      object: 'transfer',
      amount,
      currency: f.currency,
      destination: f.destination,
      transfer_group: f.transfer_group ?? null,
      metadata: { vouch_payout: f['metadata[vouch_payout]'] },
      reversed: false,
    };
    this.transfers.set(transfer.id, transfer);
    return [{ status: 200, body: transfer }, this.paid(key ?? transfer.id)];
  }
}

/** Tremendous's API (sandbox host), one organization. */
export class FakeTremendous extends FakeProvider {
  readonly hosts = ['testflight.tremendous.com', 'www.tremendous.com'];
  readonly orders = new Map<string, Record<string, any>>();
  readonly rewards = new Map<string, Record<string, any>>();
  private readonly byExternal = new Map<string, string>();

  constructor(
    readonly apiKey: string,
    readonly webhookKey: string,
  ) {
    super();
  }

  protected execute(call: Call): Answer {
    if (bearer(call) !== this.apiKey)
      return { status: 401, body: { errors: { message: 'Access denied', payload: {} } } };
    const path = call.url.pathname;
    if (call.method === 'POST' && path === '/api/v2/orders') return this.createOrder(json(call));
    const order = /^\/api\/v2\/orders\/([^/]+)$/.exec(path);
    if (call.method === 'GET' && order) return this.show('order', this.orders.get(decodeURIComponent(order[1]!)));
    const reward = /^\/api\/v2\/rewards\/([^/]+)$/.exec(path);
    if (call.method === 'GET' && reward) return this.show('reward', this.rewards.get(decodeURIComponent(reward[1]!)));
    return { status: 404, body: { errors: { message: 'Not found', payload: {} } } };
  }

  private show(name: string, record: Record<string, any> | undefined): Answer {
    if (!record) return { status: 404, body: { errors: { message: 'Record not found', payload: {} } } };
    return { status: 200, body: { [name]: record } };
  }

  private createOrder(body: Record<string, any>): Answer {
    const existing = body.external_id ? this.byExternal.get(body.external_id) : undefined;
    if (existing) return { status: 201, body: { order: this.orders.get(existing) } };
    const r = body.reward ?? {};
    const missing = [
      !body.payment?.funding_source_id && 'payment.funding_source_id',
      !(r.campaign_id || r.products) && 'reward.products',
      !(r.value?.denomination > 0) && 'reward.value.denomination',
      !r.recipient?.email && 'reward.recipient.email',
    ].filter(Boolean);
    if (missing.length > 0) {
      return { status: 400, body: { errors: { message: `Missing: ${missing.join(', ')}`, payload: {} } } };
    }
    const orderId = idOf('O');
    const reward = {
      id: idOf('R'),
      order_id: orderId,
      created_at: new Date().toISOString(),
      value: r.value,
      recipient: r.recipient,
      delivery: { method: r.delivery?.method ?? 'EMAIL', status: 'SCHEDULED' },
    };
    const order = {
      id: orderId,
      external_id: body.external_id ?? null,
      campaign_id: r.campaign_id ?? null,
      created_at: new Date().toISOString(),
      status: 'EXECUTED',
      payment: { subtotal: r.value.denomination, total: r.value.denomination, fees: 0 },
      rewards: [reward],
    };
    this.orders.set(orderId, order);
    this.rewards.set(reward.id, reward);
    if (body.external_id) this.byExternal.set(body.external_id, orderId);
    if (this.paid(body.external_id ?? orderId)) throw new Dropped();
    return { status: 200, body: { order } };
  }

  orderOf(externalId: string) {
    return this.orders.get(this.byExternal.get(externalId) ?? '');
  }

  /** A webhook delivery as Tremendous signs it: `Tremendous-Webhook-Signature: sha256=<hex HMAC of the body>`. */
  delivery(event: string, resource: { id: string; type: string }, key = this.webhookKey, uuid = crypto.randomUUID()) {
    const body = JSON.stringify({
      event,
      uuid,
      created_utc: new Date().toISOString(),
      payload: { resource, meta: {} },
    });
    const signature = `sha256=${createHmac('sha256', key).update(body).digest('hex')}`;
    return { body, headers: { 'Content-Type': 'application/json', 'Tremendous-Webhook-Signature': signature } };
  }
}

/** A request answered by the fake owning its host (null: none does); a dropped answer throws as a reset connection. */
async function answerOf(fakes: FakeProvider[], request: Request | MfRequest): Promise<Answer | null> {
  const url = new URL(request.url);
  const fake = fakes.find((f) => f.hosts.includes(url.hostname));
  if (!fake) return null;
  const headers: Record<string, string> = {};
  request.headers.forEach((v: string, k: string) => {
    headers[k.toLowerCase()] = v;
  });
  try {
    return fake.handle({ method: request.method, url, headers, body: await request.text() });
  } catch (err) {
    if (err instanceof Dropped) throw new TypeError('fetch failed: connection reset after the provider committed');
    throw err;
  }
}

const bodyOf = (answer: Answer) => JSON.stringify(answer.body);
const initOf = (answer: Answer) => ({
  status: answer.status,
  headers: { 'Content-Type': 'application/json', ...answer.headers },
});

/** The Worker's outbound handler (Miniflare): the fakes' hosts answered here, anything else let through. */
export function payoutProviderApis(...fakes: FakeProvider[]) {
  return async (request: MfRequest): Promise<MfResponse | null> => {
    const answer = await answerOf(fakes, request);
    return answer && new MfResponse(bodyOf(answer), initOf(answer));
  };
}

/** The same fakes as a `fetch` for code run in this process (adapter tests); an unknown host rejects. */
export function fetchVia(...fakes: FakeProvider[]): typeof fetch {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const answer = await answerOf(fakes, request);
    if (!answer) throw new TypeError(`fetch failed: no local server for ${new URL(request.url).hostname}`);
    return new Response(bodyOf(answer), initOf(answer));
  };
}
