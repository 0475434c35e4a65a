/**
 * URL rules shared by every surface. Origins and hosts are compared only after WHATWG URL
 * parsing (which applies IDNA, lower-cases, and canonicalises IP forms), never as raw text.
 */
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

export function isLocalHost(hostname: string): boolean {
  return LOCAL_HOSTS.has(hostname) || hostname.endsWith('.localhost');
}

function parse(value: string): URL | null {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a URL with a control character is refused, not parsed
  if (value.length > 2048 || /[\u0000-\u001F\u007F\\]/.test(value)) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

/**
 * `https://shop.example` (or http for localhost, for local development) -> its canonical origin;
 * anything with a path, query, credentials or another scheme -> null.
 */
export function normalizeOrigin(value: string): string | null {
  const url = parse(value);
  if (!url || url.username || url.password || url.search || url.hash) return null;
  if (url.pathname !== '/' || !/^[a-z][a-z0-9+.-]*:\/\/[^/]+\/?$/i.test(value)) return null;
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocalHost(url.hostname))) return null;
  return url.origin;
}

/** `Shop.Example.` or `bücher.example` -> canonical host name (punycode, lower case, no dot); else null. */
export function normalizeHost(value: string): string | null {
  if (!/^[^\s/\\@?#:]+(:\d{1,5})?$/.test(value)) return null;
  const url = parse(`https://${value}`);
  if (!url || url.username || url.password || url.pathname !== '/') return null;
  const host = url.hostname.replace(/\.$/, '');
  if (!host || host.includes('..')) return null;
  return url.port ? `${host}:${url.port}` : host;
}

/**
 * Host (with port when not the default) of a URL as the allow-list stores it. A trailing dot is
 * kept: `shop.example.` is not `shop.example` on the allow-list (no host games of any kind).
 */
export function hostOf(url: URL): string {
  return url.port ? `${url.hostname}:${url.port}` : url.hostname;
}

export interface DestinationCheck {
  ok: boolean;
  url?: URL;
  reason?: 'invalid_url' | 'scheme_not_allowed' | 'host_not_allowed' | 'credentials_not_allowed';
}

/**
 * A destination is acceptable when it parses, is https (http only for localhost in test mode),
 * carries no credentials, and its host is on the merchant's allow-list.
 */
export function checkDestination(
  value: string,
  allowedHosts: readonly string[],
  options: { testMode: boolean },
): DestinationCheck {
  const url = parse(value);
  if (!url) return { ok: false, reason: 'invalid_url' };
  const localHttp = url.protocol === 'http:' && options.testMode && isLocalHost(url.hostname);
  if (url.protocol !== 'https:' && !localHttp) return { ok: false, reason: 'scheme_not_allowed' };
  if (url.username || url.password) return { ok: false, reason: 'credentials_not_allowed' };
  if (!allowedHosts.includes(hostOf(url))) return { ok: false, reason: 'host_not_allowed' };
  return { ok: true, url };
}
