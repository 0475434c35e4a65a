import { randomChars } from '../lib/crypto.ts';

/**
 * Console credentials: `csl_` links (single use, 15 min) and `cst_` session tokens (8 h).
 * 43 base62 characters carry 256 bits: guessing is hopeless, so no checksum is needed to spare
 * Redis; the shape alone is checked before any lookup.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const LENGTH = 43;

export const LINK_TTL_MS = 15 * 60_000;
export const SESSION_TTL_MS = 8 * 3_600_000;

const LINK = /^csl_[0-9A-Za-z]{43}$/;
const SESSION = /^cst_[0-9A-Za-z]{43}$/;

export const newLinkToken = () => `csl_${randomChars(BASE62, LENGTH)}`;
export const newSessionToken = () => `cst_${randomChars(BASE62, LENGTH)}`;
export const isLinkToken = (value: string) => LINK.test(value);
export const isSessionToken = (value: string) => SESSION.test(value);
/** A bearer meant as a console session (well-formed or not): never mistaken for an API key. */
export const looksLikeSession = (value: string) => value.startsWith('cst_');
