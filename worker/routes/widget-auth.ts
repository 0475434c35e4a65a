import {
  type WidgetSecret,
  WidgetSecretRoll,
  type WidgetToken,
  WidgetTokenCreate,
} from '../../shared/schemas/widget.ts';
import { consoleSessionRefused } from '../console/session-limits.ts';
import { parseBody } from '../lib/validate.ts';
import { rollWidgetSecret } from '../widget/widget-secret.ts';
import { issueWidgetToken } from '../widget/widget-tokens.ts';
import { secretApi } from './secret-api.ts';

/** /v1/widget_secret/roll: the secret the merchant's server signs widget identities with. */
export const widgetSecret = secretApi();

widgetSecret.post('/roll', async (c) => {
  await parseBody(c, WidgetSecretRoll);
  // Its secret signs customers' identities for good: not for a session that ends in 8 hours.
  if (c.get('auth').consoleSession) throw consoleSessionRefused('Rolling the widget secret');
  const { secret, createdAt } = await rollWidgetSecret(c.env, c.get('auth').tenant, new Date());
  const body: WidgetSecret = { object: 'widget_secret', secret, created_at: createdAt };
  c.header('Cache-Control', 'no-store');
  return c.json(body, 201);
});

/** /v1/widget_tokens: a one-hour token for one customer, for servers that would rather not sign. */
export const widgetTokens = secretApi();

widgetTokens.post('/', async (c) => {
  const input = await parseBody(c, WidgetTokenCreate);
  const { token, expiresAt } = await issueWidgetToken(c.env, c.get('auth').tenant, input, new Date());
  const body: WidgetToken = { object: 'widget_token', token, expires_at: expiresAt };
  c.header('Cache-Control', 'no-store');
  return c.json(body, 201);
});
