import { isbot } from 'isbot';

/**
 * Hits that are redirected like any other but not counted as clicks, each with its reason.
 * Crawlers come from the maintained `isbot` list; link unfurlers get a preview page; email
 * security scanners open links before people do and are known by agent or referrer.
 */
export type FilterReason = 'head_request' | 'prefetch' | 'unfurler' | 'email_scanner' | 'bot';

/** Alternatives kept on lines of readable length: the same pattern as one `/a|b|.../i` literal. */
const anyOf = (parts: string[]) => new RegExp(parts.join('|'), 'i');

// Social and chat apps that fetch a link to draw its preview card.
const UNFURLERS = anyOf([
  'Slackbot|Slack-ImgProxy|Twitterbot|facebookexternalhit|Facebot|WhatsApp|LinkedInBot|Discordbot',
  'TelegramBot|Pinterestbot|redditbot|SkypeUriPreview|Iframely|Embedly|vkShare|Applebot',
]);

// Mail security gateways that pre-open every link in a message.
const EMAIL_SCANNER_AGENTS = anyOf([
  'Barracuda|Mimecast|Proofpoint|ppops|urldefense|Symantec|MessageLabs|FireEye|Trend Micro|Sophos|SafeLinks',
  'Microsoft Office|ms-office|Forcepoint|Cisco.*(IronPort|Email)|Zscaler|Avanan|Check Point',
]);
const EMAIL_SCANNER_REFERRERS = new RegExp(
  `(^|\\.)(${[
    'safelinks\\.protection\\.outlook\\.com|urldefense\\.(com|proofpoint\\.com)|protect-us\\.mimecast\\.com',
    'linkprotect\\.cudasvc\\.com|secure-web\\.cisco\\.com',
  ].join('|')})$`,
  'i',
);

export function filterReason(request: Request): FilterReason | null {
  return filterReasonOf(request.method, request.headers);
}

/** The same verdict from a method and headers already read (the redirect's hot path has both). */
export function filterReasonOf(method: string, headers: Headers): FilterReason | null {
  if (method === 'HEAD') return 'head_request';
  if (isPrefetch(headers.get('sec-purpose')) || isPrefetch(headers.get('purpose')) || isPrefetch(headers.get('x-moz')))
    return 'prefetch';
  const ua = headers.get('user-agent') ?? '';
  const byAgent = agentVerdict(ua);
  if (byAgent === 'unfurler' || byAgent === 'email_scanner') return byAgent;
  const referrer = headers.get('referer');
  if (referrer) {
    try {
      if (EMAIL_SCANNER_REFERRERS.test(new URL(referrer).hostname)) return 'email_scanner';
    } catch {
      /* not a URL: ignore */
    }
  }
  return byAgent;
}

const isPrefetch = (value: string | null) => value !== null && /prefetch|prerender/i.test(value);

// Verdicts per User-Agent: a few hundred strings cover nearly all visitors, and the crawler
// pattern is long. Bounded.
const verdicts = new Map<string, FilterReason | null>();

function agentVerdict(ua: string): FilterReason | null {
  let verdict = verdicts.get(ua);
  if (verdict === undefined) {
    verdict = UNFURLERS.test(ua)
      ? 'unfurler'
      : EMAIL_SCANNER_AGENTS.test(ua)
        ? 'email_scanner'
        : !ua.trim() || isbot(ua)
          ? 'bot'
          : null;
    if (verdicts.size >= 5000) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(ua, verdict);
  }
  return verdict;
}
