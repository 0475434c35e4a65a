import { hmacSha256Hex, safeEqual } from '../lib/crypto.ts';
import { verifyClickToken } from './click-token.ts';

/**
 * The visitor's click per program, in a first-party cookie on the link domain (HttpOnly, Secure,
 * SameSite=Lax): its value is the click token itself (click-token.ts), signed once for both uses.
 * Signed, so a visitor cannot claim someone else's click; set by the server, so browsers' caps on
 * script-set cookies do not apply. Cookies of the format before tokens (`clk_<26>.CODE.issuedMs.sig24`)
 * still verify: visitors keep them for the program's window.
 */
export interface CookieClick {
  clickId: string;
  code: string;
  issuedAt: number;
}

function cookieName(programId: string): string {
  return `vouch_${programId}`;
}

// Cookies this isolate already verified (or signed): a returning visitor costs no HMAC. Keyed by the
// cookie value alone (hashing a fresh secret+value string on every hit showed in profiles); the entry
// remembers which secret verified it. Bounded.
const verified = new Map<string, { secret: string; click: CookieClick }>();
const MAX_VERIFIED = 10_000;

function remember(value: string, secret: string, click: CookieClick): void {
  if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value!);
  verified.set(value, { secret, click });
}

/** A token this isolate just signed with `secret`: the visitor's next hit here needs no HMAC. */
export function rememberSignedCookie(secret: string, token: string, click: Omit<CookieClick, 'clickId'>): void {
  remember(token, secret, { clickId: token, ...click });
}

/** `secrets`: the current key first, then the previous one during a HASH_SECRET rotation. */
export async function decodeCookie(secrets: readonly string[], value: string | undefined): Promise<CookieClick | null> {
  if (!value) return null;
  for (const secret of secrets) {
    const known = peekVerifiedCookie(secret, value);
    if (known) return known;
  }
  if (OLD_FORMAT.test(value)) {
    for (const secret of secrets) {
      const click = await verifyOldFormat(secret, value);
      if (click) return remembered(value, secret, click);
    }
    return null;
  }
  // A token verifies under whichever secret signed it; the entry must name that one for the warm path.
  for (const secret of secrets) {
    const token = await verifyClickToken([secret], value);
    if (token) return remembered(value, secret, { clickId: token.id, code: token.code, issuedAt: token.createdAt });
  }
  return null;
}

function remembered(value: string, secret: string, click: CookieClick): CookieClick {
  remember(value, secret, click);
  return click;
}

/** A cookie this isolate verified before, without awaiting anything (else null). */
export function peekVerifiedCookie(secret: string, value: string | undefined): CookieClick | null {
  if (!value) return null;
  const entry = verified.get(value);
  return entry !== undefined && entry.secret === secret ? entry.click : null;
}

const OLD_FORMAT = /^(clk_[0-9A-Z]{26})\.([A-Z0-9_-]{3,32})\.(\d{13})\.([0-9a-f]{24})$/;

/** The cookie before click tokens: `clk_<26>.CODE.issuedMs` and 24 hex of HMAC-SHA256 over `cookie:` + that. */
async function verifyOldFormat(secret: string, value: string): Promise<CookieClick | null> {
  const [, clickId, code, issued, signature] = OLD_FORMAT.exec(value)!;
  const body = `${clickId}.${code}.${issued}`;
  const expected = (await hmacSha256Hex(secret, `cookie:${body}`)).slice(0, 24);
  // Constant time: `!==` stops at the first differing character, which lets a visitor time their way
  // to a valid signature.
  if (!(await safeEqual(expected, signature!))) return null;
  return { clickId: clickId!, code: code!, issuedAt: Number(issued) };
}

export function setCookieHeader(programId: string, value: string, maxAgeSeconds: number): string {
  return `${cookieName(programId)}=${value}; Max-Age=${maxAgeSeconds}; Path=/; HttpOnly; Secure; SameSite=Lax`;
}
