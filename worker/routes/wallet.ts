import { Hono } from 'hono';
import { AdvocateWalletRequest } from '../../shared/api/routes-advocate-wallet.ts';
import type { AppEnv } from '../app-env.ts';
import { bearerToken, findToken, invalidToken, ownerOf } from '../extension/advocate-tokens.ts';
import { extensionCors } from '../extension/extension-cors.ts';
import { parseBody } from '../lib/validate.ts';
import { publicCors } from '../middleware/cors/public-cors.ts';
import { idempotency } from '../middleware/idempotency/idempotency.ts';
import { readWallet } from '../wallet/read-wallet.ts';
import { signedAdvocate } from '../wallet/signed-advocate.ts';
import { readTokenWallet } from '../wallet/token-wallet.ts';

/**
 * POST /v1/public/wallet: the signed-in advocate's rewards for the widget. Mounted before
 * /v1/public so its CORS and key check run once.
 */
export const publicWallet = new Hono<AppEnv>();
publicWallet.use('*', publicCors(), idempotency());

publicWallet.post('/', async (c) => {
  const input = await parseBody(c, AdvocateWalletRequest);
  const { tenant } = c.get('auth');
  const { program, advocateId, customerId } = await signedAdvocate(c.env, tenant, input.identity, input.program_id);
  c.header('Cache-Control', 'no-store');
  return c.json(await readWallet(c.env, { tenant, advocateId, externalId: customerId, program }));
});

/** GET /v1/extension/wallet/rewards: the same for an advocate token (mounted before /v1/extension). */
export const extensionWalletRewards = new Hono<AppEnv>();
extensionWalletRewards.use(
  '*',
  async (c, next) => {
    c.header('Cache-Control', 'no-store');
    await next();
  },
  extensionCors(),
);

extensionWalletRewards.get('/', async (c) => {
  const record = await findToken(c.env, bearerToken(c.req.header('authorization')));
  if (!record) throw invalidToken();
  const wallet = await readTokenWallet(c.env, ownerOf(record));
  if (!wallet) throw invalidToken();
  return c.json(wallet);
});
