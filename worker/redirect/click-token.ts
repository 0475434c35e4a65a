import type * as z from 'zod';
import { AD_CLICK_IDS } from '../../shared/core/assess-risk.ts';
import { CROCKFORD, isId, isStoredClickId } from '../../shared/ids.ts';
import type { ClickTrigger as Triggers } from '../../shared/schemas/click.ts';
import type { Tenant } from '../tenant.ts';
import { fromBase64Url, toBase64Url } from './base64url.ts';

/**
 * A click id that carries its own click: `clk_` + base64url(payload) + `.` + base64url(signature).
 * Attribution and the fraud signals read it without a stored record (so a conversion reported a
 * second after the click attributes while the queue consumer counts the click up to a minute later),
 * and it is the visitor's cookie too. The payload is binary and versioned (byte 0):
 *
 *   0 version (1) | 1-6 created ms | 7-8 window days | 9 flags (bit 0 live, bits 1-2 trigger, bits 3-5
 *   which ids are packed) | 10-11 ad-click ids present (bit i = AD_CLICK_IDS[i]) | 12-27 visitor hash |
 *   28-33 random | merchant, program, advocate ids | code (length byte + ASCII)
 *
 * A generated id (`mer_` + 26 Crockford characters) packs into 17 bytes; any other is a length byte
 * and its UTF-8. A generated token is about 150 characters: within Stripe's 200 of client_reference_id.
 * The signature is HMAC-SHA256 under a key derived from HASH_SECRET for this use alone ("click-token"),
 * truncated to 128 bits; it also binds the tenant (merchant and mode), so another merchant's token
 * never verifies as theirs.
 */
export interface ClickToken {
  /** The whole token: the click id. */
  id: string;
  createdAt: number;
  windowDays: number;
  mode: Tenant['mode'];
  merchantId: string;
  programId: string;
  advocateId: string;
  code: string;
  /** The daily visitor hash, 32 hex characters. */
  visitor: string;
  trigger: ClickTrigger;
  /** The ad networks' click ids the landing URL had (names from AD_CLICK_IDS). */
  adClickIds: string[];
}

export type ClickTokenInput = Omit<ClickToken, 'id'>;
type ClickTrigger = z.infer<typeof Triggers>;

const VERSION = 1;
const PREFIX = 'clk_';
const SIGNATURE_BYTES = 16;
const RANDOM_BYTES = 6;
const FIXED = 34;
const TRIGGERS: readonly ClickTrigger[] = ['link', 'qr', 'deep_link'];
const ID_PREFIXES = ['mer_', 'prog_', 'adv_'] as const;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

// Imported signing keys per secret: deriving and importing costs more than signing, and the secrets
// are one or two per isolate (HASH_SECRET, HASH_SECRET_PREVIOUS during a rotation).
const keys = new Map<string, Promise<CryptoKey>>();

function tokenKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (!key) {
    key = deriveKey(secret);
    if (keys.size >= 8) keys.delete(keys.keys().next().value!);
    keys.set(secret, key);
  }
  return key;
}

async function deriveKey(secret: string): Promise<CryptoKey> {
  const hmac = { name: 'HMAC', hash: 'SHA-256' } as const;
  const root = await crypto.subtle.importKey('raw', encoder.encode(secret), hmac, false, ['sign']);
  const derived = await crypto.subtle.sign('HMAC', root, encoder.encode('click-token'));
  return crypto.subtle.importKey('raw', derived, hmac, false, ['sign']);
}

async function signature(secret: string, payload: Uint8Array<ArrayBuffer>): Promise<Uint8Array> {
  const mac = await crypto.subtle.sign('HMAC', await tokenKey(secret), payload);
  return new Uint8Array(mac, 0, SIGNATURE_BYTES);
}

