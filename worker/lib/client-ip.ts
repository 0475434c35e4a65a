import type { Context } from 'hono';
import type { AppEnv } from '../app-env.ts';
import { hmacSha256Hex } from './crypto.ts';
import { hashSecret } from './hash-secret.ts';

/**
 * A keyed hash of the client's IP, for rate-limit buckets: the raw address is never stored.
 * Cloudflare sets CF-Connecting-IP at the edge (a client cannot forge it there).
 */
export async function clientIpBucket(c: Context<AppEnv>): Promise<string> {
  const ip = c.req.header('cf-connecting-ip') ?? 'unknown';
  return (await hmacSha256Hex(hashSecret(c.env), `ip:${ip}`)).slice(0, 32);
}
