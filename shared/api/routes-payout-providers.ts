import type { RouteSpec } from './routes.ts';

/** Payout provider connections and their status webhooks (issue 16). */
export const PAYOUT_PROVIDER_ROUTES = [] as const satisfies readonly RouteSpec[];
