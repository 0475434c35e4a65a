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
  const device = /iPad|Tablet|Nexus (7|9|10)|SM-T\d/i.test(ua)
    ? 'tablet'
    : /Mobi|iPhone|Android/i.test(ua)
      ? 'mobile'
      : /Windows|Macintosh|X11|CrOS|Linux/i.test(ua)
        ? 'desktop'
        : 'other';
  const browser = /SamsungBrowser/i.test(ua)
    ? 'samsung'
    : /Edg\//i.test(ua)
      ? 'edge'
      : /OPR\/|Opera/i.test(ua)
        ? 'opera'
        : /Firefox\/|FxiOS/i.test(ua)
          ? 'firefox'
          : /Chrome\/|CriOS/i.test(ua)
            ? 'chrome'
            : /Safari\//i.test(ua)
              ? 'safari'
              : 'other';
  return {
    country: cf?.country ?? request.headers.get('cf-ipcountry') ?? null,
    device,
    browser,
    referrer_host: referrerHost,
  };
}

/**
 * HMAC of IP and User-Agent under a key derived per UTC day: the same visitor matches within a
 * day (deduplication, unique counts), cannot be followed across days, and no raw IP is stored.
 */
let dayKey: { day: string; secret: string; key: Promise<string> } | undefined;

export async function visitorHash(secret: string, request: Request, now: number): Promise<string> {
  const ip = request.headers.get('cf-connecting-ip') ?? 'unknown';
  const ua = request.headers.get('user-agent') ?? '';
  const day = statsDay(now);
  if (!dayKey || dayKey.day !== day || dayKey.secret !== secret)
    dayKey = { day, secret, key: hmacSha256Hex(secret, `visitor-day:${day}`) };
  return (await hmacSha256Hex(await dayKey.key, `${ip}\n${ua}`)).slice(0, 32);
}
