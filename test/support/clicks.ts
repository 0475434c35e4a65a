import type { Bridge } from './redis.ts';

/** Waits until the bridge has been quiet for `quietMs` (work after the response has finished). */
export async function settle(bridge: Bridge, quietMs = 300, timeoutMs = 8000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = -1;
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    const now = bridge.server.stats().http_requests;
    if (now !== last) {
      last = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= quietMs) {
      return;
    }
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A desktop Chrome's user agent: what a person's browser sends (no agent at all is filtered as a bot). */
export const BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/153.0.0.0 Safari/537.36';

/** A browser-like visitor: its own address and agent, and a cookie jar for the link domain. */
export function visitor(ip: string, ua = BROWSER_UA) {
  const jar = new Map<string, string>();
  return {
    headers(extra: Record<string, string> = {}): Record<string, string> {
      const cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
      return {
        'User-Agent': ua,
        'CF-Connecting-IP': ip,
        'Accept-Language': 'en',
        ...(cookie ? { Cookie: cookie } : {}),
        ...extra,
      };
    },
    remember(res: Response) {
      for (const line of res.headers.getSetCookie()) {
        const [pair] = line.split(';');
        const eq = pair!.indexOf('=');
        jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
      }
    },
    jar,
  };
}
