import type { Advocate } from '../../../shared/schemas/advocate.ts';
import type { PayoutProvider } from '../../../shared/schemas/payout.ts';
import type { Program } from '../../../shared/schemas/program.ts';
import { listAll } from '../../api.ts';
import { t } from '../../i18n/index.ts';
import { loadPrograms } from '../shared.ts';

/** Names for the ids payouts carry: advocates and programs (an id not found is shown as it is). */
export interface Directory {
  advocate: (id: string) => string;
  program: (id: string) => string;
  /** Every program as [id, name], for a program filter. */
  programs: [string, string][];
}

/** Each program's advocates (the API lists them per program), up to 500 a program. */
async function advocatesOf(programs: Program[]): Promise<Advocate[]> {
  const lists = await Promise.all(programs.map((p) => listAll<Advocate>(`/v1/programs/${p.id}/advocates`)));
  return lists.flatMap((l) => l.items);
}

/** `withAdvocates: false` where every payout is one advocate's (their page): programs only. */
export async function loadDirectory(withAdvocates = true): Promise<Directory> {
  const programs = await loadPrograms();
  const advocates = withAdvocates ? await advocatesOf(programs) : [];
  const programNames = new Map(programs.map((p) => [p.id, p.name]));
  const advocateNames = new Map(advocates.map((a) => [a.id, a.name || a.email || a.external_id]));
  return {
    advocate: (id) => advocateNames.get(id) ?? id,
    program: (id) => programNames.get(id) ?? id,
    programs: programs.map((p) => [p.id, p.name]),
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
