import { toBase64 } from '../webhooks/secret-box.ts';

/** `{prefix}` + 32 random bytes in base64url (256 bits: unguessable, safe in URLs and headers). */
export function randomToken(prefix: string): string {
  return (
    prefix +
    toBase64(crypto.getRandomValues(new Uint8Array(32)))
      .replace(/\+/g, '-')
      .replace(/\//g, '_')
      .replace(/=+$/, '')
  );
}
