import type { Advocate } from '../../../shared/schemas/advocate.ts';
import type { PayoutProvider } from '../../../shared/schemas/payout.ts';
import { listAll } from '../../api.ts';
import { t } from '../../i18n/index.ts';
import { loadPrograms } from '../shared.ts';

/** Names for the ids payouts carry: advocates and programs (an id not found is shown as it is). */
export interface Directory {
  advocate: (id: string) => string;
  program: (id: string) => string;
}

/** `withAdvocates: false` where every payout is one advocate's (their page): programs only. */
export async function loadDirectory(withAdvocates = true): Promise<Directory> {
  const [programs, advocates] = await Promise.all([
    loadPrograms(),
    withAdvocates ? listAll<Advocate>('/v1/advocates', {}, 1000) : { items: [] },
  ]);
  const programNames = new Map(programs.map((p) => [p.id, p.name]));
  const advocateNames = new Map(advocates.items.map((a) => [a.id, a.name || a.email || a.external_id]));
  return {
    advocate: (id) => advocateNames.get(id) ?? id,
    program: (id) => programNames.get(id) ?? id,
  };
}

/** Provider product names are the same in every language; only "manual" is words. */
export function providerName(provider: PayoutProvider | null): string {
  switch (provider) {
    case 'paypal':
      return 'PayPal';
    case 'stripe_connect':
      return 'Stripe Connect';
    case 'tremendous':
      return 'Tremendous';
    case 'manual':
      return t('pay_manual');
    default:
      return '—';
  }
}
