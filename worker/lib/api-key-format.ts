import { randomChars, sha256Hex } from './crypto.ts';

/**
 * API keys: `sk_test_` / `sk_live_` / `pk_test_` / `pk_live_`, then 32 base62 characters of
 * randomness (190 bits) and a 6-character checksum. The checksum lets us reject typos and
 * garbage without touching Redis.
 */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const FORMAT = /^(sk|pk)_(test|live)_([0-9A-Za-z]{32})([0-9A-Za-z]{6})$/;

export type KeyType = 'secret' | 'publishable';
export type Mode = 'test' | 'live';

export interface ParsedKey {
  type: KeyType;
  mode: Mode;
  key: string;
}

async function checksum(prefix: string, body: string): Promise<string> {
  const hex = await sha256Hex(`${prefix}${body}`);
  let n = BigInt(`0x${hex.slice(0, 12)}`);
  let out = '';
  for (let i = 0; i < 6; i++) {
    out = BASE62[Number(n % 62n)] + out;
    n /= 62n;
  }
  return out;
}

export async function generateKey(type: KeyType, mode: Mode): Promise<string> {
  const prefix = `${type === 'secret' ? 'sk' : 'pk'}_${mode}_`;
  const body = randomChars(BASE62, 32);
  return `${prefix}${body}${await checksum(prefix, body)}`;
}

/** The key's type and mode when it is well-formed with a valid checksum, else null. */
export async function parseKey(value: string): Promise<ParsedKey | null> {
  const match = FORMAT.exec(value);
  if (!match) return null;
  const [, kind, mode, body, sum] = match;
  const prefix = `${kind}_${mode}_`;
  if ((await checksum(prefix, body!)) !== sum) return null;
  return { type: kind === 'sk' ? 'secret' : 'publishable', mode: mode as Mode, key: value };
}
