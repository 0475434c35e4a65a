/**
 * Which hosts a server-side request must never reach: every non-public IPv4/IPv6 range and the
 * names that resolve inside a network. It classifies host names as the WHATWG URL parser leaves
 * them (`new URL(x).hostname`), which has already turned every IPv4 spelling (2130706433,
 * 0177.0.0.1, 0x7f.1, 127.1, full-width digits) into dotted decimal and every IPv6 into its
 * compressed bracketed form; other spellings are parsed here too, so a caller cannot get it wrong.
 */
export type InternalReason =
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'cgnat'
  | 'multicast'
  | 'reserved'
  | 'local_name';

export type HostClass = { kind: 'public' } | { kind: 'internal'; reason: InternalReason };

type Range = readonly [prefix: readonly number[], bits: number, reason: InternalReason];

// IANA IPv4 special-purpose registry: everything here is unreachable or unsafe from a server.
const IPV4_RANGES: readonly Range[] = [
  [[0], 8, 'unspecified'],
  [[10], 8, 'private'],
  [[100, 64], 10, 'cgnat'],
  [[127], 8, 'loopback'],
  [[169, 254], 16, 'link_local'],
  [[172, 16], 12, 'private'],
  [[192, 0, 0], 24, 'reserved'],
  [[192, 0, 2], 24, 'reserved'],
  [[192, 88, 99], 24, 'reserved'],
  [[192, 168], 16, 'private'],
  [[198, 18], 15, 'reserved'],
  [[198, 51, 100], 24, 'reserved'],
  [[203, 0, 113], 24, 'reserved'],
  [[224], 4, 'multicast'],
  [[240], 4, 'reserved'],
];

// IPv6 as 16 bytes. Only 2000::/3 is global unicast; inside it, these blocks are not public
// (NAT64, Teredo and 6to4 embed an IPv4 address that may well be private).
const IPV6_RANGES: readonly Range[] = [
  [[0x00, 0x64, 0xff, 0x9b], 32, 'reserved'], // 64:ff9b::/96 and 64:ff9b:1::/48, NAT64
  [[0x01, 0x00], 16, 'reserved'], // 100::/64 discard-only, in an unassigned /16
  [[0x20, 0x01, 0x00], 23, 'reserved'], // 2001::/23 IETF protocol assignments, Teredo
  [[0x20, 0x01, 0x0d, 0xb8], 32, 'reserved'], // documentation
  [[0x20, 0x02], 16, 'reserved'], // 6to4
  [[0x3f, 0xff], 20, 'reserved'], // documentation (RFC 9637)
  [[0xfc], 7, 'private'], // unique local
  [[0xfe, 0x80], 10, 'link_local'],
  [[0xfe, 0xc0], 10, 'private'], // site-local, deprecated
  [[0xff], 8, 'multicast'],
];

function inRange(bytes: readonly number[], [prefix, bits]: Range): boolean {
  for (let i = 0; i * 8 < bits; i++) {
    const mask = bits - i * 8 >= 8 ? 0xff : (0xff << (8 - (bits - i * 8))) & 0xff;
    if (((bytes[i] ?? 0) & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}

function classifyBytes(bytes: readonly number[], ranges: readonly Range[]): HostClass {
  const hit = ranges.find((range) => inRange(bytes, range));
  return hit ? { kind: 'internal', reason: hit[2] } : { kind: 'public' };
}

/** `a.b.c.d` in plain decimal (as the URL parser serialises it) -> 4 bytes; else null. */
function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255)) return null;
  return parts.map(Number);
}

/** An IPv6 address (with or without brackets, `::` and a dotted IPv4 tail) -> 16 bytes; else null. */
export function parseIpv6(text: string): number[] | null {
  const bare = text.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (!/^[0-9a-f:.]+$/.test(bare) || bare.split('::').length > 2) return null;
  const groupsOf = (part: string): number[] | null => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (const [i, piece] of pieces.entries()) {
      const v4 = i === pieces.length - 1 && piece.includes('.') ? parseIpv4(piece) : null;
      if (v4) out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      else if (/^[0-9a-f]{1,4}$/.test(piece)) out.push(parseInt(piece, 16));
      else return null;
    }
    return out;
  };
  const [head, tail] = bare.split('::') as [string, string | undefined];
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  if (!left || !right) return null;
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const groups = [...left, ...Array<number>(tail === undefined ? 0 : missing).fill(0), ...right];
  return groups.flatMap((g) => [g >> 8, g & 0xff]);
}

function classifyIpv4(bytes: readonly number[]): HostClass {
  return classifyBytes(bytes, IPV4_RANGES);
}

function classifyIpv6(bytes: readonly number[]): HostClass {
  const head = bytes.slice(0, 10);
  const zeros = head.every((b) => b === 0);
  // ::ffff:a.b.c.d (mapped) is the IPv4 address itself; ::a.b.c.d (compatible, deprecated) too.
  if (zeros && bytes[10] === 0xff && bytes[11] === 0xff) return classifyIpv4(bytes.slice(12));
  if (zeros && bytes[10] === 0 && bytes[11] === 0) {
    const last = bytes.slice(12);
    if (last.every((b) => b === 0)) return { kind: 'internal', reason: 'unspecified' };
    if (last.slice(0, 3).every((b) => b === 0) && last[3] === 1) return { kind: 'internal', reason: 'loopback' };
    return { kind: 'internal', reason: 'reserved' };
  }
  if ((bytes[0]! & 0xe0) !== 0x20) {
    const special = classifyBytes(bytes, IPV6_RANGES);
    return special.kind === 'internal' ? special : { kind: 'internal', reason: 'reserved' };
  }
  return classifyBytes(bytes, IPV6_RANGES);
}

// Names that resolve on the local machine or network (RFC 6761, 6762 appendix G, 8375, 9476
// and the usual hosts-file entries), never on the public internet.
const LOCAL_NAMES = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback', 'broadcasthost']);
const LOCAL_SUFFIXES = [
  ...['localhost', 'local', 'localdomain', 'internal', 'intranet', 'private', 'corp', 'home', 'lan'],
  ...['home.arpa', 'alt', 'test', 'invalid', 'arpa'],
];

function isLocalName(name: string): boolean {
  if (LOCAL_NAMES.has(name) || !name.includes('.')) return true; // single labels go through search domains
  return LOCAL_SUFFIXES.some((suffix) => name === suffix || name.endsWith(`.${suffix}`));
}

/**
 * A host name as `URL.hostname` gives it (IPv6 in brackets) -> public, or internal and why.
 * Trailing dots (`localhost.`) are the same name.
 */
export function classifyHost(hostname: string): HostClass {
  const name = hostname.toLowerCase().replace(/\.+$/, '');
  if (name.startsWith('[')) {
    const v6 = parseIpv6(name);
    return v6 ? classifyIpv6(v6) : { kind: 'internal', reason: 'reserved' };
  }
  const v4 = parseIpv4(name);
  if (v4) return classifyIpv4(v4);
  // Numeric but not canonical dotted decimal: only a caller that skipped the URL parser sends these.
  if (/^[0-9.]+$/.test(name) || /^0x/i.test(name)) return { kind: 'internal', reason: 'reserved' };
  return isLocalName(name) ? { kind: 'internal', reason: 'local_name' } : { kind: 'public' };
}
