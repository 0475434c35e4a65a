import { createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';

/**
 * A believable merchant shop on its own origin (as a real merchant's site would be), with the
 * Vouch snippet pasted into every page exactly as the merchant would paste it. Its server is the
 * merchant's backend: it keeps the widget secret and signs the signed-in customer's identity
 * (`vouch('identify', …)`), and reports orders on the thank-you page (`vouch('track', 'purchase', …)`).
 */
export interface DemoStoreOptions {
  /** Where the Vouch Worker answers, e.g. http://127.0.0.1:8787 */
  vouchOrigin: string;
  /** The merchant's publishable key for the snippet's data-key. */
  publishableKey: string;
  /** `wsec_…` from POST /v1/widget_secret/roll: signs customer identities. Without it nobody can sign in. */
  widgetSecret?: string;
  port?: number;
  host?: string;
}

export interface DemoStore {
  url: string;
  /** Keys known only once the merchant exists (its allowed origin is this store's, known once it listens). */
  configure(keys: Pick<DemoStoreOptions, 'publishableKey' | 'widgetSecret'>): void;
  close(): Promise<void>;
}

/** The shop's customers who can sign in (a demo: one button, no password). Alice is an advocate. */
export const DEMO_CUSTOMERS: Record<string, { customer_id: string; name: string; email: string }> = {
  alice: { customer_id: 'demo-alice', name: 'Alice Lindqvist', email: 'alice@example.com' },
};
const SESSION_COOKIE = 'nordlicht_customer';

/**
 * What the merchant's server computes for the widget: hex HMAC-SHA256(widget secret, `${customer_id}.${timestamp}`).
 */
export function signIdentity(
  widgetSecret: string,
  customer: { customer_id: string; name?: string; email?: string },
  now = Date.now(),
) {
  const timestamp = Math.floor(now / 1000);
  const signature = createHmac('sha256', widgetSecret).update(`${customer.customer_id}.${timestamp}`).digest('hex');
  return {
    customer_id: customer.customer_id,
    timestamp,
    signature,
    ...(customer.email ? { email: customer.email } : {}),
    ...(customer.name ? { name: customer.name } : {}),
  };
}

/** An inline `vouch(...)` call, safe inside <script> (no `</script>` breakout), with the page's CSP nonce. */
export function vouchCall(nonce: string, ...args: unknown[]): string {
  const json = args.map((a) =>
    JSON.stringify(a)
      .replace(/</g, '\\u003c')
      .replace(/\u2028|\u2029/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`),
  );
  return `<script nonce="${nonce}">vouch(${json.join(', ')});</script>`;
}

const PUBLIC_DIR = join(import.meta.dirname, 'public');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};
// The shop's catalogue lives on its server: prices never come from the browser.
const CATALOGUE: Record<string, { name: string; unit: number }> = {
  'aurora-500': { name: 'Aurora Espresso Blend', unit: 1850 },
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Order {
  id: string;
  amount: number;
  currency: string;
  coupon: string;
}

function cookies(req: IncomingMessage): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) out.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  return out;
}

function signedInCustomer(req: IncomingMessage, options: DemoStoreOptions) {
  const customer = DEMO_CUSTOMERS[cookies(req).get(SESSION_COOKIE) ?? ''];
  return customer && options.widgetSecret ? customer : undefined;
}

async function render(
  file: string,
  req: IncomingMessage,
  url: URL,
  options: DemoStoreOptions,
  orders: Map<string, Order>,
  nonce: string,
): Promise<string> {
  const [page, header, snippet] = await Promise.all(
    [file, '_header.html', '_snippet.html'].map((f) => readFile(join(PUBLIC_DIR, f), 'utf8')),
  );
  const customer = signedInCustomer(req, options);
  const here = escapeHtml(url.pathname + url.search);
  const account = customer
    ? '<form method="post" action="/api/sign-out" class="account">' +
      `<span>Signed in as ${escapeHtml(customer.name.split(' ')[0]!)}</span>` +
      `<input type="hidden" name="next" value="${here}"><button type="submit">Sign out</button></form>`
    : options.widgetSecret
      ? '<form method="post" action="/api/sign-in" class="account">' +
        '<input type="hidden" name="customer" value="alice">' +
        `<input type="hidden" name="next" value="${here}"><button type="submit">Sign in as Alice</button></form>`
      : '';
  // The merchant's server side of the integration: calls rendered into the page, before the loader.
  const calls: string[] = [];
  if (customer) calls.push(vouchCall(nonce, 'identify', signIdentity(options.widgetSecret!, customer)));
  const order = file === 'thanks.html' ? orders.get(url.searchParams.get('order') ?? '') : undefined;
  if (order)
    calls.push(
      vouchCall(nonce, 'track', 'purchase', { order_id: order.id, amount: order.amount, currency: order.currency }),
    );
  const filledSnippet = snippet!
    .replaceAll('{{NONCE}}', nonce)
    .replace('{{VOUCH_CALLS}}', () => calls.join('\n'))
    .replaceAll('{{VOUCH_ORIGIN}}', escapeHtml(options.vouchOrigin))
    .replaceAll('{{VOUCH_PUBLISHABLE_KEY}}', escapeHtml(options.publishableKey));
  return page!
    .replace('{{HEADER}}', () => header!.replace('{{ACCOUNT}}', () => account))
    .replace('{{VOUCH_SNIPPET}}', () => filledSnippet);
}

/** A same-site path to return to after signing in or out (never another origin). */
function safeNext(value: string | null): string {
  return value && /^\/(?!\/)[^\\]*$/.test(value) ? value : '/';
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 64 * 1024) throw new Error('form too large');
  }
  return new URLSearchParams(body);
}

function orderTotal(cartJson: string | null): number {
  try {
    const items = JSON.parse(cartJson ?? '[]') as { sku?: string; qty?: number }[];
    return items.reduce((sum, i) => {
      const product = CATALOGUE[i.sku ?? ''];
      const qty = Math.max(0, Math.min(20, Math.trunc(Number(i.qty) || 0)));
      return product ? sum + product.unit * qty : sum;
    }, 0);
  } catch {
    return 0;
  }
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: DemoStoreOptions,
  orders: Map<string, Order>,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://store.local');
  if (req.method === 'POST' && url.pathname === '/api/orders') {
    const form = await readForm(req);
    const order = `NL-${randomBytes(4).toString('hex').toUpperCase()}`;
    const total = orderTotal(form.get('cart'));
    const coupon = (form.get('coupon') ?? '').trim().slice(0, 64);
    console.log(`[store] order ${order}: ${total} cents${coupon ? `, code ${coupon}` : ''}`);
    orders.set(order, { id: order, amount: total, currency: 'USD', coupon });
    if (orders.size > 1000) orders.delete(orders.keys().next().value!);
    const next = new URLSearchParams({ order, amount: String(total), currency: 'USD', ...(coupon ? { coupon } : {}) });
    res.writeHead(303, { Location: `/thanks.html?${next}` }).end();
    return;
  }
  if (req.method === 'POST' && (url.pathname === '/api/sign-in' || url.pathname === '/api/sign-out')) {
    const form = await readForm(req);
    const customer =
      url.pathname === '/api/sign-in' && DEMO_CUSTOMERS[form.get('customer') ?? ''] ? form.get('customer')! : '';
    const cookie = customer
      ? `${SESSION_COOKIE}=${customer}; Path=/; HttpOnly; SameSite=Lax`
      : `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`;
    res.writeHead(303, { Location: safeNext(form.get('next')), 'Set-Cookie': cookie }).end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const name = url.pathname === '/' ? 'index.html' : url.pathname.slice(1);
  // Only plain files of this folder; partials (_*.html) and anything with a path are not served.
  if (!/^[a-z0-9-]+\.(html|css|js)$/.test(name)) {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    return;
  }
  try {
    const type = TYPES[extname(name)]!;
    const nonce = randomBytes(16).toString('base64');
    const body = name.endsWith('.html')
      ? await render(name, req, url, options, orders, nonce)
      : await readFile(join(PUBLIC_DIR, name));
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
  }
}

export async function startDemoStore(initial: DemoStoreOptions): Promise<DemoStore> {
  const options = { ...initial };
  const orders = new Map<string, Order>();
  const server: Server = createServer((req, res) => {
    handle(req, res, options, orders).catch((err: unknown) => {
      console.error('[store] error', err);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('Something went wrong in the demo store.');
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    configure: (keys) => Object.assign(options, keys),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
