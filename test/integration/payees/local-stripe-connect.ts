import { type Request as MfRequest, Response as MfResponse } from 'miniflare';

/**
 * A local stand-in for Stripe's Connect endpoints (api.stripe.com is unreachable from here): POST
 * /v1/accounts and POST /v1/account_links, form-encoded, with the documented answer shapes (`account`:
 * id `acct_…`, type, country, capabilities; `account_link`: url, created, expires_at 300 s later) and
 * idempotent requests (the first answer replayed for a key, 400 `idempotency_error` for the same key
 * with other parameters). `dropNext` applies the next account create, then answers 500 as if the
 * answer was lost on the way back (a retry must find the first call's account, not make another).
 */
export class LocalStripeConnect {
  readonly accounts = new Map<string, Record<string, unknown>>();
  readonly requests: { path: string; key: string | null; form: Record<string, string> }[] = [];
  dropNext = 0;
  private readonly saved = new Map<string, { params: string; body: unknown }>();
  private serial = 0;

  constructor(readonly apiKey: string) {}

  handle = async (request: MfRequest): Promise<MfResponse | null> => {
    const url = new URL(request.url);
    if (url.hostname !== 'api.stripe.com') return null;
    if (request.headers.get('authorization') !== `Bearer ${this.apiKey}`) {
      return json(401, { error: { type: 'invalid_request_error', message: 'Invalid API Key provided.' } });
    }
    const form = Object.fromEntries(new URLSearchParams(await request.text()));
    const key = request.headers.get('idempotency-key');
    this.requests.push({ path: url.pathname, key, form });
    const params = `${url.pathname} ${new URLSearchParams(form).toString()}`;
    const before = key ? this.saved.get(key) : undefined;
    if (before && before.params !== params) {
      return json(400, {
        error: {
          type: 'idempotency_error',
          message: 'Keys for idempotent requests can only be used with the same parameters.',
        },
      });
    }
    if (before) return json(200, before.body, { 'Idempotent-Replayed': 'true' });
    const body = this.execute(url.pathname, form);
    if (!body)
      return json(404, {
        error: { type: 'invalid_request_error', message: `Unrecognized request URL (${url.pathname}).` },
      });
    if (key) this.saved.set(key, { params, body });
    if (url.pathname === '/v1/accounts' && this.dropNext > 0) {
      this.dropNext--;
      return json(500, { error: { type: 'api_error', message: 'An unknown error occurred (injected: answer lost).' } });
    }
    return json(200, body);
  };

  private execute(path: string, form: Record<string, string>): Record<string, unknown> | null {
    const now = Math.floor(Date.now() / 1000);
    if (path === '/v1/accounts') {
      const id = `acct_${(++this.serial).toString().padStart(16, '0')}`;
      const account = {
        id,
        object: 'account',
        type: form.type,
        country: form.country ?? 'US',
        email: form.email ?? null,
        capabilities: { transfers: form['capabilities[transfers][requested]'] === 'true' ? 'inactive' : undefined },
        charges_enabled: false,
        payouts_enabled: false,
        details_submitted: false,
        metadata: { vouch_advocate: form['metadata[vouch_advocate]'] },
        created: now,
      };
      this.accounts.set(id, account);
      return account;
    }
    if (path === '/v1/account_links') {
      if (!form.account || !this.accounts.has(form.account) || form.type !== 'account_onboarding') return null;
      return {
        object: 'account_link',
        created: now,
        expires_at: now + 300,
        url: `https://connect.stripe.com/setup/e/${form.account}/${(++this.serial).toString(36)}`,
      };
    }
    return null;
  }

  /** The advocate finishing (or Stripe reopening) onboarding: the account as `account.updated` then carries it. */
  setTransfers(id: string, status: 'active' | 'inactive' | 'pending'): Record<string, unknown> {
    const account = this.accounts.get(id)!;
    const done = status === 'active';
    Object.assign(account, {
      capabilities: { transfers: status },
      payouts_enabled: done,
      details_submitted: done,
      charges_enabled: false,
    });
    return structuredClone(account);
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): MfResponse {
  return new MfResponse(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}
