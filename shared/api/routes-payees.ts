import type { RouteSpec } from './routes.ts';

/** Manual payouts (CSV out, paid list in) and yearly payee totals for tax forms (issue 16). */
export const PAYEE_ROUTES = [] as const satisfies readonly RouteSpec[];
