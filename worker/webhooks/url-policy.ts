import { checkWebhookUrl } from '../../shared/schemas/webhook.ts';
import { isProduction } from '../lib/secrets.ts';
import type { Tenant } from '../tenant.ts';

type WebhookUrlVerdict = ReturnType<typeof checkWebhookUrl>;

/**
 * The receiver rule for one tenant: public https hosts only, plus localhost / 127.0.0.1 for
 * test-mode keys outside production (the destinations' rule). Checked when a URL is saved and
 * again before every send, for records saved before the rule was this strict.
 */
export function checkReceiverUrl(env: Pick<Env, 'VOUCH_ENV'>, t: Tenant, url: string): WebhookUrlVerdict {
  return checkWebhookUrl(url, { allowLocal: t.mode === 'test' && !isProduction(env) });
}
