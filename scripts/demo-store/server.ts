import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';

/**
 * A believable merchant shop on its own origin (as a real merchant's site would be), with the
 * Vouch snippet pasted into every page exactly as the merchant would paste it.
 */
export interface DemoStoreOptions {
  /** Where the Vouch Worker answers, e.g. http://127.0.0.1:8787 */
  vouchOrigin: string;
  /** The merchant's publishable key for the snippet's data-key. */
  publishableKey: string;
  port?: number;
  host?: string;
}

export interface DemoStore {
  url: string;
  close(): Promise<void>;
}

const PUBLIC_DIR = join(import.meta.dirname, 'public');
const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };
// The shop's catalogue lives on its server: prices never come from the browser.
const CATALOGUE: Record<string, { name: string; unit: number }> = { 'aurora-500': { name: 'Aurora Espresso Blend', unit: 1850 } };

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

async function render(file: string, options: DemoStoreOptions): Promise<string> {
  const [page, header, snippet] = await Promise.all(
    [file, '_header.html', '_snippet.html'].map((f) => readFile(join(PUBLIC_DIR, f), 'utf8')),
  );
  const filledSnippet = snippet!
    .replaceAll('{{VOUCH_ORIGIN}}', escapeHtml(options.vouchOrigin))
    .replaceAll('{{VOUCH_PUBLISHABLE_KEY}}', escapeHtml(options.publishableKey));
  return page!.replace('{{HEADER}}', header!).replace('{{VOUCH_SNIPPET}}', filledSnippet);
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

async function handle(req: IncomingMessage, res: ServerResponse, options: DemoStoreOptions): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://store.local');
  if (req.method === 'POST' && url.pathname === '/api/orders') {
    const form = await readForm(req);
    const order = `NL-${randomBytes(4).toString('hex').toUpperCase()}`;
    const total = orderTotal(form.get('cart'));
    const coupon = (form.get('coupon') ?? '').trim().slice(0, 64);
    console.log(`[store] order ${order}: ${total} cents${coupon ? `, code ${coupon}` : ''}`);
    const next = new URLSearchParams({ order, amount: String(total), currency: 'USD', ...(coupon ? { coupon } : {}) });
    res.writeHead(303, { Location: `/thanks.html?${next}` }).end();
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
    const body = name.endsWith('.html') ? await render(name, options) : await readFile(join(PUBLIC_DIR, name));
    res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
  }
}

export async function startDemoStore(options: DemoStoreOptions): Promise<DemoStore> {
  const server: Server = createServer((req, res) => {
    handle(req, res, options).catch((err: unknown) => {
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
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
