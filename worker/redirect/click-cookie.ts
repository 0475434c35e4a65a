import { hmacSha256Hex, safeEqual } from '../lib/crypto.ts';

/**
 * The visitor's click per program, in a first-party cookie on the link domain (HttpOnly, Secure,
 * SameSite=Lax): `clk.CODE.issuedMs.signature`. Signed, so a visitor cannot claim someone else's
 * click; set by the server, so browsers' caps on script-set cookies do not apply.
 */
export interface CookieClick {
  clickId: string;
  code: string;
  issuedAt: number;
}

function cookieName(programId: string): string {
  return `vouch_${programId}`;
}

async function sign(secret: string, body: string): Promise<string> {
  return (await hmacSha256Hex(secret, `cookie:${body}`)).slice(0, 24);
}

export async function encodeCookie(secret: string, click: CookieClick): Promise<string> {
  const body = `${click.clickId}.${click.code}.${click.issuedAt}`;
  return `${body}.${await sign(secret, body)}`;
}

// Cookies this isolate already verified: a returning visitor costs no HMAC. Keyed by the cookie
// value alone (hashing a fresh secret+value string on every hit showed in profiles); the entry
// remembers which secret verified it. Bounded.
const verified = new Map<string, { secret: string; click: CookieClick }>();
const MAX_VERIFIED = 10_000;

/** `secrets`: the current key first, then the previous one during a HASH_SECRET rotation. */
export async function decodeCookie(secrets: readonly string[], value: string | undefined): Promise<CookieClick | null> {
  if (!value) return null;
  for (const secret of secrets) {
    const known = peekVerifiedCookie(secret, value);
    if (known) return known;
  }
  for (const secret of secrets) {
    const click = await verify(secret, value);
    if (!click) continue;
    if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
    verified.set(value, { secret, click });
    return click;
  }
  return null;
}

/** A cookie this isolate verified before, without awaiting anything (else null). */
export function peekVerifiedCookie(secret: string, value: string | undefined): CookieClick | null {
  if (!value) return null;
  const entry = verified.get(value);
  return entry !== undefined && entry.secret === secret ? entry.click : null;
}

async function verify(secret: string, value: string): Promise<CookieClick | null> {
  const match = /^(clk_[0-9A-Z]{26})\.([A-Z0-9_-]{3,32})\.(\d{13})\.([0-9a-f]{24})$/.exec(value);
  if (!match) return null;
  const [, clickId, code, issued, signature] = match;
  // Constant time: `!==` stops at the first differing character, which lets a visitor time their way
  // to a valid signature. Only reached on a cookie this isolate has not verified yet, after an HMAC.
  if (!(await safeEqual(await sign(secret, `${clickId}.${code}.${issued}`), signature!))) return null;
  return { clickId: clickId!, code: code!, issuedAt: Number(issued) };
}

export function setCookieHeader(programId: string, value: string, maxAgeSeconds: number): string {
  return `${cookieName(programId)}=${value}; Max-Age=${maxAgeSeconds}; Path=/; HttpOnly; Secure; SameSite=Lax`;
}
