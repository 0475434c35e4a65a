/** One cookie's value from a Cookie header (RFC 6265 pairs), or undefined when absent. */
export function readCookieFrom(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  // Scans without splitting: this runs on every warm redirect.
  let at = header.indexOf(name);
  while (at >= 0) {
    const end = at + name.length;
    let before = at - 1;
    while (before >= 0 && (header[before] === ' ' || header[before] === '\t')) before--;
    let eq = end;
    while (header[eq] === ' ' || header[eq] === '\t') eq++;
    if ((before < 0 || header[before] === ';') && header[eq] === '=') {
      const stop = header.indexOf(';', eq);
      return header.slice(eq + 1, stop < 0 ? header.length : stop).trim();
    }
    at = header.indexOf(name, end);
  }
  return undefined;
}
