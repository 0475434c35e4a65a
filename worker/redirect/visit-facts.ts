import { hmacSha256Hex } from '../lib/crypto.ts';
import { statsDay } from '../storage/stats-buckets.ts';

/** What we keep about a visit: coarse facts only, and a visitor hash that changes every day. */
export interface VisitFacts {
  country: string | null;
  device: 'mobile' | 'tablet' | 'desktop' | 'other';
  browser: 'chrome' | 'safari' | 'firefox' | 'edge' | 'samsung' | 'opera' | 'other';
  referrer_host: string | null;
}

export function visitFacts(request: Request): VisitFacts {
  const ua = request.headers.get('user-agent') ?? '';
  const cf = (request as Request & { cf?: { country?: string } }).cf;
  let referrerHost: string | null = null;
  try {
    const ref = request.headers.get('referer');
    referrerHost = ref ? new URL(ref).hostname.slice(0, 253) : null;
  } catch {
    referrerHost = null;
  }
  const { device, browser } = agentFacts(ua);
  return {
    country: cf?.country ?? request.headers.get('cf-ipcountry') ?? null,
    device,
    browser,
    referrer_host: referrerHost,
  };
}

// Device and browser per User-Agent: a few hundred strings cover nearly all visitors, and reading one
// is up to ten case-insensitive regexes over ~110 characters on every new visitor's hit. Bounded, in
// entries and in length (a forged 8 KB agent is read, not kept).
const agents = new Map<string, Pick<VisitFacts, 'device' | 'browser'>>();

function agentFacts(ua: string): Pick<VisitFacts, 'device' | 'browser'> {
  let facts = agents.get(ua);
  if (!facts) {
    facts = { device: deviceOf(ua), browser: browserOf(ua) };
    if (ua.length > 512) return facts;
    if (agents.size >= 5000) agents.delete(agents.keys().next().value!);
    agents.set(ua, facts);
  }
  return facts;
}

function deviceOf(ua: string): VisitFacts['device'] {
  if (/iPad|Tablet|Nexus (7|9|10)|SM-T\d/i.test(ua)) return 'tablet';
  if (/Mobi|iPhone|Android/i.test(ua)) return 'mobile';
  return /Windows|Macintosh|X11|CrOS|Linux/i.test(ua) ? 'desktop' : 'other';
}

function browserOf(ua: string): VisitFacts['browser'] {
  if (/SamsungBrowser/i.test(ua)) return 'samsung';
  if (/Edg\//i.test(ua)) return 'edge';
  if (/OPR\/|Opera/i.test(ua)) return 'opera';
  if (/Firefox\/|FxiOS/i.test(ua)) return 'firefox';
  if (/Chrome\/|CriOS/i.test(ua)) return 'chrome';
  return /Safari\//i.test(ua) ? 'safari' : 'other';
}

/**
 * HMAC of IP and User-Agent under a key derived per UTC day: the same visitor matches within a
 * day (deduplication, unique counts), cannot be followed across days, and no raw IP is stored.
 * The day's key (the hex of HMAC(secret, `visitor-day:yyyymmdd`), as before) is imported once per day
 * and secret: a new visitor's hash is one sign, with no date formatting or key lookup of its own.
 */
let dayKey: { dayNumber: number; secret: string; key: Promise<CryptoKey> } | undefined;
const encoder = new TextEncoder();
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

async function importDayKey(secret: string, day: string): Promise<CryptoKey> {
  const raw = encoder.encode(await hmacSha256Hex(secret, `visitor-day:${day}`));
  return crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

/** 32 hex characters (the first 128 bits of the HMAC). */
export async function visitorHash(secret: string, request: Request, now: number): Promise<string> {
  const ip = request.headers.get('cf-connecting-ip') ?? 'unknown';
  const ua = request.headers.get('user-agent') ?? '';
  const dayNumber = Math.floor(now / 86_400_000);
  if (!dayKey || dayKey.dayNumber !== dayNumber || dayKey.secret !== secret)
    dayKey = { dayNumber, secret, key: importDayKey(secret, statsDay(now)) };
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await dayKey.key, encoder.encode(`${ip}\n${ua}`)));
  let out = '';
  for (let i = 0; i < 16; i++) out += HEX[mac[i]!]!;
  return out;
}
