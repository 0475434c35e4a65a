import { parseCode } from '../../shared/codes.ts';
import type { Recognition } from '../../shared/schemas/extension.ts';
import { linkView } from '../redirect/resolve-link.ts';
import { type CodeReading, codeRecognitionStore } from '../storage/code-recognition.ts';
import type { StoreEnv } from '../storage/store.ts';

type Result = Recognition['results'][number];

/** What a candidate could be: codes to look up, each maybe only valid on a merchant's link domain. */
export type Reading = CodeReading;

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
 * Two round trips whatever the number of candidates (one when nothing matches): the store reads
 * every code and link-domain owner, then the records they name. A code is recognized only when its
 * link works now (the redirect's own rules); the advocate behind it is never named.
 */
export async function recognizeCodes(
  env: StoreEnv,
  candidates: string[],
  ownOrigins: readonly string[],
  now = Date.now(),
): Promise<Recognition> {
  const readings = candidates.map((c) => readCandidate(c, ownOrigins));
  const links = await codeRecognitionStore(env).links(readings.flat());
  let next = 0;
  const results = candidates.map((candidate, i): Result => {
    let live: Result | null = null;
    for (const r of readings[i]!) {
      const view = linkView(r.code, links[next++] ?? null, now);
      if (!live && view.kind === 'live')
        live = {
          candidate,
          recognized: true,
          code: view.code,
          merchant_name: view.merchantName,
          program_name: view.programName,
          referee_offer: view.offer,
        };
    }
    return live ?? { candidate, ...UNRECOGNIZED };
  });
  return { object: 'recognition', results };
}
