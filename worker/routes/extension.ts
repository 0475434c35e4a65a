import { Hono } from 'hono';
import {
  type AdvocateTokensRevoked,
  PairingStart,
  RecognizeInput,
  TokenExchange,
  type WalletEntry,
} from '../../shared/schemas/extension.ts';
import type { AppEnv } from '../app-env.ts';
import { ApiError } from '../errors/api-error.ts';
import { bearerToken, findToken, invalidToken, ownerOf, revokeToken } from '../extension/advocate-tokens.ts';
import { exchangeToken } from '../extension/exchange-token.ts';
import { extensionCors } from '../extension/extension-cors.ts';
import { PAIR_PAGE, PAIR_PAGE_HEADERS } from '../extension/pair-page.ts';
import { recognizeCodes } from '../extension/recognize-codes.ts';
import { startPairing } from '../extension/start-pairing.ts';
import { readWalletEntry } from '../extension/wallet-entry.ts';
import { clientIpBucket } from '../lib/client-ip.ts';
import { linkBase, merchantShareLink } from '../lib/links.ts';
import { readBody } from '../lib/request-body.ts';
import { parseBody } from '../lib/validate.ts';
import { consumeLimits } from '../widget/abuse-limits.ts';

// A person pairs a few browsers; a script minting codes to squat on the code space does not get far.
const PAIRINGS_PER_IP_PER_HOUR = 20;
// A page scan sends one batch per user action.
const RECOGNIZE_PER_IP_PER_MINUTE = 60;

/**
 * /v1/extension: what the advocate's browser extension calls, with no API key. Pairing and
 * recognition are limited per IP; the exchange is guarded by its 256-bit codes and the poll
 * interval; the wallet by the advocate token. Nothing here is cacheable.
 */
export const extension = new Hono<AppEnv>();
extension.use(
  '*',
  async (c, next) => {
    c.header('Cache-Control', 'no-store');
    await next();
  },
  extensionCors(),
);

extension.post('/pairings', async (c) => {
  // Every field has a default, but an empty POST is no way to ask for a pairing (`{}` is).
  if ((await readBody(c)).trim() === '')
    throw new ApiError('invalid_request_error', 'invalid_request', 'Send a JSON body, e.g. `{"client": "chrome"}`.');
  const input = await parseBody(c, PairingStart);
  await consumeLimits(c.env, [
    { name: `pair-start-ip:${await clientIpBucket(c)}`, limit: PAIRINGS_PER_IP_PER_HOUR, windowSeconds: 3600 },
  ]);
  return c.json(await startPairing(c.env, input), 201);
});

extension.post('/tokens', async (c) => {
  const input = await parseBody(c, TokenExchange);
  const linkOf = (merchant: { link_domains?: string[] }, code: string) =>
    merchantShareLink(c.env, c.req.url, merchant, code);
  return c.json(await exchangeToken({ env: c.env, linkOf }, input));
});

extension.delete('/tokens/current', async (c) => {
  const token = bearerToken(c.req.header('authorization'));
  const body: AdvocateTokensRevoked = {
    object: 'advocate_token_revocation',
    revoked: await revokeToken(c.env, token),
  };
  return c.json(body);
});

extension.get('/wallet', async (c) => {
  const token = bearerToken(c.req.header('authorization'));
  const record = await findToken(c.env, token);
  if (!record) throw invalidToken();
  const entry: WalletEntry | null = await readWalletEntry(c.env, ownerOf(record), (merchant, code) =>
    merchantShareLink(c.env, c.req.url, merchant, code),
  );
  if (!entry) throw invalidToken();
  return c.json(entry);
});

extension.post('/recognize', async (c) => {
  const { candidates } = await parseBody(c, RecognizeInput);
  await consumeLimits(c.env, [
    { name: `recognize-ip:${await clientIpBucket(c)}`, limit: RECOGNIZE_PER_IP_PER_MINUTE, windowSeconds: 60 },
  ]);
  const own = [...new Set([linkBase(c), new URL(c.req.url).origin].map((o) => new URL(o).origin))];
  return c.json(await recognizeCodes(c.env, candidates, own));
});

/** GET /pair: the landing page of pairing links (see extension/pair-page.ts). */
export const pairPage = new Hono<AppEnv>();

pairPage.get('/', (c) => c.body(PAIR_PAGE, 200, PAIR_PAGE_HEADERS));