/** The signed token of a click (one HMAC once the key is imported). */
export async function signClickToken(secret: string, click: ClickTokenInput): Promise<string> {
  const payload = encodePayload(click);
  const token = `${PREFIX}${toBase64Url(payload)}.${toBase64Url(await signature(secret, payload))}`;
  // Hand-made ids long enough to pass the bound would make an id no schema accepts: refused, not cut.
  if (!looksLikeClickToken(token)) throw new RangeError('click token too long');
  return token;
}

/** A token's shape (shared/ids.ts: bounded length), not whether it verifies. */
function looksLikeClickToken(value: string): boolean {
  return isId('click', value) && !isStoredClickId(value);
}

/**
 * The click a token carries when one of `secrets` signed it (the current key first, then the previous
 * one during a rotation), else null. Expiry is the caller's: a token stays readable after its window.
 */
export async function verifyClickToken(secrets: readonly string[], value: string): Promise<ClickToken | null> {
  if (!looksLikeClickToken(value)) return null;
  const dot = value.lastIndexOf('.');
  const payload = fromBase64Url(value.slice(PREFIX.length, dot));
  const given = fromBase64Url(value.slice(dot + 1));
  if (!payload || !given || given.length !== SIGNATURE_BYTES || payload[0] !== VERSION) return null;
  for (const secret of secrets) {
    if (sameBytes(await signature(secret, payload), given)) return decodePayload(value, payload);
  }
  return null;
}

/** Constant time for equal lengths (always 16 here): no early exit at the first differing byte. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** When the click's attribution window ends (ms). */
export function tokenExpiry(token: Pick<ClickToken, 'createdAt' | 'windowDays'>): number {
  return token.createdAt + token.windowDays * 86400_000;
}

function adClickMask(names: Iterable<string>): number {
  let mask = 0;
  for (const name of names) {
    const i = AD_CLICK_IDS.indexOf(name.toLowerCase() as (typeof AD_CLICK_IDS)[number]);
    if (i >= 0) mask |= 1 << i;
  }
  return mask;
}

// The payload is written into one scratch buffer and copied out at its length: profiling the new visitor's
// hit in workerd showed the token costing several times its HMAC when built from per-id arrays and maps.
const scratch = new Uint8Array(FIXED + 3 * 256 + 256);
const scratchView = new DataView(scratch.buffer);

function encodePayload(click: ClickTokenInput): Uint8Array<ArrayBuffer> {
  const out = scratch;
  out[0] = VERSION;
  scratchView.setUint16(1, Math.floor(click.createdAt / 2 ** 32));
  scratchView.setUint32(3, click.createdAt >>> 0);
  scratchView.setUint16(7, click.windowDays);
  scratchView.setUint16(10, adClickMask(click.adClickIds));
  for (let i = 0; i < 16; i++) out[12 + i] = (hexValue(click.visitor, i * 2) << 4) | hexValue(click.visitor, i * 2 + 1);
  randomInto(out, 28, RANDOM_BYTES);
  let at = FIXED;
  let packed = 0;
  const ids = [click.merchantId, click.programId, click.advocateId];
  for (let i = 0; i < 3; i++) {
    const next = packId(ID_PREFIXES[i]!, ids[i]!, out, at);
    if (next > 0) packed |= 8 << i;
    at = next > 0 ? next : writeString(ids[i]!, out, at, 'id');
  }
  out[9] = (click.mode === 'live' ? 1 : 0) | (TRIGGERS.indexOf(click.trigger) << 1) | packed;
  at = writeString(click.code, out, at, 'code');
  return out.slice(0, at);
}

const HEX_VALUES = new Int8Array(128).fill(0);
for (let i = 0; i < 16; i++) {
  HEX_VALUES['0123456789abcdef'.charCodeAt(i)] = i;
  HEX_VALUES['0123456789ABCDEF'.charCodeAt(i)] = i;
}
const hexValue = (hex: string, at: number) => HEX_VALUES[hex.charCodeAt(at) & 127]!;

