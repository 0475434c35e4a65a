/**
 * Matching a page against a merchant's `sites` and turning sites into match patterns.
 *
 * A site is either an origin (`https://shop.example`, from the merchant's allowed widget origins) or
 * a host with an optional port (`shop.example`, `localhost:8788`, from its destination hosts), and
 * may start with `*.` for subdomains. Pure (no browser globals): wxt.config.ts imports it too.
 */

interface SitePattern {
  scheme: string | null; // null: http or https
  host: string; // without port; may start with '*.'
  port: string | null; // null: the scheme's default port (origin form) or any port (host form)
  anyPort: boolean;
}

function parseSite(site: string): SitePattern | null {
  const s = site.trim().toLowerCase().replace(/\/+$/, '');
  if (!s) return null;
  const m = /^(?:(https?):\/\/)?(\*\.)?([a-z0-9.-]+|\[[0-9a-f:]+\])(?::(\d{1,5}))?$/.exec(s);
  if (!m) return null;
  const [, scheme, wildcard, host, port] = m;
  return { scheme: scheme ?? null, host: (wildcard ?? '') + host!, port: port ?? null, anyPort: !scheme && !port };
}

const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** Does this page URL belong to one of the sites? Only http(s) pages can. */
export function matchesSites(pageUrl: string | URL, sites: readonly string[]): boolean {
  let url: URL;
  try {
    url = new URL(pageUrl);
  } catch {
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname.toLowerCase();
  const port = url.port || DEFAULT_PORT[url.protocol]!;
  return sites.some((site) => {
    const p = parseSite(site);
    if (!p) return false;
    if (p.scheme && `${p.scheme}:` !== url.protocol) return false;
    const hostOk = p.host.startsWith('*.')
      ? host === p.host.slice(2) || host.endsWith(p.host.slice(1))
      : host === p.host;
    if (!hostOk) return false;
    if (p.anyPort) return true;
    return (p.port ?? (p.scheme ? DEFAULT_PORT[`${p.scheme}:`]! : port)) === port;
  });
}

/**
 * Match patterns for optional host permissions (and the pair page's content script). Firefox match
 * patterns cannot carry a port (Firefox bugs 1362809, 1468162), so there the pattern covers every
 * port of the host; Chrome keeps it exact.
 */
export function sitePatterns(sites: readonly string[], browser: 'chrome' | 'firefox', path = '/*'): string[] {
  const out = new Set<string>();
  for (const site of sites) {
    const p = parseSite(site);
    if (!p) continue;
    const port = p.port && browser === 'chrome' ? `:${p.port}` : '';
    for (const scheme of p.scheme ? [p.scheme] : ['https', 'http']) out.add(`${scheme}://${p.host}${port}${path}`);
  }
  return [...out];
}
