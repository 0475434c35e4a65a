import { parseCode } from '../../shared/codes.ts';
import type { Recognition } from '../../shared/schemas/extension.ts';
import type { Redis } from '../storage/client.ts';
import { linkView } from '../redirect/resolve-link.ts';
import type { CodeRecord } from '../storage/advocates.ts';
import { redisKeys, type Tenant } from '../storage/redis-keys.ts';

type Result = Recognition['results'][number];

/** What a candidate could be: codes to look up, each maybe only valid on a merchant's link domain. */
export interface Reading {
  code: string;
  /** A `https://{host}/{code}` link: the code counts only when `host` is its merchant's link domain. */
  linkHost?: string;
}

const SCHEME = /^https?:\/\//i;
// `shop.example/r/ALICE` as printed in text, without a scheme.
const BARE_URL = /^[a-z0-9.-]+\.[a-z]{2,}(:\d+)?\//i;

function segment(value: string | undefined): string | null {
  if (!value) return null;
  try {
    return parseCode(decodeURIComponent(value));
  } catch {
    return null;
  }
}

/**
 * The codes a candidate may stand for: a plain code; `/r/{code}[/deep/path]` on this Worker's
 * origins; a `?ref=` or `?via=` code (what the redirect appends, and other platforms' links); or
 * `/{code}[/…]` on some other host, which counts only if that host is a merchant's link domain.
 */
export function readCandidate(candidate: string, ownOrigins: readonly string[]): Reading[] {
  const text = candidate.trim();
  if (!SCHEME.test(text) && !BARE_URL.test(text)) {
    const code = parseCode(text);
    return code ? [{ code }] : [];
  }
  let url: URL;
  try {
    url = new URL(SCHEME.test(text) ? text : `https://${text}`);
  } catch {
    return [];
  }
  const [first, second] = url.pathname.split('/').slice(1);
  const own = ownOrigins.includes(url.origin);
  const out: Reading[] = [];
  if (own && first === 'r') {
    const code = segment(second);
    if (code) out.push({ code });
  }
  for (const param of ['ref', 'via']) {
    const code = segment(url.searchParams.get(param) ?? undefined);
    if (code) out.push({ code });
  }
  if (!own) {
    const code = segment(first);
    if (code) out.push({ code, linkHost: url.host.toLowerCase() });
  }
  return out;
}

const UNRECOGNIZED = {
  recognized: false,
  code: null,
  merchant_name: null,
  program_name: null,
  referee_offer: null,
} as const;

/**
 * Two round trips whatever the number of candidates (one when nothing matches): one MGET of every
 * code record and link-domain owner, then one MGET of the programs, advocates and merchants those
 * records name. A code is recognized only when its link works now (the redirect's own rules); the
 * advocate behind it is never named.
 */
export async function recognizeCodes(
  redis: Redis,
  candidates: string[],
  ownOrigins: readonly string[],
  now = Date.now(),
): Promise<Recognition> {
  const readings = candidates.map((c) => readCandidate(c, ownOrigins));
  const keys = [
    ...new Set(
      readings.flatMap((rs) =>
        rs.flatMap((r) => [redisKeys.code(r.code), ...(r.linkHost ? [redisKeys.linkDomain(r.linkHost)] : [])]),
      ),
    ),
  ];
  const first = keys.length ? ((await redis.mget<(string | null)[]>(...keys)) as (string | null)[]) : [];
  const found = new Map(keys.map((k, i) => [k, first[i] ?? null]));

  // The records each found code needs, keyed by code.
  const records = new Map<string, CodeRecord>();
  for (const r of readings.flat()) {
    const raw = found.get(redisKeys.code(r.code));
    if (raw && !records.has(r.code)) records.set(r.code, JSON.parse(raw) as CodeRecord);
  }
  const secondKeys = [
    ...new Set(
      [...records.values()].flatMap((rec) => {
        const t: Tenant = { merchantId: rec.merchant_id, mode: rec.mode };
        return [
          redisKeys.program(t, rec.program_id),
          redisKeys.advocate(t, rec.advocate_id),
          redisKeys.merchant(rec.merchant_id),
        ];
      }),
    ),
  ];
  const second = secondKeys.length ? ((await redis.mget<(string | null)[]>(...secondKeys)) as (string | null)[]) : [];
  const got = new Map(secondKeys.map((k, i) => [k, second[i] ?? '']));

  const results = candidates.map((candidate, i): Result => {
    for (const r of readings[i]!) {
      const rec = records.get(r.code);
      if (!rec) continue;
      if (r.linkHost && found.get(redisKeys.linkDomain(r.linkHost)) !== rec.merchant_id) continue;
      const t: Tenant = { merchantId: rec.merchant_id, mode: rec.mode };
      const view = linkView(
        r.code,
        [
          found.get(redisKeys.code(r.code))!,
          got.get(redisKeys.program(t, rec.program_id)) ?? '',
          got.get(redisKeys.advocate(t, rec.advocate_id)) ?? '',
          got.get(redisKeys.merchant(rec.merchant_id)) ?? '',
        ],
        now,
      );
      if (view.kind === 'live')
        return {
          candidate,
          recognized: true,
          code: view.code,
          merchant_name: view.merchantName,
          program_name: view.programName,
          referee_offer: view.offer,
        };
    }
    return { candidate, ...UNRECOGNIZED };
  });
  return { object: 'recognition', results };
}