/** A length byte and the UTF-8; returns where the next field starts. */
function writeString(value: string, out: Uint8Array, at: number, what: string): number {
  const { read, written } = encoder.encodeInto(value, out.subarray(at + 1, at + 256));
  if (read !== value.length) throw new RangeError(`${what} too long for a click token`);
  out[at] = written;
  return at + 1 + written;
}

// Random bytes drawn 4 KiB at a time: one getRandomValues per ~680 clicks instead of one per click.
const pool = new Uint8Array(4096);
let poolAt = pool.length;

function randomInto(out: Uint8Array, at: number, length: number): void {
  if (poolAt + length > pool.length) {
    crypto.getRandomValues(pool);
    poolAt = 0;
  }
  out.set(pool.subarray(poolAt, poolAt + length), at);
  poolAt += length;
}

function decodePayload(id: string, p: Uint8Array): ClickToken | null {
  if (p.length < FIXED + 4) return null;
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const flags = p[9]!;
  const trigger = TRIGGERS[(flags >> 1) & 3];
  if (!trigger) return null;
  let at = FIXED;
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const read = (flags & (8 << i)) !== 0 ? unpackId(ID_PREFIXES[i]!, p, at) : readString(p, at);
    if (!read) return null;
    ids.push(read.value);
    at = read.next;
  }
  const code = readString(p, at);
  if (!code || code.next !== p.length) return null;
  const mask = view.getUint16(10);
  let visitor = '';
  for (let i = 12; i < 28; i++) visitor += p[i]!.toString(16).padStart(2, '0');
  return {
    id,
    createdAt: view.getUint16(1) * 2 ** 32 + view.getUint32(3),
    windowDays: view.getUint16(7),
    mode: (flags & 1) === 1 ? 'live' : 'test',
    merchantId: ids[0]!,
    programId: ids[1]!,
    advocateId: ids[2]!,
    code: code.value,
    visitor,
    trigger,
    adClickIds: AD_CLICK_IDS.filter((_, i) => (mask & (1 << i)) !== 0),
  };
}

function readString(p: Uint8Array, at: number): { value: string; next: number } | null {
  const length = p[at];
  if (length === undefined || at + 1 + length > p.length) return null;
  return { value: decoder.decode(p.subarray(at + 1, at + 1 + length)), next: at + 1 + length };
}

const ID_BODY_CHARS = 26;
const PACKED_ID_BYTES = 17; // 26 characters of 5 bits: 130 bits
const CROCKFORD_VALUES = new Int8Array(128).fill(-1);
for (let i = 0; i < CROCKFORD.length; i++) CROCKFORD_VALUES[CROCKFORD.charCodeAt(i)] = i;

/**
 * A generated id's 26 characters as 130 bits (big-endian, 6 bits of padding) at `at`; returns where the
 * next field starts, or 0 when the id is of another shape (then written as a string).
 */
function packId(prefix: string, id: string, out: Uint8Array, at: number): number {
  if (id.length !== prefix.length + ID_BODY_CHARS || !id.startsWith(prefix)) return 0;
  let acc = 0;
  let bits = 0;
  let o = at;
  for (let i = prefix.length; i < id.length; i++) {
    const code = id.charCodeAt(i);
    const value = code < 128 ? CROCKFORD_VALUES[code]! : -1;
    if (value < 0) return 0;
    acc = ((acc << 5) | value) & 0x1fff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  out[o++] = (acc << (8 - bits)) & 255;
  return o;
}

function unpackId(prefix: string, p: Uint8Array, at: number): { value: string; next: number } | null {
  if (at + PACKED_ID_BYTES > p.length) return null;
  let body = '';
  for (let i = 0; i < ID_BODY_CHARS; i++) {
    let value = 0;
    for (let b = 0; b < 5; b++) {
      const bit = i * 5 + b;
      value = (value << 1) | ((p[at + (bit >> 3)]! >> (7 - (bit & 7))) & 1);
    }
    body += CROCKFORD[value];
  }
  return { value: prefix + body, next: at + PACKED_ID_BYTES };
}
