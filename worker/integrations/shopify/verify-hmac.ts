import { safeEqual } from '../../lib/crypto.ts';

const encoder = new TextEncoder();
// The header is the base64 of 32 bytes (44 characters); anything much longer is not Shopify's.
const MAX_HEADER_LENGTH = 128;

/**
 * Checks `X-Shopify-Hmac-Sha256` as Shopify specifies: the base64 HMAC-SHA256 of the raw request
 * body (before any parsing) keyed with the app's API secret (client secret). Compared in constant time.
 */
export async function verifyShopifyHmac(header: string | undefined, rawBody: string, secret: string): Promise<boolean> {
  if (!header || header.length > MAX_HEADER_LENGTH) return false;
  const key = await crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(rawBody)));
  return safeEqual(btoa(String.fromCharCode(...mac)), header.trim());
}
