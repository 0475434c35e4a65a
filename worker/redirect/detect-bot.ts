import { isbot } from 'isbot';

/**
 * Hits that are redirected like any other but not counted as clicks, each with its reason.
 * Crawlers come from the maintained `isbot` list; link unfurlers get a preview page; email
 * security scanners open links before people do and are known by agent or referrer.
 */
export type FilterReason = 'head_request' | 'prefetch' | 'unfurler' | 'email_scanner' | 'bot';

// Social and chat apps that fetch a link to draw its preview card.
const UNFURLERS = /Slackbot|Slack-ImgProxy|Twitterbot|facebookexternalhit|Facebot|WhatsApp|LinkedInBot|Discordbot|TelegramBot|Pinterestbot|redditbot|SkypeUriPreview|Iframely|Embedly|vkShare|Applebot/i;

// Mail security gateways that pre-open every link in a message.
const EMAIL_SCANNER_AGENTS = /Barracuda|Mimecast|Proofpoint|ppops|urldefense|Symantec|MessageLabs|FireEye|Trend Micro|Sophos|SafeLinks|Microsoft Office|ms-office|Forcepoint|Cisco.*(IronPort|Email)|Zscaler|Avanan|Check Point/i;
const EMAIL_SCANNER_REFERRERS = /(^|\.)(safelinks\.protection\.outlook\.com|urldefense\.(com|proofpoint\.com)|protect-us\.mimecast\.com|linkprotect\.cudasvc\.com|secure-web\.cisco\.com)$/i;

export function filterReason(request: Request): FilterReason | null {
  if (request.method === 'HEAD') return 'head_request';
  const purpose = `${request.headers.get('sec-purpose') ?? ''} ${request.headers.get('purpose') ?? ''} ${request.headers.get('x-moz') ?? ''}`;
  if (/prefetch|prerender/i.test(purpose)) return 'prefetch';
  const ua = request.headers.get('user-agent') ?? '';
  const byAgent = agentVerdict(ua);
  if (byAgent === 'unfurler' || byAgent === 'email_scanner') return byAgent;
  const referrer = request.headers.get('referer');
  if (referrer) {
    try {
      if (EMAIL_SCANNER_REFERRERS.test(new URL(referrer).hostname)) return 'email_scanner';
    } catch {
      /* not a URL: ignore */
    }
  }
  return byAgent;
}

// Verdicts per User-Agent: a few hundred strings cover nearly all visitors, and the crawler
// pattern is long. Bounded.
const verdicts = new Map<string, FilterReason | null>();

function agentVerdict(ua: string): FilterReason | null {
  let verdict = verdicts.get(ua);
  if (verdict === undefined) {
    verdict = UNFURLERS.test(ua) ? 'unfurler' : EMAIL_SCANNER_AGENTS.test(ua) ? 'email_scanner' : !ua.trim() || isbot(ua) ? 'bot' : null;
    if (verdicts.size >= 5000) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(ua, verdict);
  }
  return verdict;
}

export function isUnfurler(request: Request): boolean {
  return UNFURLERS.test(request.headers.get('user-agent') ?? '');
}
