import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { hmacSha256Hex } from './crypto.ts';
import { hashSecret } from './hash-secret.ts';
import { hashSecretProblem, isProduction } from './secrets.ts';

/**
 * The part of an address one client controls: the whole IPv4 address, but an IPv6 /64 (one
 * ordinary connection hands out a whole /64, so per-address limits would be 2^64 limits).
 */
export function ipBucketOf(ip: string): string {
  if (!ip.includes(':')) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4) is two groups wide.
  const width = (groups: string[]) => groups.reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0);
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - width(left) - width(right))).fill('0'), ...right]
    : left;
  if (groups[0] === '0' && groups.slice(0, 5).every((g) => g === '0') && groups[5] === 'ffff')
    return groups.slice(6).join(':'); // IPv4-mapped
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * A keyed hash of the client's IP (IPv6 by /64), for rate-limit buckets: the raw address is never
 * stored. Cloudflare sets CF-Connecting-IP at the edge (a client cannot forge it there).
 */
export async function clientIpBucket(c: Context<AppEnv>): Promise<string> {
  const ip = c.req.header('cf-connecting-ip') ?? 'unknown';
  return (await hmacSha256Hex(hashSecret(c.env), `ip:${ipBucketOf(ip)}`)).slice(0, 32);
}

/**
 * The key for Cloudflare's edge limiter (health, docs, OpenAPI). Nothing of it is stored by us, so
 * when production refuses to hash without HASH_SECRET it falls back to the address bucket itself:
 * /health must still answer to say what is wrong.
 */
export async function edgeLimitKey(c: Context<AppEnv>): Promise<string> {
  if (!hashSecretProblem(c.env) || !isProduction(c.env)) return clientIpBucket(c);
  return `raw:${ipBucketOf(c.req.header('cf-connecting-ip') ?? 'unknown')}`;
}
