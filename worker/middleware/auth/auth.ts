import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv, AuthContext } from '../../app-env.ts';
import { ApiError } from '../../errors/api-error.ts';
import { secretNotConfigured } from '../../errors/secret-not-configured.ts';
import { parseKey } from '../../lib/api-key-format.ts';
import { clientIpBucket } from '../../lib/client-ip.ts';
import { config } from '../../lib/config.ts';
import { isSessionToken, looksLikeSession } from '../../lib/console-tokens.ts';
import { safeEqual, sha256Hex } from '../../lib/crypto.ts';
import { adminTokenProblem } from '../../lib/secrets.ts';
import { idempotencyScopeOf } from '../../storage/idempotency.ts';
import { type Bucket, limitStore } from '../../storage/rate-limit.ts';
import { keepReadAlong, type ReadAlong } from './read-along.ts';

interface KeyOptions {
  allowQueryKey?: boolean;
  /** A code the route reads first, read in the authentication round trip (read-along.ts). */
  readAlong?: ReadAlong;
}

function bearer(c: Context<AppEnv>): string | null {
  const header = c.req.header('authorization');
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match)
    throw new ApiError(
      'authentication_error',
      'invalid_authorization',
      'Send your key as `Authorization: Bearer <key>`.',
    );
  return match[1]!;
}

function setLimitHeaders(c: Context<AppEnv>, r: { limit: number; remaining: number; resetSeconds: number }) {
  c.header('X-RateLimit-Limit', String(r.limit));
  c.header('X-RateLimit-Remaining', String(r.remaining));
  c.header('X-RateLimit-Reset', String(r.resetSeconds));
}

function tooMany(resetSeconds: number): ApiError {
  return new ApiError('rate_limit_error', 'rate_limited', `Too many requests. Retry in ${resetSeconds} s.`, {
    headers: { 'Retry-After': String(resetSeconds) },
  });
}

/**
 * API key authentication plus per-IP and per-key rate limiting, in one Redis round trip.
 * A malformed key (bad shape or checksum) is refused before any Redis call.
 */
export function requireKey(type: 'secret' | 'publishable', options: KeyOptions = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = await authenticate(c, type, options);
    c.set('auth', auth);
    c.set('idempotencyScope', idempotencyScopeOf(auth.tenant));
    await next();
  };
}

/** Checks the presented key (and the rate limits) and says whose it is; throws the right 4xx. */
export async function authenticate(
  c: Context<AppEnv>,
  type: 'secret' | 'publishable',
  options: KeyOptions = {},
): Promise<AuthContext> {
  {
    const presented = bearer(c) ?? (options.allowQueryKey ? (c.req.query('key') ?? null) : null);
    if (!presented)
      throw new ApiError('authentication_error', 'missing_api_key', 'No API key: send `Authorization: Bearer <key>`.');
    if (looksLikeSession(presented)) return authenticateSession(c, presented, type);
    const parsed = await parseKey(presented);
    if (!parsed) throw new ApiError('authentication_error', 'invalid_api_key', 'That API key is malformed.');

    const digest = await sha256Hex(parsed.key);
    const buckets: Bucket[] = [
      { name: `ip:${await clientIpBucket(c)}`, limit: config(c.env).RATE_LIMIT_IP_PER_MINUTE },
    ];
    // A publishable key is shared by every visitor of the merchant's site: a per-key budget would
    // let one busy shop (or one abuser) lock out all its visitors. Browsers are limited per IP.
    if (parsed.type === 'secret')
      buckets.push({ name: `key:${digest.slice(0, 32)}`, limit: config(c.env).RATE_LIMIT_KEY_PER_MINUTE });
    const code = options.readAlong ? await options.readAlong(c) : null;
    const result = await limitStore(c.env).authenticateAndLimit(digest, buckets, undefined, code);
    setLimitHeaders(c, result);
    if (!result.allowed) throw tooMany(result.resetSeconds);

    const { record } = result;
    if (!record || !(await safeEqual(record.digest, digest))) {
      throw new ApiError('authentication_error', 'invalid_api_key', 'No such API key, or it has been revoked.');
    }
    if (record.type !== type) {
      throw type === 'secret'
        ? new ApiError(
            'permission_error',
            'secret_key_required',
            'This endpoint needs a secret key (sk_…); publishable keys only work on /v1/public.',
          )
        : new ApiError(
            'permission_error',
            'publishable_key_required',
            'This endpoint is for browsers and takes a publishable key (pk_…).',
          );
    }
    keepReadAlong(c, code, result.code);
    return { tenant: { merchantId: record.merchant_id, mode: record.mode }, keyId: record.id, keyType: record.type };
  }
}

