import { merchantStore } from '../storage/merchants.ts';
import { handleRedirect } from './handle-redirect.ts';

// Paths of the Worker itself: never read as a code on a link domain.
const OWN_PATHS = /^\/(v1|health|docs|widget|r)(\/|$)|^\/$/;

// Which merchant owns a host as its link domain, per isolate for a minute (misses too).
const domains = new Map<string, { merchantId: string | null; at: number }>();

async function linkDomainOwner(env: Env, host: string): Promise<string | null> {
  const hit = domains.get(host);
  if (hit && Date.now() - hit.at < 60_000) return hit.merchantId;
  let merchantId: string | null = null;
  try {
    // The redirect's client (short timeout, no retries): a slow Redis must not hold the visitor.
    merchantId = await merchantStore(env, 'redirect').forLinkDomain(host);
  } catch {
    return hit?.merchantId ?? null;
  }
  if (domains.size > 1000) domains.clear();
  domains.set(host, { merchantId, at: Date.now() });
  return merchantId;
}

/** `GET https://go.shop.example/{code}` when that host is a merchant's link domain, else null. */
export async function handleLinkDomain(
  request: Request,
  env: Env,
  ctx: ExecutionContext,
  pathname: string,
): Promise<Response | null> {
  if ((request.method !== 'GET' && request.method !== 'HEAD') || OWN_PATHS.test(pathname)) return null;
  const host = new URL(request.url).host.toLowerCase();
  const merchantId = await linkDomainOwner(env, host);
  return merchantId ? handleRedirect(request, env, ctx, { prefix: '/', merchantId }) : null;
}
