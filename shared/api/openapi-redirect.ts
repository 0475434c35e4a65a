type Json = Record<string, unknown>;

// The redirect is answered before the router (worker/index.ts, worker/redirect/handle-redirect.ts) and
// answers HTML pages rather than the JSON envelope, so it is described here rather than in ROUTES
// (the JSON contract the typed client and the fuzz test walk).

const text = (description: string) => ({ description, schema: { type: 'string' } });

const html = (description: string, headers: Json = {}): Json => ({
  description,
  headers: { 'Cache-Control': text('`private, no-store`.'), ...headers },
  content: {
    'text/html': {
      schema: { type: 'string', description: 'A small page in the visitor\u2019s language (Accept-Language).' },
    },
  },
});

const LOCATION =
  'The program\u2019s destination URL (or, for `/r/{code}/{path}`, its origin with that path) with the ' +
  'visitor\u2019s own query forwarded, then two parameters set last so nothing in the request can override ' +
  'them: `ref` = the code (upper case), which the widget and your checkout read to apply the friend\u2019s ' +
  'offer, and `vouch_click` = the click id (`clk_…`) to send back as `click_id` to `POST /v1/conversions` and ' +
  'to `GET /v1/attribution?click=`. ' +
  'Under first-click attribution an earlier click of the window keeps the credit and its id is sent. Hits that are ' +
  'not people (HEAD, prefetches, crawlers, email scanners) get `ref` only. A dead link with a fallback URL goes to ' +
  'the fallback without either. Always on the destination\u2019s host.';

const COOKIE =
  '`vouch_{program_id}=…; Max-Age={attribution window}; Path=/; HttpOnly; Secure; SameSite=Lax`: the signed click, ' +
  'set for a new click that holds the credit (not for repeats within the hour, bots or a kept first click).';

const FOUND: Json = {
  description: 'To the merchant\u2019s site.',
  headers: {
    Location: { description: LOCATION, required: true, schema: { type: 'string', format: 'uri' } },
    'Set-Cookie': text(COOKIE),
    'Cache-Control': text('`private, no-store`.'),
    'X-Robots-Tag': text('`noindex`.'),
    'Referrer-Policy': text('`origin`: the merchant sees where the link was opened, never the full URL.'),
  },
};

const PARAMETERS: Json[] = [
  {
    name: 'code',
    in: 'path',
    required: true,
    description:
      'The referral code, matched case-insensitively (Unicode-normalised, invisible characters removed). ' +
      '`/r/{code}/{path}` deep-links to that path on the destination\u2019s site; `/r/{code}.svg` answers the ' +
      'link\u2019s QR code.',
    schema: { type: 'string', maxLength: 64 },
  },
  {
    name: 'via',
    in: 'query',
    required: false,
    description: '`qr`: the visit came from the QR code (counted with trigger `qr`). Never forwarded.',
    schema: { type: 'string', enum: ['qr'] },
  },
  {
    name: 'query',
    in: 'query',
    required: false,
    description:
      'Any other parameters (UTM tags…) are forwarded to the destination; a `ref` or `vouch_click` sent here ' +
      'is replaced.',
    style: 'form',
    explode: true,
    schema: { type: 'object', additionalProperties: { type: 'string' } },
  },
];

const RESPONSES: Json = {
  200: {
    description:
      'Link unfurlers (Slack, X, WhatsApp…) get a preview page with the friend\u2019s offer; `/r/{code}.svg` ' +
      'is the QR code.',
    content: { 'text/html': { schema: { type: 'string' } }, 'image/svg+xml': { schema: { type: 'string' } } },
  },
  302: FOUND,
  404: html(
    'Unknown code, or a link that does not work now (code disabled, advocate suspended, program paused or ' +
      'not started).',
  ),
  410: html('The program has ended.'),
  503: html(
    'Storage does not answer and this link is not cached, or a production Worker lacks its HASH_SECRET ' +
      '(no cookie is signed with a guessable key): retry shortly.',
    { 'Retry-After': { description: 'Seconds: `5`.', schema: { type: 'integer' } } },
  ),
};

function operation(method: 'get' | 'head'): Json {
  const get = method === 'get';
  return {
    operationId: get ? 'followReferralLink' : 'checkReferralLink',
    summary: get ? 'Follow a referral link' : 'Check a referral link (no click recorded)',
    description: get
      ? 'The short link advocates share. Redirects in milliseconds and records the click after the answer (never ' +
        'for bots, prefetches or a repeat within the hour). No API key, no rate limit: a link must always work. ' +
        'On a merchant\u2019s own link domain (`link_domains`) the same link is `/{code}` on that host.'
      : 'As GET, without a body. HEAD is never a person: nothing is recorded and the Location carries `ref` only.',
    tags: ['Redirects'],
    security: [],
    parameters: PARAMETERS,
    responses: RESPONSES,
  };
}

/** The path item of `/r/{code}`. */
export const REDIRECT_PATH: Json = { get: operation('get'), head: operation('head') };