/**
 * A console session token (`cst_…`, from a console link) stands for the merchant's secret key of
 * its mode: same per-IP and per-credential limits, same one round trip. Only its SHA-256 is
 * stored; the record found by it is compared in constant time. Never in `?key=` (URLs get logged).
 */
async function authenticateSession(
  c: Context<AppEnv>,
  token: string,
  type: 'secret' | 'publishable',
): Promise<AuthContext> {
  if (type !== 'secret')
    throw new ApiError(
      'permission_error',
      'publishable_key_required',
      'This endpoint is for browsers and takes a publishable key (pk_…).',
    );
  if (bearer(c) !== token)
    throw new ApiError(
      'authentication_error',
      'invalid_api_key',
      'Send the console session as `Authorization: Bearer cst_…`.',
    );
  if (!isSessionToken(token))
    throw new ApiError('authentication_error', 'invalid_console_session', 'That console session token is malformed.');
  const digest = await sha256Hex(token);
  const buckets: Bucket[] = [
    { name: `ip:${await clientIpBucket(c)}`, limit: config(c.env).RATE_LIMIT_IP_PER_MINUTE },
    { name: `key:${digest.slice(0, 32)}`, limit: config(c.env).RATE_LIMIT_KEY_PER_MINUTE },
  ];
  const result = await limitStore(c.env).consoleSessionAndLimit(digest, buckets);
  setLimitHeaders(c, result);
  if (!result.allowed) throw tooMany(result.resetSeconds);
  const { record } = result;
  // The record expires with the session (PX); the date check covers a clock-skewed replica.
  if (!record || !(await safeEqual(record.digest, digest)) || Date.parse(record.expires_at) <= Date.now()) {
    throw new ApiError(
      'authentication_error',
      'invalid_console_session',
      'This console session has expired or was signed out. Sign in again.',
    );
  }
  return {
    tenant: { merchantId: record.merchant_id, mode: record.mode },
    keyId: 'console_session',
    keyType: 'secret',
    consoleSession: digest,
  };
}

/** The bootstrap token (ADMIN_TOKEN secret). No token configured: bootstrap is off. */
export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const buckets: Bucket[] = [
      { name: `admin-ip:${await clientIpBucket(c)}`, limit: config(c.env).RATE_LIMIT_IP_PER_MINUTE },
    ];
    const result = await limitStore(c.env).authenticateAndLimit(null, buckets);
    setLimitHeaders(c, result);
    if (!result.allowed) throw tooMany(result.resetSeconds);

    const expected = c.env.ADMIN_TOKEN;
    if (!expected)
      throw new ApiError(
        'permission_error',
        'admin_disabled',
        'Merchant bootstrap is disabled: set the ADMIN_TOKEN secret to enable it.',
      );
    const weak = adminTokenProblem(c.env);
    // A guessable operator token in production would hand out merchants: refuse until it is replaced.
    if (weak && config(c.env).production) throw secretNotConfigured(weak);
    const presented = bearer(c);
    if (!presented || !(await safeEqual(presented, expected))) {
      throw new ApiError('authentication_error', 'invalid_admin_token', 'A valid admin token is required.');
    }
    c.set('idempotencyScope', 'admin');
    await next();
  };
}
