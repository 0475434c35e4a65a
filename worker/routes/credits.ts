import type { Context } from 'hono';
import { PaginationQuery } from '../../shared/schemas/common.ts';
import { type CreditBalances, CreditSpendBody } from '../../shared/schemas/credit.ts';
import type { AppEnv } from '../app-env.ts';
import { restoreCredit, spendCredit } from '../credits/spend-credit.ts';
import { ApiError } from '../errors/api-error.ts';
import { parseBody, parseQuery } from '../lib/validate.ts';
import { creditStore } from '../storage/credits.ts';
import { listBody } from '../storage/paginate.ts';
import { externalIdOf } from './customers.ts';
import { secretApi } from './secret-api.ts';

/** /v1/credits/{external_id}: a customer's store credit, its ledger, spends at checkout and their refunds. */
export const credits = secretApi();

const publisherOf = (c: Context<AppEnv>) => ({ env: c.env, ctx: c.executionCtx, tenant: c.get('auth').tenant });

credits.get('/:external_id', async (c) => {
  const externalId = externalIdOf(c);
  const query = parseQuery(c, PaginationQuery);
  const { tenant } = c.get('auth');
  const store = creditStore(c.env);
  const [balances, page] = await Promise.all([
    store.balances(tenant, externalId),
    store.ledger(tenant, externalId, query.limit, query.starting_after),
  ]);
  const body: CreditBalances = {
    object: 'credit_balance',
    external_id: externalId,
    balances,
    ledger: listBody(page.entries, page.hasMore),
  };
  return c.json(body);
});

credits.post('/:external_id/spend', async (c) => {
  const externalId = externalIdOf(c);
  const body = await parseBody(c, CreditSpendBody);
  return c.json(await spendCredit(publisherOf(c), externalId, body, Date.now()));
});

credits.post('/:external_id/spend/:order_id/refund', async (c) => {
  const externalId = externalIdOf(c);
  const orderId = (c.req.param('order_id') ?? '').trim();
  if (orderId.length === 0 || orderId.length > 128)
    throw new ApiError('invalid_request_error', 'invalid_request', 'order_id: 1 to 128 characters.', {
      param: 'order_id',
    });
  return c.json(await restoreCredit(publisherOf(c), externalId, orderId, Date.now()));
});
