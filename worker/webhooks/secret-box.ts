import { type HashSecretEnv, hashSecret, hashSecrets } from '../lib/hash-secret.ts';

/**
 * Signing secrets at rest. They cannot be hashed (every delivery is signed with them), so they are
 * stored encrypted with AES-GCM under a key derived from HASH_SECRET (HKDF-SHA-256), bound to
 * their endpoint (additional data): a stolen Redis dump alone signs nothing, and a box copied to
 * another endpoint does not open. New boxes are sealed under HASH_SECRET; during a rotation boxes
 * sealed under HASH_SECRET_PREVIOUS still open (see docs/SECURITY.md).
 */
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function boxKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), 'HKDF', false, ['deriveKey']).then((base) =>
      crypto.subtle.deriveKey(
        {
          name: 'HKDF',
          hash: 'SHA-256',
          salt: encoder.encode('vouch'),
          info: encoder.encode('webhook-signing-secret-v1'),
        },
        base,
        { name: 'AES-GCM', length: 256 },
        false,
        ['encrypt', 'decrypt'],
      ),
    );
    if (keys.size >= 4) keys.delete(keys.keys().next().value!);
    keys.set(secret, key);
  }
  return key;
}

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function fromBase64(value: string): Uint8Array<ArrayBuffer> {
  const binary = atob(value);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** A new Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${toBase64(crypto.getRandomValues(new Uint8Array(32)))}`;
}

/** `v1.{iv}.{ciphertext}` (base64), sealed for one endpoint (`binding`). */
export async function sealSecret(env: HashSecretEnv, secret: string, binding: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const params = { name: 'AES-GCM', iv, additionalData: encoder.encode(binding) };
  const sealed = await crypto.subtle.encrypt(params, await boxKey(hashSecret(env)), encoder.encode(secret));
  return `v1.${toBase64(iv)}.${toBase64(new Uint8Array(sealed))}`;
}

/** Opens a box sealed under the current secret or, during a rotation, the previous one. */
export async function openSecret(env: HashSecretEnv, box: string, binding: string): Promise<string> {
  const [version, iv, sealed] = box.split('.');
  if (version !== 'v1' || !iv || !sealed) throw new Error('unknown secret box format');
  const params = { name: 'AES-GCM', iv: fromBase64(iv), additionalData: encoder.encode(binding) };
  let failure: unknown;
  for (const secret of hashSecrets(env)) {
    try {
      return new TextDecoder().decode(await crypto.subtle.decrypt(params, await boxKey(secret), fromBase64(sealed)));
    } catch (err) {
      // AES-GCM refuses a wrong key: the box may be from before the rotation.
      failure = err;
    }
  }
  throw failure;
}
